using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Workspaces;
using System.Text.RegularExpressions;
using Cooperation.Web.Accounts;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>Issue 14, second part: defaults that make the site safe without extra configuration.</summary>
public sealed class SecurityDefaultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>With a public URL, its host; without one, the host names the site listens on (issue 14, item 8); always this machine's.</summary>
    [Theory]
    [InlineData("https://hub.example/", "rebound.attacker.example", HttpStatusCode.BadRequest)]
    [InlineData("https://hub.example/", "hub.example", HttpStatusCode.OK)]
    [InlineData("https://hub.example/", "localhost", HttpStatusCode.OK)]
    [InlineData(null, "rebound.attacker.example", HttpStatusCode.BadRequest)]
    [InlineData(null, "localhost", HttpStatusCode.OK)]
    [InlineData(null, "127.0.0.1", HttpStatusCode.OK)]
    public async Task OnlyTheSitesOwnHostNamesAreServed(string? publicBaseUrl, string host, HttpStatusCode expected)
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["Cooperation:PublicBaseUrl"] = publicBaseUrl,
        });
        var client = app.AnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.Host = host;

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task WrongPasswordsNeitherLockTheAccountNorStopItsTokens()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var person = await app.CreateUserAsync("target@lockout.example");
        var attacker = app.AnonymousClient();

        for (var attempt = 0; attempt < 7; attempt++)
        {
            await attacker.SignInAsync(person.Email, "wrong-password-0");
        }

        Assert.Equal(HttpStatusCode.OK, (await person.Client.GetAsync("/api/workspaces", Ct)).StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == person.Id).Select(u => u.LockoutEnd).SingleAsync(Ct)));
    }

    [Fact]
    public async Task TheSignInPageAnswersAnUnknownEmailAsItAnswersARealOneAfterManyFailures()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var person = await app.CreateUserAsync("real@oracle.example");
        var browser = app.AnonymousClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync(person.Email, "wrong-password-0");
        }

        var real = ErrorOf(await (await browser.SignInAsync(person.Email, "wrong-password-0")).Content.ReadAsStringAsync(Ct));
        var unknown = ErrorOf(await (await browser.SignInAsync("nobody@oracle.example", "wrong-password-0")).Content.ReadAsStringAsync(Ct));

        Assert.Equal(unknown, real);
        Assert.DoesNotContain("locked", real, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FailedSignInsSlowTheirOwnSourceLongerEachTimeAndNoOtherSource()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
        var throttle = new SignInThrottle(clock);
        var attacker = IPAddress.Parse("203.0.113.7");
        var colleague = IPAddress.Parse("198.51.100.2");

        for (var attempt = 0; attempt < SignInThrottle.FreeFailures; attempt++)
        {
            Assert.False(throttle.MustWait(attacker));
            throttle.Failed(attacker);
        }

        Assert.True(throttle.MustWait(attacker));
        Assert.False(throttle.MustWait(colleague));
        clock.Advance(SignInThrottle.FirstWait);
        Assert.False(throttle.MustWait(attacker));

        throttle.Failed(attacker);
        clock.Advance(SignInThrottle.FirstWait);
        Assert.True(throttle.MustWait(attacker));
        clock.Advance(SignInThrottle.FirstWait);
        Assert.False(throttle.MustWait(attacker));
    }

    private static string ErrorOf(string page) =>
        Regex.Match(page, "role=\"alert\">(.*?)</p>", RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task EveryApiWriteMadeWithTheSignInCookieNeedsTheAntiforgeryHeader()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var person = await app.CreateUserAsync("csrf@security.example");
        var created = await person.Client.PostAsJsonAsync("/api/workspaces", new { name = "Forgeable" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
        var browser = app.AnonymousClient();
        await browser.SignInAsync(person.Email, CooperationApp.UserPassword);

        // What a form on another site could send along with the cookie.
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync($"/api/workspaces/{workspace}/archive", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/api/agenda/subscription", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync($"/api/workspaces/{workspace}/programmes/subscription", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"), Ct)).StatusCode);

        // The page's token in the header, or a personal access token, is accepted.
        await browser.UseAntiforgeryHeaderAsync();
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("/api/agenda/subscription", null, Ct)).StatusCode);
        Assert.True((await person.Client.PostAsync($"/api/workspaces/{workspace}/archive", null, Ct)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task PagesCarryAContentSecurityPolicyAndRefuseFraming()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });

        using var response = await app.AnonymousClient().GetAsync("/account/sign-in", Ct);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task BehindATlsTerminatingProxyTheSignInCookieIsSecure()
    {
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var person = await app.CreateUserAsync("proxied@security.example");
        // No cookie container: a Secure cookie would not be sent back over the test's plain http.
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        using var page = await client.GetAsync("/account/sign-in", Ct);
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = Regex.Match(await page.Content.ReadAsStringAsync(Ct), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = person.Email, ["Password"] = CooperationApp.UserPassword, ["__RequestVerificationToken"] = token,
            }),
        };
        signIn.Headers.Add("Cookie", cookies);

        using var response = await client.SendAsync(signIn, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var authCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("cooperation.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", authCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task InvitationPreviewsAreRateLimited()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["RateLimits:InvitationPreviewPerMinute"] = "3",
        });
        var guesser = app.AnonymousClient();

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            statuses.Add((await guesser.GetAsync($"/api/invitations/guess-{attempt}", Ct)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
    }
}
