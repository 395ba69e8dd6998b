using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cooperation.Bot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Bot.Tests.Interop;

/// <summary>
/// botbuilder-js's own connector service (ChannelServiceRoutes + CloudChannelServiceHandler, npm botbuilder)
/// receives what the bot sends: the reply to a question and a proactive notification.
/// </summary>
public sealed partial class BotbuilderConnectorInteropTests : IAsyncLifetime
{
    private NodeProcess _connector = null!;
    private string _serviceUrl = null!;
    private BotHost _bot = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var modules = NodeTools.ModulesFolder();
        _connector = NodeProcess.Start(Path.Combine(AppContext.BaseDirectory, "interop", "connector-service.js"), [modules], AppContext.BaseDirectory);
        var listening = await _connector.WaitForOutputAsync("LISTENING ", Token);
        _serviceUrl = $"http://127.0.0.1:{ListeningPort().Match(listening).Groups[1].Value}";
        _bot = await BotHost.StartAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task TheConnectorServiceReceivesTheCitedReplyToAQuestion()
    {
        var question = Activities.GroupMention(_serviceUrl, "What is the priority period for industrial designs?", "19:design-law@thread.skype;messageid=1700000000001");

        using var response = await _bot.PostAsync(question, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var reply = await WaitForActivityAsync(call => call["operation"]!.GetValue<string>() == "replyToActivity" && call["activity"]!["type"]!.GetValue<string>() == "message");
        Assert.Equal("19:design-law@thread.skype;messageid=1700000000001", reply["conversationId"]!.GetValue<string>());
        Assert.Equal("1700000000001", reply["activityId"]!.GetValue<string>());
        var activity = reply["activity"]!;
        Assert.Equal("1700000000001", activity["replyToId"]!.GetValue<string>());
        Assert.Contains("six months for industrial designs", activity["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var citation = activity["entities"]![0]!["citation"]![0]!;
        Assert.Equal("Paris Convention, Article 4C (p. 3)", citation["appearance"]!["name"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", activity["attachments"]![0]!["contentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheConnectorServiceReceivesAProactiveNotification()
    {
        using (await _bot.PostAsync(Activities.Message(_serviceUrl, "help", "a:personal-chat-7"), Token))
        {
        }

        var reference = Assert.Single(_bot.Backend.References);
        var notifier = _bot.Services.GetRequiredService<ITeamsNotifier>();
        var outcome = await notifier.SendTextAsync(reference, "New document in Design law: Hague Agreement guide, version 2.", Token);

        Assert.Equal(NotificationOutcome.Sent, outcome);
        var sent = await WaitForActivityAsync(call => call["operation"]!.GetValue<string>() == "sendToConversation");
        Assert.Equal("a:personal-chat-7", sent["conversationId"]!.GetValue<string>());
        Assert.Equal("New document in Design law: Hague Agreement guide, version 2.", sent["activity"]!["text"]!.GetValue<string>());
        Assert.Equal("29:user-1", sent["activity"]!["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal(Activities.BotId, sent["activity"]!["from"]!["id"]!.GetValue<string>());
    }

    private async Task<JsonObject> WaitForActivityAsync(Func<JsonObject, bool> match)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Token);
        guard.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            var line = await _connector.WaitForLineAsync(line => ReadActivityLine(line) is { } call && match(call), guard.Token);
            return ReadActivityLine(line)!;
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            Assert.Fail($"botbuilder's connector service did not receive the expected activity. Its output:\n{_connector.Output}");
            throw;
        }
    }

    private static JsonObject? ReadActivityLine(string line) =>
        line.StartsWith("ACTIVITY ", StringComparison.Ordinal) ? JsonNode.Parse(line["ACTIVITY ".Length..])!.AsObject() : null;

    [GeneratedRegex(@"LISTENING (\d+)")]
    private static partial Regex ListeningPort();
}
