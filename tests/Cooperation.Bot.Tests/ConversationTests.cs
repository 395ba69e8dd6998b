using System.Net;
using System.Text.Json.Nodes;
using Cooperation.Bot.Tests.Infrastructure;

namespace Cooperation.Bot.Tests;

/// <summary>What the bot says and stores, seen from the connector that receives its replies.</summary>
public sealed class ConversationTests : LocalBotTest
{
    private const string DesignQuestion = "What is the priority period for industrial designs?";

    [Fact]
    public async Task AQuestionIsAnsweredAsAReplyWithTheAiLabelAndNumberedCitations()
    {
        using var response = await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, DesignQuestion), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(Connector.Messages);
        Assert.Equal("POST", reply.Method);
        Assert.Equal("1700000000001", reply.ActivityId);
        var activity = reply.Activity!;
        Assert.Equal("1700000000001", activity["replyToId"]!.GetValue<string>());
        Assert.Equal(Activities.BotId, activity["from"]!["id"]!.GetValue<string>());
        Assert.Equal("29:user-1", activity["recipient"]!["id"]!.GetValue<string>());
        Assert.Contains("[1]", activity["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var entity = Assert.Single(activity["entities"]!.AsArray())!;
        Assert.Equal("https://schema.org/Message", entity["type"]!.GetValue<string>());
        Assert.Equal("Message", entity["@type"]!.GetValue<string>());
        Assert.Equal("https://schema.org", entity["@context"]!.GetValue<string>());
        Assert.Equal("AIGeneratedContent", entity["additionalType"]![0]!.GetValue<string>());
        var citations = entity["citation"]!.AsArray();
        Assert.NotEmpty(citations);
        var first = citations[0]!;
        Assert.Equal("Claim", first["@type"]!.GetValue<string>());
        Assert.Equal(1, first["position"]!.GetValue<int>());
        var appearance = first["appearance"]!;
        Assert.Equal("DigitalDocument", appearance["@type"]!.GetValue<string>());
        Assert.Equal("Paris Convention, Article 4C (p. 3)", appearance["name"]!.GetValue<string>());
        Assert.True(appearance["abstract"]!.GetValue<string>().Length <= 160);
        Assert.True(appearance["keywords"]!.AsArray().Count <= 3);
        Assert.Equal(TestBackend.LinkFor(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), "Article 4C").AbsoluteUri, appearance["url"]!.GetValue<string>());

        Assert.Equal("default", activity["channelData"]!["feedbackLoop"]!["type"]!.GetValue<string>());
        Assert.Null(activity["channelData"]!["feedbackLoopEnabled"]);
    }

