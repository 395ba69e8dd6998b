using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cooperation.Knowledge.Tests;

/// <summary>
/// A chat-completions endpoint on 127.0.0.1 speaking the OpenAI wire format (JSON requests, server-sent
/// event streams of chat.completion.chunk objects ending in [DONE]). Each request takes the next scripted
/// reply and is recorded, headers and body, for the test to inspect.
/// </summary>
internal sealed class GenerativeChatEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<ChatReply> _replies = new();
    private readonly ConcurrentQueue<RecordedChatRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication _app = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>The OpenAI-style base URL, as Assistant:Chat:Endpoint takes it.</summary>
    public string OpenAIEndpoint => new Uri(Address, "v1").ToString();

    public IReadOnlyList<RecordedChatRequest> Requests => [.. _requests];

    public static async Task<GenerativeChatEndpoint> StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = new GenerativeChatEndpoint();
        (endpoint._app, endpoint.Address) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", endpoint.HandleAsync);
            app.MapPost("/openai/deployments/{deployment}/chat/completions", endpoint.HandleAsync);
        }, cancellationToken);
        return endpoint;
    }

    public GenerativeChatEndpoint Then(ChatReply reply)
    {
        _replies.Enqueue(reply);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedChatRequest(
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            JsonNode.Parse(body)!.AsObject());
        _requests.Enqueue(request);
        if (!_replies.TryDequeue(out var reply))
        {
            reply = ChatReply.Failure(500, "No reply was scripted for this request.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        await reply.WriteAsync(context, request, stop.Token);
    }
}

/// <summary>One request the endpoint received.</summary>
internal sealed record RecordedChatRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers, JsonObject Body)
{
    public bool Streams => Body["stream"]?.GetValue<bool>() == true;

    public IReadOnlyList<(string Role, string Content)> Messages =>
        Body["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentOf(m["content"]))).ToList();

    public string SystemPrompt => string.Join("\n", Messages.Where(m => m.Role is "system" or "developer").Select(m => m.Content));

    public string UserPrompt => string.Join("\n", Messages.Where(m => m.Role == "user").Select(m => m.Content));

    public string ToolResults => string.Join("\n", Messages.Where(m => m.Role == "tool").Select(m => m.Content));

    public IReadOnlyList<string> ToolNames =>
        Body["tools"]?.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).ToList() ?? [];

    public string RawBody => Body.ToJsonString();

    private static string ContentOf(JsonNode? content) => content switch
    {
        null => string.Empty,
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => content.ToJsonString(),
    };
}

/// <summary>What the endpoint answers to one request.</summary>
internal abstract record ChatReply
{
    /// <summary>The assistant's text, streamed in pieces of <paramref name="pieceLength"/> characters when the client asks for a stream.</summary>
    public static ChatReply Text(string content, int pieceLength = 16) => new TextReply(content, pieceLength);

    /// <summary>A call of the first tool the request offers, with these JSON arguments.</summary>
    public static ChatReply ToolCall(string argumentsJson) => new ToolCallReply(argumentsJson);

    public static ChatReply Failure(int status, string message = "The server had an error while processing your request.") => new FailureReply(status, message);

    /// <summary>Accepts the request and never answers.</summary>
    public static ChatReply Hang() => new HangReply();

    public abstract Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken);

    protected static JsonObject Chunk(JsonObject delta, string? finishReason) => new()
    {
        ["id"] = "chatcmpl-test",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = "test-model",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    protected static async Task WriteEventsAsync(HttpContext context, IEnumerable<JsonObject> chunks, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var chunk in chunks)
        {
            await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
        }

        await context.Response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    }

    private sealed record TextReply(string Content, int PieceLength) : ChatReply
    {
        public override Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            if (!request.Streams)
            {
                var completion = new JsonObject
                {
                    ["id"] = "chatcmpl-test",
                    ["object"] = "chat.completion",
                    ["created"] = 1_700_000_000,
                    ["model"] = "test-model",
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = Content },
                        ["finish_reason"] = "stop",
                    }),
                };
                return context.Response.WriteAsJsonAsync(completion, cancellationToken);
            }

            var chunks = new List<JsonObject> { Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null) };
            for (var i = 0; i < Content.Length; i += PieceLength)
            {
                chunks.Add(Chunk(new JsonObject { ["content"] = Content.Substring(i, Math.Min(PieceLength, Content.Length - i)) }, null));
            }

            chunks.Add(Chunk([], "stop"));
            return WriteEventsAsync(context, chunks, cancellationToken);
        }
    }

    private sealed record ToolCallReply(string ArgumentsJson) : ChatReply
    {
        public override Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            var name = request.ToolNames.FirstOrDefault() ?? "missing-tool";
            var call = new JsonObject
            {
                ["index"] = 0,
                ["id"] = "call_1",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = ArgumentsJson },
            };
            JsonObject[] chunks =
            [
                Chunk(new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(call) }, null),
                Chunk([], "tool_calls"),
            ];
            return WriteEventsAsync(context, chunks, cancellationToken);
        }
    }

    private sealed record FailureReply(int Status, string Message) : ChatReply
    {
        public override Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            context.Response.StatusCode = Status;
            var error = new JsonObject { ["error"] = new JsonObject { ["message"] = Message, ["type"] = "server_error", ["code"] = null } };
            return context.Response.WriteAsJsonAsync(error, cancellationToken);
        }
    }

    private sealed record HangReply : ChatReply
    {
        public override async Task WriteAsync(HttpContext context, RecordedChatRequest request, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The client gave up or the endpoint is stopping: both end the hang.
            }
        }
    }
}
