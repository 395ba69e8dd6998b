using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Accounts;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>The smaller items of issue 14.</summary>
public sealed class SmallSecurityFixesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/\\evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/workspaces?x=1", "/workspaces?x=1")]
    public async Task TheLanguageSwitchRedirectsOnlyWithinTheSite(string returnUrl, string expected)
    {
        await using var app = new CooperationApp();
        var browser = app.AnonymousClient();

        var response = await browser.PostFormAsync("/account/sign-in", new Dictionary<string, string> { ["culture"] = "zh-Hans", ["returnUrl"] = returnUrl }, "/culture");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ATokenMadeWithATokenNeverOutlivesIt()
    {
        await using var app = new CooperationApp();
        var user = await app.CreateUserAsync("short-lived@tokens.example");
        var created = await user.Client.PostAsJsonAsync("/api/tokens", new { name = "two days", days = 2 }, Ct);
        var shortLived = (await created.Content.ReadFromJsonAsync<CreatedAccessToken>(ApiJson.Options, Ct))!;
        var withShort = app.ClientWithToken(shortLived.Token);

        var longer = await withShort.PostAsJsonAsync("/api/tokens", new { name = "a year", days = 366 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, longer.StatusCode);
        Assert.Contains("cannot outlive it", await longer.Content.ReadAsStringAsync(Ct));

        var shorter = await withShort.PostAsJsonAsync("/api/tokens", new { name = "one day", days = 1 }, Ct);
        Assert.Equal(HttpStatusCode.OK, shorter.StatusCode);
        Assert.True((await shorter.Content.ReadFromJsonAsync<CreatedAccessToken>(ApiJson.Options, Ct))!.ExpiresAt <= shortLived.ExpiresAt);

        // Without a chosen lifetime the new token simply ends with the one that made it.
        var unspecified = await withShort.PostAsJsonAsync("/api/tokens", new { name = "default" }, Ct);
        Assert.Equal(HttpStatusCode.OK, unspecified.StatusCode);
        Assert.Equal(shortLived.ExpiresAt, (await unspecified.Content.ReadFromJsonAsync<CreatedAccessToken>(ApiJson.Options, Ct))!.ExpiresAt, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task WorkspaceNamesThatDifferOnlyInCaseAreDuplicates()
    {
        await using var app = new CooperationApp();
        var user = await app.CreateUserAsync("names@case.example");
        var first = await user.Client.PostAsJsonAsync("/api/workspaces", new { name = "Treaty Review" }, Ct);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        var second = await user.Client.PostAsJsonAsync("/api/workspaces", new { name = "treaty review" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("already exists", await second.Content.ReadAsStringAsync(Ct));
    }
}
