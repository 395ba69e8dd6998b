using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cooperation.Knowledge.Tests;

/// <summary>
/// An OpenAI-compatible /v1/embeddings endpoint on 127.0.0.1 (request: model and an input array; response:
/// data[].index and data[].embedding). Its vectors count words of a few hand-made meaning groups, so texts
/// that share no word can still be close, which is what a real embedding model offers beside BM25.
/// </summary>
internal sealed partial class EmbeddingEndpoint : IAsyncDisposable
{
    /// <summary>One vector dimension per group of words that mean much the same here.</summary>
    private static readonly string[][] Meanings =
    [
        ["design", "designs", "appearance", "ornamental", "look", "shape"],
        ["long", "term", "years", "last", "lasts", "protected", "protection", "safeguarded"],
        ["seed", "seeds", "plant", "variety", "harvest"],
        ["fee", "fees", "paid", "pay", "payment"],
    ];

    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private WebApplication _app = null!;

    /// <summary>The OpenAI-style base URL, as Knowledge:Embeddings:Endpoint takes it.</summary>
    public string BaseUrl { get; private set; } = null!;

    /// <summary>When set, every request is answered with this status and an OpenAI-style error body.</summary>
    public int? FailWith { get; set; }

    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    public static async Task<EmbeddingEndpoint> StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = new EmbeddingEndpoint();
        var (app, address) = await LoopbackServer.StartAsync(app => app.MapPost("/v1/embeddings", (Delegate)endpoint.HandleAsync), cancellationToken);
        endpoint._app = app;
        endpoint.BaseUrl = address + "v1";
        return endpoint;
    }

    public static float[] Vector(string text)
    {
        var words = Words().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

        // The last dimension keeps every vector non-zero, so a text of none of the groups is still comparable.
        return [.. Meanings.Select(group => (float)words.Count(group.Contains)), 0.1f];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!.AsObject();
        _requests.Enqueue(body);
        if (FailWith is { } status)
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "The embedding model is overloaded.", ["type"] = "server_error" } }, statusCode: status);
        }

        var inputs = body["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            data.Add(new JsonObject
            {
                ["object"] = "embedding",
                ["index"] = i,
                ["embedding"] = new JsonArray([.. Vector(inputs[i]).Select(v => JsonValue.Create(v))]),
            });
        }

        return Results.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 0, ["total_tokens"] = 0 },
        });
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();
}
