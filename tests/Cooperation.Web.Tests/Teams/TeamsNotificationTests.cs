using System.Text;
using Cooperation.Bot.Protocol;
using Cooperation.Web.Teams;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Teams;

public sealed class TeamsNotificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANewDocumentIsAnnouncedToLinkedMembersButNotToTheUploaderOrOutsiders()
    {
        await using var connector = await LocalConnector.StartAsync();
        await using var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["Cooperation:PublicBaseUrl"] = "https://hub.example/",
        });
        var uploader = await app.CreateUserAsync("uploader@notify.example");
        var member = await app.CreateUserAsync("member@notify.example");
        var outsider = await app.CreateUserAsync("outsider@notify.example");
        var workspace = await uploader.Client.CreateWorkspaceAsync("Notified");
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        foreach (var person in new[] { uploader, member, outsider })
        {
            await LinkAsync(app, connector, person);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var notifier = scope.ServiceProvider.GetRequiredService<TeamsDocumentNotifier>();
        await notifier.NotifyNewDocumentsAsync(Ct); // starts the cursor at "now"

        await uploader.Client.UploadOkAsync(workspace, "minutes.txt", Encoding.UTF8.GetBytes("Minutes of the examiner exchange planning meeting."));
        Assert.Equal(1, await notifier.NotifyNewDocumentsAsync(Ct));
        Assert.Equal(0, await notifier.NotifyNewDocumentsAsync(Ct)); // each event once

        var message = Assert.Single(connector.Messages);
        Assert.Equal("29:member@notify.example", (string?)message["recipient"]?["id"]);
        Assert.Contains("New document in **Notified", (string)message["text"]!);
        Assert.Contains($"https://hub.example/workspaces/{workspace}/documents/", (string)message["text"]!);
    }

    private static Task LinkAsync(CooperationApp app, LocalConnector connector, TestUser person) =>
        app.WithDbAsync(async db =>
        {
            var aad = "aad-" + person.Email;
            db.Set<TeamsLink>().Add(new TeamsLink { UserId = person.Id, AadObjectId = aad, TenantId = "tenant" });
            db.Set<TeamsConversation>().Add(new TeamsConversation
            {
                ConversationId = "a:" + person.Email,
                AadObjectId = aad,
                TenantId = "tenant",
                IsPersonal = true,
                ReferenceJson = new ConversationReference
                {
                    User = new ChannelAccount { Id = "29:" + person.Email, AadObjectId = aad },
                    Bot = new ChannelAccount { Id = "28:hub" },
                    Conversation = new ConversationAccount { Id = "a:" + person.Email, ConversationType = "personal", TenantId = "tenant" },
                    ChannelId = "msteams",
                    ServiceUrl = connector.ServiceUrl,
                }.ToJson(),
            });
            return await db.SaveChangesAsync(Ct);
        });
}
