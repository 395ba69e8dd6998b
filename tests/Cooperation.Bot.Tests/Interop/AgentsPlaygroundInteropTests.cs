using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Cooperation.Bot.Tests.Infrastructure;

namespace Cooperation.Bot.Tests.Interop;

/// <summary>
/// The Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground) as an independent Teams
/// channel: it sends activities to the bot and serves the connector the bot replies to.
/// </summary>
public sealed class AgentsPlaygroundInteropTests
{
    [Fact]
    public async Task AMessagePostedThroughThePlaygroundGetsACitedReplyOnItsStream()
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(2));
        var token = guard.Token;

        await using var bot = await BotHost.StartAsync(token);
        var port = NodeTools.FreeLoopbackPort();
        var workFolder = Directory.CreateTempSubdirectory("playground-");
        await using var playground = NodeProcess.Start(
            Path.Combine(NodeTools.ModulesFolder(), "@microsoft", "m365agentsplayground", "cli.js"),
            ["-e", bot.MessagesUrl.ToString(), "-c", "msteams", "-p", port.ToString(CultureInfo.InvariantCulture), "--dt"],
            workFolder.FullName);
        await playground.WaitForOutputAsync($"Listening on {port}", token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var config = await http.GetFromJsonAsync<JsonObject>("_internal/v1/config", token);
        var chatId = config!["config"]!["personalChat"]!["id"]!.GetValue<string>();
        var botId = config["config"]!["bot"]!["id"]!.GetValue<string>();

        using var stream = new ClientWebSocket();
        await stream.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/_ws_conversation/v1/conversations/stream"), token);
        var frames = new List<string>();

        using var posted = await http.PostAsJsonAsync(
            $"_conversation/v1/conversations/{Uri.EscapeDataString(chatId)}/messages",
            new { from = new { id = "user-id-0" }, text = "What is the priority period for industrial designs?", textFormat = "plain" },
            token);
        Assert.True(posted.IsSuccessStatusCode, $"the playground refused the message: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync(token)}");

        JsonObject? reply = null;
        try
        {
            while (reply is null)
            {
                var frame = await ReceiveFrameAsync(stream, token);
                frames.Add(frame);
                reply = FindBotMessageWithCitations(JsonNode.Parse(frame), botId);
            }
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"No cited reply arrived on the playground's stream. Frames:\n{string.Join("\n", frames)}\nPlayground output:\n{playground.Output}");
        }

        Assert.Contains("six months for industrial designs", reply!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var entity = reply["aiEntity"]!;
        Assert.Equal("AIGeneratedContent", entity["additionalType"]![0]!.GetValue<string>());
        var citation = entity["citation"]![0]!;
        Assert.Equal(1, citation["position"]!.GetValue<int>());
        Assert.Equal("Paris Convention, Article 4C (p. 3)", citation["appearance"]!["name"]!.GetValue<string>());
        Assert.StartsWith("https://hub.example.org/documents/", citation["appearance"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(true, reply["feedbackLoopEnabled"]?.GetValue<bool>());
        var asked = Assert.Single(bot.Backend.Questions);
        Assert.Equal("What is the priority period for industrial designs?", asked.Question);
    }

    // The playground streams {"action":"createMessage","message":{...,"aiEntity":{...}}} for each message the bot sends.
    private static JsonObject? FindBotMessageWithCitations(JsonNode? frame, string botId) =>
        frame is JsonObject obj
        && obj["action"] is JsonValue action && action.ToString() == "createMessage"
        && obj["message"] is JsonObject message
        && message["from"]?["id"]?.ToString() == botId
        && message["text"] is JsonValue
        && message["aiEntity"]?["citation"] is JsonArray { Count: > 0 }
            ? message
            : null;

    private static async Task<string> ReceiveFrameAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("The playground closed its stream.");
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
