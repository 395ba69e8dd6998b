using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cooperation.Web.Assistant;
using Cooperation.Web.Tests.Collaboration;
using Cooperation.Web.Tests.Foundation;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Tests.Teams;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cooperation.Web.Tests.Assistant;

/// <summary>
/// Every way of asking goes through one front door with one question limit, Assistant:MaxQuestionLength: set to
/// 3,000, a 2,500-character question is taken on the site, the API, the hub, the CLI and in Teams, and a
/// 3,100-character one is refused everywhere with the same plain sentence.
/// </summary>
public sealed class QuestionLimitTests
{
    private const string Refusal = "The question has 3,100 characters; ask in at most 3,000.";
    private static readonly string Allowed = Question(2_500);
    private static readonly string TooLong = Question(3_100);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheConfiguredQuestionLimitIsHonouredOnEverySurface()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["Assistant:MaxQuestionLength"] = "3000",
        });
        var person = await app.CreateUserAsync("asker@limit.example");
        var created = await person.Client.PostAsJsonAsync("/api/workspaces", new { name = "Limits" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;

        // The site: the question box lets people type up to the limit.
        var page = app.AnonymousClient();
        await page.SignInAsync(person.Email, CooperationApp.UserPassword);
        Assert.Contains("maxlength=\"3000\"", await page.GetStringAsync($"/workspaces/{workspace}", Ct));

        // REST.
        var answered = await person.Client.PostAsJsonAsync("/api/assistant/ask", new { question = Allowed }, Ct);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.DoesNotContain("ask in at most", (await answered.Content.ReadFromJsonAsync<AskResult>(ApiJson.Options, Ct))!.Answer);
        var refused = await person.Client.PostAsJsonAsync("/api/assistant/ask", new { question = TooLong }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(Refusal, await refused.Content.ReadAsStringAsync(Ct));

        // The hub.
        await using (var hub = await HubClient.ConnectAsync(app, person))
        {
            var final = await AskOnHubAsync(hub, workspace, Allowed);
            Assert.DoesNotContain("ask in at most", final.Answer);
            var error = await Assert.ThrowsAsync<HubException>(() => AskOnHubAsync(hub, workspace, TooLong));
            Assert.Contains(Refusal, error.Message);
        }

        // The command line, configured the same way.
        var limit = new Dictionary<string, string> { ["Assistant__MaxQuestionLength"] = "3000" };
        var cliAnswered = await AccountsTests.RunCliAsync(app.DataPath, limit, "ask", Allowed, "--as", person.Email, "--json");
        Assert.True(cliAnswered.ExitCode == 0, cliAnswered.Error);
        Assert.DoesNotContain("ask in at most", JsonSerializer.Deserialize<AskResult>(cliAnswered.Output, ApiJson.Options)!.Answer);
        var cliRefused = await AccountsTests.RunCliAsync(app.DataPath, limit, "ask", TooLong, "--as", person.Email);
        Assert.Equal(1, cliRefused.ExitCode);
        Assert.Contains(Refusal, cliRefused.Error);

        // Teams: a chat has no error channel, so the refusal is the reply.
        var bot = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsJsonAsync("/api/messages", TeamsBotTests.Message(connector, "t1", Allowed), Ct)).StatusCode);
        var teamsAnswer = (string)connector.Messages.Last()["text"]!;
        Assert.DoesNotContain("ask in at most", teamsAnswer);
        Assert.DoesNotContain("Sorry", teamsAnswer);
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsJsonAsync("/api/messages", TeamsBotTests.Message(connector, "t2", TooLong), Ct)).StatusCode);
        Assert.Contains(Refusal, (string)connector.Messages.Last()["text"]!);
    }

    private static string Question(int length) =>
        ("How long is the priority period? " + string.Concat(Enumerable.Repeat("priority period patent ", length / 20 + 1)))[..length];

    private static async Task<AskResult> AskOnHubAsync(HubClient hub, Guid workspaceId, string question)
    {
        AskResult? final = null;
        await foreach (var part in hub.Connection.StreamAsync<AssistantPart>("AskAssistant", workspaceId, question, Ct))
        {
            final = part.Final ?? final;
        }

        return final ?? throw new InvalidOperationException("The stream ended without a final answer.");
    }
}
