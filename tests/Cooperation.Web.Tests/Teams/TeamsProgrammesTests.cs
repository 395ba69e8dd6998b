using System.Net;
using System.Net.Http.Json;
using Cooperation.Bot.Protocol;
using Cooperation.Web.Programmes;
using Cooperation.Web.Teams;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Teams;

public sealed class TeamsProgrammesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReminderReachesALinkedPersonInTheirPersonalChatAndNobodyElse()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var linked = await app.CreateUserAsync("linked@teams.example");
        var unlinked = await app.CreateUserAsync("unlinked@teams.example");
        var reference = new ConversationReference
        {
            User = new ChannelAccount { Id = "29:linked", Name = "Linked", AadObjectId = "aad-linked" },
            Bot = new ChannelAccount { Id = "28:hub", Name = "Hub" },
            Conversation = new ConversationAccount { Id = "a:personal-linked", ConversationType = "personal", TenantId = "tenant-1" },
            ChannelId = "msteams",
            ServiceUrl = connector.ServiceUrl,
        };
        await app.WithDbAsync(async db =>
        {
            db.Set<TeamsLink>().Add(new TeamsLink { UserId = linked.Id, AadObjectId = "aad-linked", TenantId = "tenant-1" });
            db.Set<TeamsConversation>().Add(new TeamsConversation
            {
                ConversationId = "a:personal-linked", ReferenceJson = reference.ToJson(), AadObjectId = "aad-linked", TenantId = "tenant-1", IsPersonal = true,
            });
            return await db.SaveChangesAsync(Ct);
        });

        var teams = app.Services.GetServices<IReminderChannel>().Single(c => c.Name == "teams");
        Assert.True(await teams.CanReachAsync(linked.Id, Ct));
        Assert.False(await teams.CanReachAsync(unlinked.Id, Ct));

        var start = new DateTime(2027, 3, 1, 6, 0, 0, DateTimeKind.Utc);
        await teams.SendAsync(new ReminderMessage(Guid.NewGuid(), linked.Id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Examiner exchange: opening",
            start, start.AddHours(2), "Asia/Almaty", "Asia/Shanghai", TimeSpan.FromHours(1), "CNIPA, Beijing", null, "/x"), Ct);

        var sent = Assert.Single(connector.Messages);
        var text = (string)sent["text"]!;
        Assert.Contains("Examiner exchange: opening", text);
        Assert.Contains("14:00 (Asia/Shanghai)", text); // 06:00 UTC is 14:00 in Beijing
        Assert.StartsWith("/v3/conversations/a:personal-linked/activities", connector.Received.Single().Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProgrammesCommandAnswersInTeams()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var bot = new HttpClient { BaseAddress = app.BaseAddress };
        var activity = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message", ["id"] = "p1", ["serviceUrl"] = connector.ServiceUrl, ["channelId"] = "msteams", ["text"] = "programmes",
            ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "29:x", ["name"] = "X", ["aadObjectId"] = "aad-x" },
            ["conversation"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "a:px", ["conversationType"] = "personal", ["tenantId"] = "t" },
            ["recipient"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "28:hub", ["name"] = "Hub" },
        };
        Assert.Equal(HttpStatusCode.OK, (await bot.PostAsJsonAsync("/api/messages", activity, Ct)).StatusCode);
        Assert.Contains("No upcoming sessions in the public workspaces", (string)connector.Messages.Last()["text"]!);
    }
}
