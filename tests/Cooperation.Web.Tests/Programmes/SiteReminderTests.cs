using Cooperation.Web.Collaboration;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Collaboration;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>Delivers a reminder through the site's own channel, as the reminder service does when one falls due.</summary>
internal static class SiteReminders
{
    public static Task SendAsync(CooperationApp app, ReminderMessage message) =>
        app.Services.GetServices<IReminderChannel>().Single(channel => channel.Name == "hub").SendAsync(message, TestContext.Current.CancellationToken);
}

/// <summary>The site's reminder channel: personal, live, and not part of the workspace's shared history.</summary>
public sealed class SiteReminderTests
{
    [Fact]
    public async Task AReminderReachesEveryPageOfItsRecipientAndNoOtherMemberAndIsNotKeptInTheWorkspaceHistory()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "reminders");
        await using var recipient = await HubClient.ConnectAsync(app, scene.Member);
        await using var recipientElsewhere = await HubClient.ConnectAsync(app, scene.Member);
        await using var other = await HubClient.ConnectAsync(app, scene.Coordinator);
        await other.JoinAsync(scene.WorkspaceId);
        await recipient.JoinAsync(scene.WorkspaceId);
        var start = new DateTime(2027, 3, 1, 4, 0, 0, DateTimeKind.Utc);
        var message = new ReminderMessage(Guid.NewGuid(), scene.Member.Id, scene.WorkspaceId, Guid.NewGuid(), Guid.NewGuid(),
            "Examiner exchange: opening", start, start.AddHours(2), "Asia/Almaty", "Asia/Shanghai", TimeSpan.FromMinutes(45),
            "Room 4", "https://meet.example/exchange", "/workspaces/x/programmes/y");

        await SiteReminders.SendAsync(app, message);

        foreach (var page in new[] { recipient, recipientElsewhere })
        {
            var notice = (ReminderNotice)(await page.WaitForAsync(nameof(IWorkspaceClient.ReminderDue))).Argument;
            Assert.Equal(
                new ReminderNotice(scene.WorkspaceId, message.ProgrammeId, message.SessionId, "Examiner exchange: opening", start, start.AddHours(2), 45,
                    "Room 4", "https://meet.example/exchange", "/workspaces/x/programmes/y"),
                notice);
        }

        // Anything sent to the other member after the reminder arrives after it, so once the chat message is there,
        // a reminder wrongly sent to them would be too.
        await recipient.SendAsync(scene.WorkspaceId, "See you at the opening.");
        await other.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived));
        Assert.DoesNotContain(other.Seen, r => r.Method == nameof(IWorkspaceClient.ReminderDue));
        var history = await other.EventsSinceAsync(scene.WorkspaceId, 0);
        Assert.DoesNotContain(history.Events, e => e.Type.Contains("reminder", StringComparison.Ordinal));
        Assert.Contains(history.Events, e => e.Type == "chat.posted");
    }
}