    [Fact]
    public async Task TheAnswerCarriesAnAdaptiveCardLinkingEachCitedSection()
    {
        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, DesignQuestion), Token);

        var activity = Assert.Single(Connector.Messages).Activity!;
        var attachment = Assert.Single(activity["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        var card = attachment["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        var texts = card["body"]!.AsArray().Select(block => block!["text"]!.GetValue<string>()).ToList();
        var link = TestBackend.LinkFor(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"), "Article 4C");
        Assert.Contains($"[1] [Paris Convention, Article 4C (p. 3)]({link.AbsoluteUri})", texts);
    }

    [Fact]
    public async Task ATypingIndicatorGoesOutBeforeTheAnswer()
    {
        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, DesignQuestion), Token);

        var types = Connector.Calls.Select(call => call.Activity!["type"]!.GetValue<string>()).ToList();
        Assert.Equal("typing", types[0]);
        Assert.Equal("message", types[^1]);
    }

    [Fact]
    public async Task TheBotsOwnMentionIsRemovedBeforeTheQuestionIsAsked()
    {
        await Bot.PostAsync(Activities.GroupMention(Connector.ServiceUrlText, DesignQuestion), Token);

        var (_, question) = Assert.Single(Bot.Backend.Questions);
        Assert.Equal(DesignQuestion, question);
    }

    [Fact]
    public async Task AMentionOfSomeoneElseStaysInTheQuestion()
    {
        var activity = Activities.GroupMention(Connector.ServiceUrlText, "ask <at>Li Wei</at> about designs");
        activity["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = "29:li-wei", ["name"] = "Li Wei" },
            ["text"] = "<at>Li Wei</at>",
        });

        await Bot.PostAsync(activity, Token);

        Assert.Equal("ask <at>Li Wei</at> about designs", Assert.Single(Bot.Backend.Questions).Question);
    }

    [Fact]
    public async Task ChannelConversationIdsAreEscapedInTheReplyPath()
    {
        const string channelThread = "19:abc123@thread.skype;messageid=1700000000001";

        await Bot.PostAsync(Activities.GroupMention(Connector.ServiceUrlText, "help", channelThread), Token);

        var reply = Assert.Single(Connector.Messages);
        Assert.Equal(channelThread, reply.ConversationId);
        Assert.StartsWith("/v3/conversations/19%3Aabc123%40thread.skype%3Bmessageid%3D1700000000001/activities/", reply.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsTheCommands()
    {
        await Bot.PostAsync(Activities.GroupMention(Connector.ServiceUrlText, "help"), Token);

        var text = Assert.Single(Connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.Contains("**programmes**", text, StringComparison.Ordinal);
        Assert.Contains("**link**", text, StringComparison.Ordinal);
        Assert.Empty(Bot.Backend.Questions);
    }

    [Fact]
    public async Task ALinkCodeIsNeverShownInAGroupChat()
    {
        await Bot.PostAsync(Activities.GroupMention(Connector.ServiceUrlText, "link"), Token);

        var text = Assert.Single(Connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.Contains("one-to-one chat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Your link code", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgrammesRepliesWithWhatTheHostDescribes()
    {
        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "Programmes"), Token);

        Assert.Equal("No programme sessions are scheduled for Amina Diallo yet.", Assert.Single(Connector.Messages).Activity!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATextOver28KilobytesIsRefusedWithAPlainMessageAndNotAsked()
    {
        var question = "Priority " + new string('?', 28 * 1024);

        using var response = await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, question), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Bot.Backend.Questions);
        var text = Assert.Single(Connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.Contains("too long", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABackendFailureGivesAPlainApologyWithoutDetails()
    {
        Bot.Backend.AskFailure = new InvalidOperationException("database is locked at Cooperation.Web.Secret");

        using var response = await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, DesignQuestion), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Assert.Single(Connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.StartsWith("Sorry", text, StringComparison.Ordinal);
        Assert.DoesNotContain("database", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeclinedAnswerHasNoCitationsAndNoCard()
    {
        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "How tall is the office building in Geneva?"), Token);

        var activity = Assert.Single(Connector.Messages).Activity!;
        Assert.Contains("do not answer", activity["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(activity["attachments"]);
        Assert.Null(Assert.Single(activity["entities"]!.AsArray())!["citation"]);
    }

    [Fact]
    public async Task FeedbackIsStoredAndAnsweredWithAnEmptyOk()
    {
        using var response = await Bot.PostAsync(Activities.Feedback(Connector.ServiceUrlText, "dislike", "Cite the article number please.", "reply-7"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Token));
        var feedback = Assert.Single(Bot.Backend.Feedback);
        Assert.Equal("dislike", feedback.Reaction);
        Assert.Equal("Cite the article number please.", feedback.Text);
        Assert.Equal("reply-7", feedback.ActivityId);
        // Local test mode drops the unsigned aadObjectId; the Teams id still says who gave the feedback.
        Assert.Null(feedback.User.AadObjectId);
        Assert.Equal("29:user-1", feedback.User.Id);
        Assert.Equal(Activities.TenantId, feedback.User.TenantId);
        Assert.Empty(Connector.Calls);
    }

    [Fact]
    public async Task FeedbackWithoutTextIsStoredAsAReactionOnly()
    {
        using var response = await Bot.PostAsync(Activities.Feedback(Connector.ServiceUrlText, "like", null), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(Bot.Backend.Feedback).Text);
    }

    [Fact]
    public async Task InstallingTheBotStoresTheConversationAndWelcomesTheUser()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, string.Empty);
        activity.Remove("text");
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = Activities.BotId });

        await Bot.PostAsync(activity, Token);

        var reference = Assert.Single(Bot.Backend.References);
        Assert.Equal("a:personal-chat-1", reference.Conversation.Id);
        Assert.Equal(Connector.ServiceUrlText, reference.ServiceUrl);
        Assert.Equal(Activities.BotId, reference.Bot!.Id);
        Assert.Equal(Activities.TenantId, reference.TenantId);
        Assert.Contains("**link**", Assert.Single(Connector.Messages).Activity!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstMessageOfAConversationStoresItsReference()
    {
        await Bot.PostAsync(Activities.Message(Connector.ServiceUrlText, "help", "a:new-chat"), Token);

        Assert.Equal("a:new-chat", Assert.Single(Bot.Backend.References).Conversation.Id);
    }

    [Fact]
    public async Task UninstallingTheBotMarksTheConversationBlocked()
    {
        var activity = Activities.Message(Connector.ServiceUrlText, string.Empty);
        activity.Remove("text");
        activity["type"] = "installationUpdate";
        activity["action"] = "remove";

        await Bot.PostAsync(activity, Token);

        Assert.True(Bot.Backend.IsBlocked("a:personal-chat-1"));
        Assert.Empty(Connector.Calls);
    }

}
