using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cooperation.Bot.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cooperation.Bot.Connector;

/// <summary>
/// Calls the Bot Connector REST API (<c>{serviceUrl}/v3/conversations/...</c>): paced per conversation,
/// retried with back-off on throttling and gateway errors, and stopped for conversations that block the bot.
/// </summary>
internal sealed class BotConnectorClient(
    IHttpClientFactory httpClientFactory,
    ConnectorTokenProvider tokens,
    ConversationPacer pacer,
    ConversationBlockList blockList,
    IOptions<BotOptions> options,
    TimeProvider timeProvider,
    ILogger<BotConnectorClient> logger)
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };
    private static readonly HashSet<string> BlockedCodes = new(StringComparer.OrdinalIgnoreCase) { "MessageWritesBlocked", "ConversationBlockedByUser" };

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, conversationId, null, activity, cancellationToken);

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, serviceUrl, conversationId, replyToId, activity, cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, serviceUrl, conversationId, activityId, activity, cancellationToken);

    private async Task<ResourceResponse> SendAsync(
        HttpMethod method, string serviceUrl, string conversationId, string? activityId, Activity activity, CancellationToken cancellationToken)
    {
        if (blockList.IsBlocked(conversationId))
        {
            throw new ConversationBlockedException(conversationId);
        }

        var uri = ActivitiesUri(serviceUrl, conversationId, activityId);
        var body = JsonSerializer.SerializeToUtf8Bytes(activity, BotJsonContext.Default.Activity);
        var client = httpClientFactory.CreateClient(BotExtensions.ConnectorClientName);
        var settings = options.Value;

        for (var attempt = 1; ; attempt++)
        {
            await pacer.WaitTurnAsync(conversationId, cancellationToken);
            using var request = new HttpRequestMessage(method, uri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = JsonContentType;
            var token = await tokens.GetTokenAsync(cancellationToken);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException
                || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt >= settings.MaxSendAttempts)
                {
                    throw new BotConnectorException(
                        503, null, $"The Bot Connector at {uri.GetLeftPart(UriPartial.Authority)} could not be reached after {attempt} attempt(s).", exception);
                }

                var wait = Backoff(attempt, settings);
                BotLog.ConnectorUnreachable(logger, uri.GetLeftPart(UriPartial.Authority), attempt, wait, exception);
                await Task.Delay(wait, timeProvider, cancellationToken);
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return await ReadResourceAsync(response, cancellationToken);
                }

                var error = await ReadErrorAsync(response, cancellationToken);
                if (response.StatusCode == HttpStatusCode.Forbidden && error?.Code is { } code && BlockedCodes.Contains(code))
                {
                    blockList.Block(conversationId);
                    BotLog.ConversationBlocked(logger, conversationId, code);
                    throw new ConversationBlockedException(conversationId);
                }

                if (IsRetryable(response.StatusCode) && attempt < settings.MaxSendAttempts)
                {
                    var wait = RetryAfter(response, settings) ?? Backoff(attempt, settings);
                    BotLog.ConnectorRetry(logger, (int)response.StatusCode, attempt, wait);
                    await Task.Delay(wait, timeProvider, cancellationToken);
                    continue;
                }

                throw new BotConnectorException(
                    (int)response.StatusCode,
                    error?.Code,
                    $"The Bot Connector answered {(int)response.StatusCode} {error?.Code} after {attempt} attempt(s).");
            }
        }
    }

    internal static Uri ActivitiesUri(string serviceUrl, string conversationId, string? activityId)
    {
        var path = $"{serviceUrl.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (activityId is not null)
        {
            path += "/" + Uri.EscapeDataString(activityId);
        }

        return new Uri(path, UriKind.Absolute);
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    private TimeSpan? RetryAfter(HttpResponseMessage response, BotOptions settings)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > settings.MaxRetryDelay ? settings.MaxRetryDelay : wait;
    }

    // Exponential with jitter, so that many conversations throttled together do not retry in step.
    private static TimeSpan Backoff(int attempt, BotOptions settings)
    {
        var exponential = settings.RetryBaseDelay * Math.Pow(2, attempt - 1);
        var capped = exponential > settings.MaxRetryDelay ? settings.MaxRetryDelay : exponential;
        return capped * (0.5 + (Random.Shared.NextDouble() * 0.5));
    }

    private static async Task<ResourceResponse> ReadResourceAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ResourceResponse(null);
        }

        try
        {
            return JsonSerializer.Deserialize(text, BotJsonContext.Default.ResourceResponse) ?? new ResourceResponse(null);
        }
        catch (JsonException)
        {
            return new ResourceResponse(null);
        }
    }

    private static async Task<ConnectorError?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return string.IsNullOrWhiteSpace(text)
                ? null
                : JsonSerializer.Deserialize(text, BotJsonContext.Default.ConnectorErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
