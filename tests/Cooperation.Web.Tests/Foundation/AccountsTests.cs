using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cooperation.Web.Accounts;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Foundation;

public sealed class AccountsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheAccountEvenForTheRightOne()
    {
        await using var app = new CooperationApp();
        await app.CreateUserAsync("locked@accounts.example");
        var browser = app.AnonymousClient();
        for (var i = 0; i < 5; i++)
        {
            var wrong = await browser.SignInAsync("locked@accounts.example", "wrong-password-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await browser.SignInAsync("locked@accounts.example", CooperationApp.UserPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task SigningOutEndsTheCookieSession()
    {
        await using var app = new CooperationApp();
        var browser = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(CooperationApp.AdminEmail, CooperationApp.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me", Ct)).StatusCode);

        var signOut = await browser.PostFormAsync("/", new Dictionary<string, string>(), "/account/sign-out");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me", Ct)).StatusCode);
        var page = await browser.GetAsync("/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location?.PathAndQuery ?? page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnInvitedPersonSetsAPasswordThroughTheLinkAndJoinsWithTheInvitedRole()
    {
        await using var app = new CooperationApp();
        var coordinator = await app.CreateUserAsync("coordinator@accounts.example");
        var created = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = "Trainings" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!;
        var invite = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace.Id}/invitations", new { email = "guest@accounts.example", role = "observer" }, Ct);
        var link = JsonDocument.Parse(await invite.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("link").GetString()!;

        var browser = app.AnonymousClient();
        Assert.Contains("Trainings", await browser.GetStringAsync(link, Ct));
        var accept = await browser.PostFormAsync(link, new Dictionary<string, string> { ["DisplayName"] = "Guest Person", ["Password"] = "guest-password-1" });
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);

        var mine = await browser.GetFromJsonAsync<List<WorkspaceSummary>>("/api/workspaces", ApiJson.Options, Ct);
        Assert.Contains(mine!, w => w.Id == workspace.Id && w.MyRole == WorkspaceRole.Observer);
        var audit = await coordinator.GetAsync<List<AuditEntryDto>>($"/api/workspaces/{workspace.Id}/audit");
        Assert.Contains(audit, a => a.Action == "invitation.accepted" && a.Actor == "Guest Person");

        // The link is spent: a second visit explains, and signing in with the new password works.
        Assert.Contains("already been used", await app.AnonymousClient().GetStringAsync(link, Ct));
        Assert.Equal(HttpStatusCode.Redirect, (await app.AnonymousClient().SignInAsync("guest@accounts.example", "guest-password-1")).StatusCode);
    }

    [Fact]
    public async Task HealthChecksAndTheOpenApiDocumentAnswerWithoutSigningIn()
    {
        await using var app = new CooperationApp();
        var client = app.AnonymousClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz", Ct)).StatusCode);
        var openApi = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", Ct));
        var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/workspaces", paths);
        Assert.Contains("/api/workspaces/{workspaceId}/invitations", paths);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheSiteRefusesToStartWhenTheDatabaseCannotBeReached()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Timeout=2",
        });
        // Start-up itself fails (migrations cannot run), which is what an orchestrator needs to see.
        Assert.ThrowsAny<Exception>(() => app.Services);
    }

    [Fact]
    public async Task TheCliCreatesATokenThatWorksAsABearerTokenOnTheApi()
    {
        await using var app = new CooperationApp();
        _ = app.Services; // the site initialises the folder first; the CLI must cope with that
        var cli = await RunCliAsync(app.DataPath, "token", "create", "--email", CooperationApp.AdminEmail, "--days", "3");
        Assert.Equal(0, cli.ExitCode);
        var token = cli.Output.Trim().Split('\n').Last().Trim();
        Assert.StartsWith("coop_", token);

        var me = await app.ClientWithToken(token).GetFromJsonAsync<JsonElement>("/api/me", Ct);
        Assert.Equal(CooperationApp.AdminEmail, me.GetProperty("email").GetString());

        var unknown = await RunCliAsync(app.DataPath, "token", "create", "--email", "nobody@accounts.example");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("There is no account with the email nobody@accounts.example", unknown.Error);
        Assert.DoesNotContain("   at ", unknown.Error);
    }

    [Fact]
    public async Task CreateAdminOnAnEmptyFolderPrintsAGeneratedPasswordThatSignsIn()
    {
        var folder = Directory.CreateTempSubdirectory("cooperation-cli-").FullName;
        var cli = await RunCliAsync(folder, "create-admin", "--email", "chief@accounts.example");
        Assert.Equal(0, cli.ExitCode);
        var password = cli.Output.Split('\n').Single(l => l.StartsWith("Password", StringComparison.Ordinal)).Split(':')[1].Trim();

        await using var app = new CooperationApp(dataPath: folder);
        Assert.Equal(HttpStatusCode.Redirect, (await app.AnonymousClient().SignInAsync("chief@accounts.example", password)).StatusCode);
    }

    [Fact]
    public async Task EveryGeneratedAdministratorPasswordMeetsThePasswordRules()
    {
        await using var app = new CooperationApp();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = "probe@accounts.example", Email = "probe@accounts.example" };
        for (var i = 0; i < 500; i++)
        {
            var password = AdministratorBootstrap.GeneratePassword();
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, password);
                Assert.True(result.Succeeded, $"{password}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }
        }
    }

    public static Task<(int ExitCode, string Output, string Error)> RunCliAsync(string dataPath, params string[] args) =>
        RunCliAsync(dataPath, new Dictionary<string, string>(), args);

    /// <param name="environment">Settings for the CLI as environment variables, e.g. Assistant__MaxQuestionLength.</param>
    public static async Task<(int ExitCode, string Output, string Error)> RunCliAsync(string dataPath, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataPath };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "cooperation.dll"));
        start.ArgumentList.Add("--data-path");
        start.ArgumentList.Add(dataPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The CLI must not inherit the test site's administrator settings.
        start.Environment.Remove("Cooperation__Admin__Email");
        start.Environment.Remove("Cooperation__Admin__Password");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output, await error);
    }
}
