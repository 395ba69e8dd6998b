using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Bot;
using Cooperation.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Teams;

/// <summary>
/// The site as the bot's backend, over real HTTP: activities posted to /api/messages (local mode: no app id,
/// Bot:AllowUnsignedLocal on, loopback only, never as a linked account), replies read from a local connector.
/// </summary>
public sealed class TeamsBotTests
{
    private const string Tenant = "7a1c0d6e-tenant";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUnlinkedTeamsUserIsDeclinedForAPrivateDocumentAndAnsweredOnceLinked()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["Cooperation:PublicBaseUrl"] = "https://hub.example/",
        });
        var person = await app.CreateUserAsync("aigerim@teams.example");
        var created = await person.Client.PostAsJsonAsync("/api/workspaces", new { name = "Private study" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
        await person.UploadMaterialAsync(workspace, "paris-convention-stockholm-1967-fr.md", "Convention de Paris");

        var bot = new HttpClient { BaseAddress = app.BaseAddress };
        const string question = "Under the Paris Convention, how long is the priority period for a patent application?";

        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsJsonAsync("/api/messages", Message(connector, "m1", question), Ct)).StatusCode);
        var declined = string.Join("\n", connector.Messages.Select(m => m.ToJsonString()));
        Assert.DoesNotContain("Convention de Paris", declined);
        Assert.DoesNotContain("douze", declined, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(workspace.ToString(), declined);

        // Unsigned activities (local test mode) carry no trusted identity, so they cannot ask for a link code;
        // a signed Teams turn reaches the backend with the Entra object id, as here.
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsJsonAsync("/api/messages", Message(connector, "m2", "link"), Ct)).StatusCode);
        Assert.DoesNotMatch(@"\b[A-Z2-9]{8}\b", (string)connector.Messages.Last()["text"]!);
        var teamsUser = new TeamsUser("29:aigerim", "Aigerim", "aad-aigerim", Tenant);
        var linkCode = await WithBackendAsync(app, backend => backend.CreateLinkCodeAsync(teamsUser, Ct));
        Assert.Equal("https://hub.example/account/teams", linkCode.EnterAt?.ToString());

        var wrong = await person.Client.PostAsJsonAsync("/api/teams/links", new { code = "WRONG123" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Client.PostAsJsonAsync("/api/teams/links", new { code = linkCode.Code }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await person.Client.PostAsJsonAsync("/api/teams/links", new { code = linkCode.Code }, Ct)).StatusCode);

        // Answered now, from the private document, with a citation linking into it.
        var answer = await WithBackendAsync(app, backend => backend.AskAsync(teamsUser, question, Ct));
        Assert.Contains(answer.Citations, c => c.WorkspaceId == workspace);
        var citation = answer.Citations.First(c => c.WorkspaceId == workspace);
        Assert.Equal("Convention de Paris", citation.Title);
        var link = await WithBackendAsync(app, backend => Task.FromResult(backend.GetCitationLink(citation)));
        Assert.StartsWith($"https://hub.example/workspaces/{workspace}/documents/", link?.ToString(), StringComparison.Ordinal);

        // An unsigned activity naming the linked Entra object id is still answered as nobody in particular.
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsJsonAsync("/api/messages", Message(connector, "m3", question), Ct)).StatusCode);
        var unsigned = connector.Messages.Last().ToJsonString();
        Assert.DoesNotContain("Convention de Paris", unsigned);
        Assert.DoesNotContain(workspace.ToString(), unsigned);
    }

    [Fact]
    public async Task AnAnswerFromAPublicWorkspaceSaysWhichWorkspaceItQuotes()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var coordinator = await app.CreateUserAsync("library@teams.example");
        var created = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = "Shared rules" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
        await app.MakePublicAsync(workspace);
        await coordinator.UploadMaterialAsync(workspace, "paris-convention-stockholm-1967-fr.md", "Convention de Paris");
        var bot = new HttpClient { BaseAddress = app.BaseAddress };

        // Unlinked: answered from public workspaces only, and each source names its workspace.
        var response = await bot.PostAsJsonAsync("/api/messages", Message(connector, "p1", "Under the Paris Convention, how long is the priority period for a patent application?"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = connector.Messages.Last();
        var citations = reply["entities"]![0]!["citation"]!.AsArray();
        Assert.NotEmpty(citations);
        Assert.All(citations, c => Assert.EndsWith("from workspace \u201CShared rules\u201D", c!["appearance"]!["name"]!.GetValue<string>()));
        var card = reply["attachments"]![0]!["content"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("from workspace \u201CShared rules\u201D", card);
    }

    [Fact]
    public async Task WithoutAnAppIdTheSiteRefusesActivitiesUnlessLocalTestModeIsOn()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["Bot:AllowUnsignedLocal"] = "false",
        });
        var bot = new HttpClient { BaseAddress = app.BaseAddress };

        var response = await bot.PostAsJsonAsync("/api/messages", Message(connector, "m1", "help"), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Messages);
    }

    private static async Task<T> WithBackendAsync<T>(CooperationApp app, Func<ITeamsBotBackend, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<ITeamsBotBackend>());
    }

    [Fact]
    public async Task FeedbackOnAnAnswerIsStoredForAdministrators()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var bot = new HttpClient { BaseAddress = app.BaseAddress };
        var invoke = Activity(connector, "f1", "invoke");
        invoke["name"] = "message/submitAction";
        invoke["replyToId"] = "answer-1";
        invoke["value"] = new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject { ["reaction"] = "dislike", ["feedback"] = "{\"feedbackText\":\"Wrong article cited\"}" },
        };
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsJsonAsync("/api/messages", invoke, Ct)).StatusCode);

        var admin = app.AnonymousClient();
        await admin.SignInAsync(CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        var page = await admin.GetStringAsync("/admin/bot-feedback", Ct);
        Assert.Contains("Wrong article cited", page);
        Assert.Contains("0 likes, 1 dislike.", page);

        var member = await app.CreateUserAsync("member@teams.example");
        var forbidden = await member.Client.GetAsync("/admin/bot-feedback", Ct);
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
    }

    /// <summary>A message from Aigerim (not linked unless a test links her) in her personal chat with the bot.</summary>
    internal static JsonObject Message(LocalConnector connector, string id, string text)
    {
        var activity = Activity(connector, id, "message");
        activity["text"] = text;
        return activity;
    }

    private static JsonObject Activity(LocalConnector connector, string id, string type) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["serviceUrl"] = connector.ServiceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:aigerim", ["name"] = "Aigerim", ["aadObjectId"] = "aad-aigerim" },
        ["conversation"] = new JsonObject { ["id"] = "a:personal-aigerim", ["conversationType"] = "personal", ["tenantId"] = Tenant },
        ["recipient"] = new JsonObject { ["id"] = "28:hub-bot", ["name"] = "Cooperation Hub" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
        ["locale"] = "en-US",
    };
}
