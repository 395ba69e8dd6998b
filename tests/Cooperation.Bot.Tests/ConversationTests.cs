using System.Net;
using System.Text.Json.Nodes;
using Cooperation.Bot.Tests.Infrastructure;

namespace Cooperation.Bot.Tests;

/// <summary>What the bot says and stores, seen from the connector that receives its replies.</summary>
public sealed class ConversationTests : IAsyncLifetime
{
    private const string DesignQuestion = "What is the priority period for industrial designs?";

    private LocalConnector _connector = null!;
    private BotHost _bot = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _connector = await LocalConnector.StartAsync(Token);
        _bot = await BotHost.StartAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task AQuestionIsAnsweredAsAReplyWithTheAiLabelAndNumberedCitations()
    {
        using var response = await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, DesignQuestion), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(_connector.Messages);
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
        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, DesignQuestion), Token);

        var activity = Assert.Single(_connector.Messages).Activity!;
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
        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, DesignQuestion), Token);

        var types = _connector.Calls.Select(call => call.Activity!["type"]!.GetValue<string>()).ToList();
        Assert.Equal("typing", types[0]);
        Assert.Equal("message", types[^1]);
    }

    [Fact]
    public async Task TheBotsOwnMentionIsRemovedBeforeTheQuestionIsAsked()
    {
        await _bot.PostAsync(Activities.GroupMention(_connector.ServiceUrlText, DesignQuestion), Token);

        var (_, question) = Assert.Single(_bot.Backend.Questions);
        Assert.Equal(DesignQuestion, question);
    }

    [Fact]
    public async Task AMentionOfSomeoneElseStaysInTheQuestion()
    {
        var activity = Activities.GroupMention(_connector.ServiceUrlText, "ask <at>Li Wei</at> about designs");
        activity["entities"]!.AsArray().Add(new JsonObject
        {
            ["type"] = "mention",
            ["mentioned"] = new JsonObject { ["id"] = "29:li-wei", ["name"] = "Li Wei" },
            ["text"] = "<at>Li Wei</at>",
        });

        await _bot.PostAsync(activity, Token);

        Assert.Equal("ask <at>Li Wei</at> about designs", Assert.Single(_bot.Backend.Questions).Question);
    }

    [Fact]
    public async Task ChannelConversationIdsAreEscapedInTheReplyPath()
    {
        const string channelThread = "19:abc123@thread.skype;messageid=1700000000001";

        await _bot.PostAsync(Activities.GroupMention(_connector.ServiceUrlText, "help", channelThread), Token);

        var reply = Assert.Single(_connector.Messages);
        Assert.Equal(channelThread, reply.ConversationId);
        Assert.StartsWith("/v3/conversations/19%3Aabc123%40thread.skype%3Bmessageid%3D1700000000001/activities/", reply.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpListsTheCommands()
    {
        await _bot.PostAsync(Activities.GroupMention(_connector.ServiceUrlText, "help"), Token);

        var text = Assert.Single(_connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.Contains("**programmes**", text, StringComparison.Ordinal);
        Assert.Contains("**link**", text, StringComparison.Ordinal);
        Assert.Empty(_bot.Backend.Questions);
    }

    [Fact]
    public async Task ALinkCodeIsNeverShownInAGroupChat()
    {
        await _bot.PostAsync(Activities.GroupMention(_connector.ServiceUrlText, "link"), Token);

        var text = Assert.Single(_connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.Contains("one-to-one chat", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Your link code", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProgrammesRepliesWithWhatTheHostDescribes()
    {
        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, "Programmes"), Token);

        Assert.Equal("No programme sessions are scheduled for Amina Diallo yet.", Assert.Single(_connector.Messages).Activity!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATextOver28KilobytesIsRefusedWithAPlainMessageAndNotAsked()
    {
        var question = "Priority " + new string('?', 28 * 1024);

        using var response = await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, question), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_bot.Backend.Questions);
        var text = Assert.Single(_connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.Contains("too long", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABackendFailureGivesAPlainApologyWithoutDetails()
    {
        _bot.Backend.AskFailure = new InvalidOperationException("database is locked at Cooperation.Web.Secret");

        using var response = await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, DesignQuestion), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Assert.Single(_connector.Messages).Activity!["text"]!.GetValue<string>();
        Assert.StartsWith("Sorry", text, StringComparison.Ordinal);
        Assert.DoesNotContain("database", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeclinedAnswerHasNoCitationsAndNoCard()
    {
        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, "How tall is the office building in Geneva?"), Token);

        var activity = Assert.Single(_connector.Messages).Activity!;
        Assert.Contains("do not answer", activity["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(activity["attachments"]);
        Assert.Null(Assert.Single(activity["entities"]!.AsArray())!["citation"]);
    }

    [Fact]
    public async Task FeedbackIsStoredAndAnsweredWithAnEmptyOk()
    {
        using var response = await _bot.PostAsync(Activities.Feedback(_connector.ServiceUrlText, "dislike", "Cite the article number please.", "reply-7"), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Token));
        var feedback = Assert.Single(_bot.Backend.Feedback);
        Assert.Equal("dislike", feedback.Reaction);
        Assert.Equal("Cite the article number please.", feedback.Text);
        Assert.Equal("reply-7", feedback.ActivityId);
        Assert.Equal("aad-user-1", feedback.User.AadObjectId);
        Assert.Equal(Activities.TenantId, feedback.User.TenantId);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task FeedbackWithoutTextIsStoredAsAReactionOnly()
    {
        using var response = await _bot.PostAsync(Activities.Feedback(_connector.ServiceUrlText, "like", null), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Assert.Single(_bot.Backend.Feedback).Text);
    }

    [Fact]
    public async Task InstallingTheBotStoresTheConversationAndWelcomesTheUser()
    {
        var activity = Activities.Message(_connector.ServiceUrlText, string.Empty);
        activity.Remove("text");
        activity["type"] = "conversationUpdate";
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = Activities.BotId });

        await _bot.PostAsync(activity, Token);

        var reference = Assert.Single(_bot.Backend.References);
        Assert.Equal("a:personal-chat-1", reference.Conversation.Id);
        Assert.Equal(_connector.ServiceUrlText, reference.ServiceUrl);
        Assert.Equal(Activities.BotId, reference.Bot!.Id);
        Assert.Equal(Activities.TenantId, reference.TenantId);
        Assert.Contains("**link**", Assert.Single(_connector.Messages).Activity!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstMessageOfAConversationStoresItsReference()
    {
        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, "help", "a:new-chat"), Token);

        Assert.Equal("a:new-chat", Assert.Single(_bot.Backend.References).Conversation.Id);
    }

    [Fact]
    public async Task UninstallingTheBotMarksTheConversationBlocked()
    {
        var activity = Activities.Message(_connector.ServiceUrlText, string.Empty);
        activity.Remove("text");
        activity["type"] = "installationUpdate";
        activity["action"] = "remove";

        await _bot.PostAsync(activity, Token);

        Assert.True(_bot.Backend.IsBlocked("a:personal-chat-1"));
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task AnUnlinkedUserIsDeclinedOnPrivateDocumentsAndAnsweredAfterLinking()
    {
        const string question = "What monthly stipend do visiting examiners receive during the examiner exchange?";

        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, question), Token);
        var declined = _connector.Messages[^1].Activity!;
        Assert.DoesNotContain("2400", declined.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("stipend of", declined.ToJsonString(), StringComparison.Ordinal);

        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, "link"), Token);
        var linkText = _connector.Messages[^1].Activity!["text"]!.GetValue<string>();
        var code = linkText.Split("**")[1];
        Assert.True(_bot.Backend.RedeemLinkCode(code, new HashSet<Guid> { TestBackend.PrivateWorkspace }));

        await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, question), Token);
        var answered = _connector.Messages[^1].Activity!;
        Assert.Contains("2400 euros", answered["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Examiner exchange memorandum, Clause 7 (p. 1)", answered["entities"]![0]!["citation"]![0]!["appearance"]!["name"]!.GetValue<string>());
    }
}
