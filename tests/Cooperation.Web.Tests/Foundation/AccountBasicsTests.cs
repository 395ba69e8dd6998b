using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cooperation.Web.Accounts;
using Cooperation.Web.Tests.Collaboration;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>Password, profile and other sessions over HTTP and the CLI; refusals change nothing.</summary>
public sealed class AccountBasicsTests
{
    private const string NewPassword = "a-new-password-2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APasswordChangeNeedsTheCurrentPasswordAndEndsTheOtherSessionsButNotThisOneNorTokens()
    {
        await using var app = new CooperationApp();
        var pat = await app.CreateUserAsync("pat@accounts.example");
        var here = await SignedInAsync(app, pat.Email);
        var elsewhere = await SignedInAsync(app, pat.Email);
        await here.UseAntiforgeryHeaderAsync("/account/profile");

        await AssertRefusedAsync(await ChangeAsync(here, "not-my-password-1", NewPassword), "currentPassword", "The current password is not right. Nothing was changed.");
        await AssertRefusedAsync(await ChangeAsync(here, CooperationApp.UserPassword, "short1"), "newPassword", "The new password is too weak");
        await AssertRefusedAsync(await ChangeAsync(here, CooperationApp.UserPassword, "no-digits-at-all"), "newPassword", "The new password is too weak");
        await AssertRefusedAsync(await ChangeAsync(here, CooperationApp.UserPassword, CooperationApp.UserPassword), "newPassword", "the same as the current one");
        await AssertRefusedAsync(await ChangeAsync(here, "", NewPassword), "currentPassword", "Enter your current password.");
        // Nothing changed: the other session goes on and the old password still signs in.
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.AnonymousClient().SignInAsync(pat.Email, CooperationApp.UserPassword)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await ChangeAsync(here, CooperationApp.UserPassword, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await pat.Client.GetAsync("/api/me", Ct)).StatusCode);
        await AssertPasswordAsync(app, pat.Email, works: NewPassword, fails: CooperationApp.UserPassword);
    }

    [Fact]
    public async Task AProfileIsCheckedWholeBeforeSavingAndTheAgendaAndLanguageFollowIt()
    {
        await using var app = new CooperationApp();
        var pat = await app.CreateUserAsync("profile@accounts.example");
        var before = await pat.GetAsync<MeDto>("/api/me");
        var office = (await pat.Client.GetFromJsonAsync<JsonElement>("/api/offices", Ct)).EnumerateArray().First().GetProperty("id").GetGuid();

        await AssertRefusedAsync(await ProfileAsync(pat, "Pat", office, "Mars/Olympus_Mons", "zh-Hans"), "timeZone", "'Mars/Olympus_Mons' is not an IANA time zone");
        await AssertRefusedAsync(await ProfileAsync(pat, "Pat", office, "Asia/Almaty", "fr"), "language", "'fr' is not a language of the site");
        await AssertRefusedAsync(await ProfileAsync(pat, "Pat", Guid.NewGuid(), "Asia/Almaty", "zh-Hans"), "officeId", "There is no such office");
        await AssertRefusedAsync(await ProfileAsync(pat, "  ", office, "Asia/Almaty", "zh-Hans"), "displayName", "Your name has 1 to 120 characters.");
        Assert.Equal(before, await pat.GetAsync<MeDto>("/api/me"));

        var saved = await ProfileAsync(pat, "  Pat Example ", office, "Asia/Almaty", "zh-hans");
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var me = await pat.GetAsync<MeDto>("/api/me");
        Assert.Equal(("Pat Example", office, "Asia/Almaty", "zh-Hans"), (me.DisplayName, me.OfficeId, me.TimeZone, me.Language));

        // Signing in anywhere brings the profile's language; the agenda reads times in the profile's zone.
        var browser = await SignedInAsync(app, pat.Email);
        var agenda = await browser.GetStringAsync("/agenda", Ct);
        Assert.Contains("lang=\"zh-Hans\"", agenda);
        Assert.Contains("Asia/Almaty", agenda);

        // Empty zone and language: back to the office's zone and the browser's language.
        Assert.Equal(HttpStatusCode.OK, (await ProfileAsync(pat, "Pat Example", null, "", null)).StatusCode);
        me = await pat.GetAsync<MeDto>("/api/me");
        Assert.Equal((null, null, null), (me.OfficeId, me.TimeZone, me.Language));
    }

    [Fact]
    public async Task SigningOutOtherSessionsEndsTheirCookiesAndOnRequestTheOtherTokens()
    {
        await using var app = new CooperationApp();
        var pat = await app.CreateUserAsync("sessions@accounts.example");
        var browser = await SignedInAsync(app, pat.Email);
        var second = await pat.Client.PostAsJsonAsync("/api/tokens", new { name = "nightly import", days = 10 }, Ct);
        var otherToken = app.ClientWithToken((await second.Content.ReadFromJsonAsync<CreatedAccessToken>(ApiJson.Options, Ct))!.Token);

        var kept = await pat.Client.PostAsJsonAsync("/api/me/sign-out-others", new { revokeTokens = false }, Ct);
        Assert.Equal(0, (await kept.Content.ReadFromJsonAsync<SignedOutOthers>(ApiJson.Options, Ct))!.TokensRevoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await otherToken.GetAsync("/api/me", Ct)).StatusCode);

        browser = await SignedInAsync(app, pat.Email);
        var revoked = await pat.Client.PostAsJsonAsync("/api/me/sign-out-others", new { revokeTokens = true }, Ct);
        Assert.Equal(1, (await revoked.Content.ReadFromJsonAsync<SignedOutOthers>(ApiJson.Options, Ct))!.TokensRevoked);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherToken.GetAsync("/api/me", Ct)).StatusCode);
        // The token that asked is the one way in left.
        Assert.Equal(HttpStatusCode.OK, (await pat.Client.GetAsync("/api/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task ALiveConnectionOfAnEndedCookieSessionClosesAndATokensConnectionStays()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "sessions");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(scene.Member.Email, CooperationApp.UserPassword)).StatusCode);
        await using var cookieHub = await HubClient.ConnectWithCookiesAsync(app, scene.Member, cookies);
        await using var tokenHub = await HubClient.ConnectAsync(app, scene.Member);
        await cookieHub.JoinAsync(scene.WorkspaceId);
        await tokenHub.JoinAsync(scene.WorkspaceId);

        (await scene.Member.Client.PostAsJsonAsync("/api/me/sign-out-others", new { }, Ct)).EnsureSuccessStatusCode();

        await cookieHub.WaitUntilClosedAsync();
        Assert.Equal(HubConnectionState.Connected, tokenHub.Connection.State);
        await tokenHub.HistoryAsync(scene.WorkspaceId);
    }

    [Fact]
    public async Task TheCliSetsAPasswordRefusingAWeakOneWithASentence()
    {
        await using var app = new CooperationApp();
        var pat = await app.CreateUserAsync("cli@accounts.example");

        var weak = await AccountsTests.RunCliAsync(app.DataPath, "password", "--email", pat.Email, "--password", "weak");
        Assert.Equal(1, weak.ExitCode);
        Assert.Contains("The new password is too weak: it needs at least 10 characters", weak.Error);
        Assert.DoesNotContain("   at ", weak.Error);
        Assert.Equal(HttpStatusCode.Redirect, (await app.AnonymousClient().SignInAsync(pat.Email, CooperationApp.UserPassword)).StatusCode);

        var unknown = await AccountsTests.RunCliAsync(app.DataPath, "password", "--email", "nobody@accounts.example");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("There is no account with the email nobody@accounts.example", unknown.Error);

        var generated = await AccountsTests.RunCliAsync(app.DataPath, "password", "--email", pat.Email);
        Assert.Equal(0, generated.ExitCode);
        Assert.Contains($"The password of {pat.Email} was changed", generated.Output);
        var password = generated.Output.Split('\n').Single(l => l.StartsWith("Password (shown once):", StringComparison.Ordinal)).Split(':')[1].Trim();
        await AssertPasswordAsync(app, pat.Email, works: password, fails: CooperationApp.UserPassword);
    }

    [Fact]
    public async Task ACoordinatorFindsDeletedDocumentsInTheTrashAndRestoresThem()
    {
        await using var app = new CooperationApp();
        var coordinator = await app.CreateUserAsync("trash@accounts.example");
        var member = await app.CreateUserAsync("trash-member@accounts.example");
        var workspace = await coordinator.Client.CreateWorkspaceAsync("Trash");
        await app.AddMemberAsync(workspace, member, Cooperation.Web.Workspaces.WorkspaceRole.Member);
        var document = (await coordinator.Client.UploadOkAsync(workspace, "minutes.txt", TestFiles.Text("Minutes of the first meeting."),
            new Dictionary<string, string> { ["title"] = "Minutes of March" })).Document.Id;
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.Client.DeleteAsync($"/api/workspaces/{workspace}/documents/{document}", Ct)).StatusCode);

        var browser = await SignedInAsync(app, coordinator.Email);
        var trash = $"/workspaces/{workspace}?deleted=true";
        var page = await browser.GetStringAsync(trash, Ct);
        // The file name appears only in document lists (the audit log names the title).
        Assert.Contains("data-testid=\"trash\"", page);
        Assert.Contains("minutes.txt", page);
        Assert.DoesNotContain("minutes.txt", await browser.GetStringAsync($"/workspaces/{workspace}", Ct));

        // A member asking for the trash gets the ordinary list, which does not show deleted documents.
        var memberPage = await (await SignedInAsync(app, member.Email)).GetStringAsync(trash, Ct);
        Assert.DoesNotContain("minutes.txt", memberPage);
        Assert.DoesNotContain("data-testid=\"trash\"", memberPage);

        var restored = await browser.PostFormAsync(trash, new Dictionary<string, string>(), $"/workspaces/{workspace}/documents/{document}?handler=Restore");
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Contains("Restored.", await restored.Content.ReadAsStringAsync(Ct));
        Assert.Null((await coordinator.DetailsAsync(workspace, document)).Document.DeletedAt);
        Assert.DoesNotContain("minutes.txt", await browser.GetStringAsync(trash, Ct));
    }

    internal static async Task<HttpClient> SignedInAsync(CooperationApp app, string email, string password = CooperationApp.UserPassword)
    {
        var client = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(email, password)).StatusCode);
        return client;
    }

    /// <summary>Signing in redirects with the password that works and shows the form again with the other.</summary>
    private static async Task AssertPasswordAsync(CooperationApp app, string email, string works, string fails)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await app.AnonymousClient().SignInAsync(email, works)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.AnonymousClient().SignInAsync(email, fails)).StatusCode);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next) =>
        client.PostAsJsonAsync("/api/me/password", new { currentPassword = current, newPassword = next }, Ct);

    private static Task<HttpResponseMessage> ProfileAsync(TestUser user, string displayName, Guid? officeId, string? timeZone, string? language) =>
        user.Client.PutAsJsonAsync("/api/me/profile", new { displayName, officeId, timeZone, language }, Ct);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string sentence)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Contains(sentence, problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"The refusal names the field {field}: {body}");
    }
}
