using System.Net;
using System.Text.Json.Nodes;
using Cooperation.Bot.Protocol;
using Cooperation.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Bot.Tests;

/// <summary>Replies and proactive sends against a connector that throttles, fails and blocks.</summary>
public sealed class OutboundTests : LocalBotTest
{
    private const string Conversation = "a:personal-chat-1";

    private ITeamsNotifier Notifier => Bot.Services.GetRequiredService<ITeamsNotifier>();

    [Fact]
    public async Task AThrottledReplyIsSentAgainAfterTheRetryAfterDelay()
    {
        Connector.FailNext(Conversation, 429, retryAfter: "1", errorCode: "TooManyRequests");

        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        var attempts = Connector.Calls.Where(call => call.Activity!["type"]!.GetValue<string>() == "message").ToList();
        Assert.Equal([429, 201], attempts.Select(call => call.Status));
        // Retry-After is a lower bound the bot must respect, so this cannot fail by the machine being slow.
        Assert.True(attempts[1].ReceivedAt - attempts[0].ReceivedAt >= TimeSpan.FromSeconds(0.95), "the retry came before Retry-After allowed");
        Assert.Equal(attempts[0].Activity!.ToJsonString(), attempts[1].Activity!.ToJsonString());
    }

    [Fact]
    public async Task GatewayErrorsAreRetriedWithBackOff()
    {
        Connector.FailNext(Conversation, 502);
        Connector.FailNext(Conversation, 504);
        Connector.FailNext(Conversation, 412);

        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        Assert.Equal([502, 504, 412, 201], Connector.Calls.Select(call => call.Status));
    }

    [Fact]
    public async Task ANonRetryableErrorIsNotRepeated()
    {
        Connector.FailNext(Conversation, 400, errorCode: "BadArgument");

        using var response = await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([400], Connector.Calls.Select(call => call.Status));
    }

