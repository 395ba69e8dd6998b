using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Cooperation.Bot.Tests.Infrastructure;

/// <summary>
/// The Bot Connector REST API as Teams serves it (<c>/v3/conversations/{id}/activities[/{activityId}]</c>),
/// recording every call. Failures can be queued per conversation: 429 with Retry-After, 502, 403 MessageWritesBlocked.
/// </summary>
public sealed class LocalConnector : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Failure>> _failures = new(StringComparer.Ordinal);
    private readonly List<ReceivedCall> _calls = [];
    private LocalWebServer? _server;
    private int _nextId;

    public Uri ServiceUrl => _server!.Address;

    /// <summary>The serviceUrl as activities carry it (no trailing slash, like Teams').</summary>
    public string ServiceUrlText => ServiceUrl.ToString().TrimEnd('/');

    public IReadOnlyList<ReceivedCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<ReceivedCall> Messages => Calls.Where(call => call.Status < 300 && call.Activity?["type"]?.GetValue<string>() == "message").ToList();

    /// <summary>Waits for a message the bot sends later, on its own (a limit against hanging, not a measure of speed).</summary>
    public async Task<ReceivedCall> WaitForMessageAsync(Func<ReceivedCall, bool> match, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (Messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50, patience.Token);
        }
    }

    public static async Task<LocalConnector> StartAsync(CancellationToken cancellationToken)
    {
        var connector = new LocalConnector();
        connector._server = await LocalWebServer.StartAsync(
            _ => { },
            app =>
            {
                app.MapPost("/v3/conversations/{conversationId}/activities", connector.HandleAsync);
                app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", connector.HandleAsync);
                app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", connector.HandleAsync);
            },
            cancellationToken);
        return connector;
    }

    public void FailNext(string conversationId, int status, string? retryAfter = null, string? errorCode = null) =>
        _failures.GetOrAdd(conversationId, _ => new()).Enqueue(new Failure(status, retryAfter, errorCode));

    private async Task<IResult> HandleAsync(HttpContext context, string conversationId, string? activityId)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        var status = StatusCodes.Status200OK;
        IResult result;
        if (_failures.TryGetValue(conversationId, out var queue) && queue.TryDequeue(out var failure))
        {
            status = failure.Status;
            if (failure.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfter;
            }

            result = Results.Json(new { error = new { code = failure.ErrorCode ?? "ServiceError", message = "Scripted failure." } }, statusCode: status);
        }
        else
        {
            status = body?["type"]?.GetValue<string>() == "typing" ? StatusCodes.Status200OK : StatusCodes.Status201Created;
            result = Results.Json(new { id = $"reply-{Interlocked.Increment(ref _nextId)}" }, statusCode: status);
        }

        lock (_calls)
        {
            _calls.Add(new ReceivedCall(
                context.Request.Method,
                context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
                conversationId,
                activityId,
                context.Request.Headers.Authorization.ToString(),
                body,
                DateTimeOffset.UtcNow,
                status));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private sealed record Failure(int Status, string? RetryAfter, string? ErrorCode);
}

public sealed record ReceivedCall(
    string Method,
    string RawTarget,
    string ConversationId,
    string? ActivityId,
    string Authorization,
    JsonObject? Activity,
    DateTimeOffset ReceivedAt,
    int Status);
