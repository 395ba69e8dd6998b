using System.Net;
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

    [Theory]
    [InlineData("rebound.attacker.example", HttpStatusCode.BadRequest)]
    [InlineData("hub.example", HttpStatusCode.OK)]
    [InlineData("localhost", HttpStatusCode.OK)]
    public async Task WithAPublicUrlOnlyItsHostAndThisMachineAreServed(string host, HttpStatusCode expected)
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["Cooperation:PublicBaseUrl"] = "https://hub.example/",
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
}