    [Fact]
    public async Task RetriesStopAfterTheConfiguredAttempts()
    {
        for (var i = 0; i < 6; i++)
        {
            Connector.FailNext(Conversation, 502);
        }

        using var response = await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, Connector.Calls.Count);
    }

    [Fact]
    public async Task AnUnreachableConnectorIsRetriedAndTheTurnStillEndsCleanly()
    {
        var unreachable = $"http://127.0.0.1:{Interop.NodeTools.FreeLoopbackPort()}";

        using var response = await Bot.PostAsync(Activities.Message(unreachable, "help"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, Bot.Logs.Entries.Count(entry => entry.Message.Contains("unreachable (attempt", StringComparison.Ordinal)));
        Assert.Contains(Bot.Logs.Entries, entry => entry.Message.StartsWith("Reply to conversation a:personal-chat-1 could not be sent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MessageWritesBlockedStopsSendsToThatConversationAndTellsTheBackend()
    {
        Connector.FailNext(Conversation, 403, errorCode: "MessageWritesBlocked");
        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);
        Assert.True(Bot.Backend.IsBlocked(Conversation));

        var reference = Bot.Backend.References.Single();
        var outcome = await Notifier.SendTextAsync(reference, "A new version of the Paris Convention notes was uploaded.", Token);

        Assert.Equal(NotificationOutcome.ConversationBlocked, outcome);
        Assert.Single(Connector.Calls);
    }

    [Fact]
    public async Task ANotificationThatMeetsABlockMarksTheConversationBlocked()
    {
        var reference = ReferenceTo("a:quiet-chat");
        Connector.FailNext("a:quiet-chat", 403, errorCode: "ConversationBlockedByUser");

        var first = await Notifier.SendTextAsync(reference, "Reminder: seminar tomorrow.", Token);
        var second = await Notifier.SendTextAsync(reference, "Reminder: seminar today.", Token);

        Assert.Equal(NotificationOutcome.ConversationBlocked, first);
        Assert.Equal(NotificationOutcome.ConversationBlocked, second);
        Assert.True(Bot.Backend.IsBlocked("a:quiet-chat"));
        Assert.Single(Connector.Calls);
    }

    [Fact]
    public async Task WritingToTheBotAgainLiftsTheBlock()
    {
        Connector.FailNext(Conversation, 403, errorCode: "MessageWritesBlocked");
        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help"), Token);

        Assert.False(Bot.Backend.IsBlocked(Conversation));
        Assert.Single(Connector.Messages);
    }

    [Fact]
    public async Task AProactiveTextGoesToTheStoredConversationWithoutAReplyId()
    {
        var outcome = await Notifier.SendTextAsync(ReferenceTo("a:chat-9"), "New document in *Design law*: Hague Agreement guide.", Token);

        Assert.Equal(NotificationOutcome.Sent, outcome);
        var call = Assert.Single(Connector.Messages);
        Assert.Equal("/v3/conversations/a%3Achat-9/activities", call.RawTarget);
        Assert.Null(call.ActivityId);
        Assert.Equal("New document in *Design law*: Hague Agreement guide.", call.Activity!["text"]!.GetValue<string>());
        Assert.Equal("29:user-1", call.Activity["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal(string.Empty, call.Authorization);
    }

    [Fact]
    public async Task AProactiveCardIsSentAsAnAdaptiveCardAttachmentWithItsSummary()
    {
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = "Seminar on design law starts in 1 hour" }),
        };

        await Notifier.SendCardAsync(ReferenceTo("a:chat-10"), "Seminar reminder", card, Token);

        var activity = Assert.Single(Connector.Messages).Activity!;
        Assert.Equal("Seminar reminder", activity["summary"]!.GetValue<string>());
        var attachment = activity["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("Seminar on design law starts in 1 hour", attachment["content"]!["body"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ManySendsToOneConversationAllArriveInOrder()
    {
        var reference = ReferenceTo("a:busy-chat");

        for (var i = 1; i <= 9; i++)
        {
            Assert.Equal(NotificationOutcome.Sent, await Notifier.SendTextAsync(reference, $"Reminder {i}", Token));
        }

        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"Reminder {i}"), Connector.Messages.Select(call => call.Activity!["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AnUpdateReplacesTheActivityWithAPut()
    {
        var connector = Bot.Services.GetRequiredService<Cooperation.Bot.Connector.BotConnectorClient>();
        var updated = new Activity { Type = "message", Id = "reply-3", Text = "Corrected: six months for designs." };

        await connector.UpdateActivityAsync(Connector.ServiceUrlText, "19:abc@thread.v2", "reply-3", updated, Token);

        var call = Assert.Single(Connector.Calls);
        Assert.Equal("PUT", call.Method);
        Assert.Equal("/v3/conversations/19%3Aabc%40thread.v2/activities/reply-3", call.RawTarget);
        Assert.Equal("Corrected: six months for designs.", call.Activity!["text"]!.GetValue<string>());
    }

    [Fact]
    public void AStoredReferenceReadsBackTheSame()
    {
        var reference = ReferenceTo("19:abc@thread.v2");

        var copy = ConversationReference.FromJson(reference.ToJson());

        Assert.Equal(reference.Conversation.Id, copy.Conversation.Id);
        Assert.Equal(reference.ServiceUrl, copy.ServiceUrl);
        Assert.Equal(reference.User.AadObjectId, copy.User.AadObjectId);
        Assert.Equal(reference.TenantId, copy.TenantId);
    }

    private ConversationReference ReferenceTo(string conversationId) => new()
    {
        User = new ChannelAccount { Id = "29:user-1", Name = "Amina Diallo", AadObjectId = "aad-user-1" },
        Bot = new ChannelAccount { Id = Activities.BotId, Name = "Hub Bot" },
        Conversation = new ConversationAccount { Id = conversationId, ConversationType = "personal", TenantId = Activities.TenantId },
        ChannelId = "msteams",
        ServiceUrl = Connector.ServiceUrlText,
    };
}
