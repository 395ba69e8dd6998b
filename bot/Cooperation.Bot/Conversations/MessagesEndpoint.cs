using System.Text.Json;
using Cooperation.Bot.Authentication;
using Cooperation.Bot.Connector;
using Cooperation.Bot.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Cooperation.Bot.Conversations;

/// <summary>
/// <c>POST /api/messages</c>: reads and checks the activity, authenticates the caller, runs the turn,
/// and answers with the status codes the Bot Framework channels expect.
/// </summary>
internal static class MessagesEndpoint
{
    /// <summary>Well above Teams' 100 KB message limit; anything larger is not a real activity.</summary>
    internal const int MaxBodyBytes = 512 * 1024;

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        BotRequestAuthenticator authenticator,
        BotConnectorClient connector,
        IServiceScopeFactory scopes,
        IHostApplicationLifetime lifetime,
        TimeProvider clock,
        IOptions<BotOptions> options,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(MessagesEndpoint));
        var authorization = context.Request.Headers.Authorization.ToString();
        if (options.Value.AuthenticationEnabled && string.IsNullOrWhiteSpace(authorization))
        {
            BotLog.Unauthenticated(logger, "no Authorization header");
            return Unauthorized();
        }

        var (activity, problem) = await ReadActivityAsync(context.Request, cancellationToken);
        if (activity is null)
        {
            BotLog.BadActivity(logger, problem!);
            return problem!.Status == StatusCodes.Status413PayloadTooLarge
                ? Results.Problem(title: "The activity is too large.", detail: problem.Detail, statusCode: problem.Status)
                : Results.Problem(title: "The activity is not valid.", detail: problem.Detail, statusCode: problem.Status);
        }

        var forwarded = context.Request.Headers.ContainsKey("Forwarded") || context.Request.Headers.ContainsKey("X-Forwarded-For");
        var authentication = await authenticator.AuthenticateAsync(authorization, context.Connection.RemoteIpAddress, forwarded, activity, cancellationToken);
        if (!authentication.Succeeded)
        {
            BotLog.Unauthenticated(logger, authentication.FailureReason!);
            return Unauthorized();
        }

        if (authentication.Unsigned)
        {
            // Anyone on this machine can write any aadObjectId into an unsigned activity; without it the backend
            // answers as an unlinked Teams user (public workspaces only) and cannot link or list programmes.
            activity.From!.AadObjectId = null;
        }

        BotLog.ActivityReceived(logger, activity.Type!, activity.ChannelId!, activity.Conversation!.Id!);
        var expectReplies = string.Equals(activity.DeliveryMode, ActivityTypes.ExpectReplies, StringComparison.OrdinalIgnoreCase);
        ITurnReplies replies = expectReplies ? new BufferedReplies() : new ConnectorReplies(connector, activity);

        if (activity.Type != ActivityTypes.Invoke && replies is ConnectorReplies)
        {
            return await RunWithinBudgetAsync(activity, replies, scopes, lifetime.ApplicationStopping, clock, options.Value.TurnResponseBudget, logger, cancellationToken);
        }

        InvokeResponse? invokeResponse;
        try
        {
            // Resolved only here: a message turn gets the handler from a scope of its own (it may outlive this request).
            var handler = context.RequestServices.GetRequiredService<BotTurnHandler>();
            invokeResponse = await handler.HandleAsync(activity, replies, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            BotLog.TurnFailed(logger, activity.Type!, exception);
            return TurnFailed();
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            return invokeResponse is null
                ? Results.StatusCode(StatusCodes.Status501NotImplemented)
                : invokeResponse.Body is null
                    ? Results.StatusCode(invokeResponse.Status)
                    : Results.Json(invokeResponse.Body, statusCode: invokeResponse.Status);
        }

        if (replies is BufferedReplies buffered)
        {
            var body = JsonSerializer.Serialize(new ExpectedReplies(buffered.Activities), BotJsonContext.Default.ExpectedReplies);
            return Results.Text(body, "application/json", statusCode: StatusCodes.Status200OK);
        }

        return Results.Ok();
    }

    /// <summary>
    /// Runs a turn whose replies go through the connector, and answers the channel when it ends or when the budget
    /// runs out, whichever comes first. The turn has its own service scope and stops only with the application, so
    /// that it can finish after the channel's request is over; an invoke or an expectReplies turn, whose answer is
    /// the response itself, is never run this way.
    /// </summary>
    private static async Task<IResult> RunWithinBudgetAsync(
        Activity activity,
        ITurnReplies replies,
        IServiceScopeFactory scopes,
        CancellationToken stopping,
        TimeProvider clock,
        TimeSpan budget,
        ILogger logger,
        CancellationToken requestAborted)
    {
        var turn = RunTurnAsync(activity, replies, scopes, logger, stopping);
        var finished = await Task.WhenAny(turn, Task.Delay(budget, clock, requestAborted)) == turn;
        if (!finished)
        {
            BotLog.TurnContinues(logger, activity.Conversation!.Id!, budget);
            return Results.Ok();
        }

        return await turn ? Results.Ok() : TurnFailed();
    }

    /// <summary>True when the turn ran to its end; a failure is logged here, since nobody may be waiting for it.</summary>
    private static async Task<bool> RunTurnAsync(Activity activity, ITurnReplies replies, IServiceScopeFactory scopes, ILogger logger, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<BotTurnHandler>().HandleAsync(activity, replies, stopping);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            BotLog.TurnFailed(logger, activity.Type!, exception);
            return false;
        }
    }

    private static IResult TurnFailed() =>
        Results.Problem(title: "The bot could not process the activity.", statusCode: StatusCodes.Status500InternalServerError);

    private static IResult Unauthorized() => new UnauthorizedProblem();

    private sealed class UnauthorizedProblem : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return Results.Problem(
                    title: "The request is not authenticated.",
                    detail: "Activities must carry a valid Bot Framework bearer token.",
                    statusCode: StatusCodes.Status401Unauthorized)
                .ExecuteAsync(httpContext);
        }
    }

    internal sealed record ActivityProblem(int Status, string Detail);

    private static async Task<(Activity? Activity, ActivityProblem? Problem)> ReadActivityAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, new(StatusCodes.Status413PayloadTooLarge, $"Activities larger than {MaxBodyBytes / 1024} KB are refused."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, new(StatusCodes.Status413PayloadTooLarge, $"Activities larger than {MaxBodyBytes / 1024} KB are refused."));
            }

            buffer.Write(chunk, 0, read);
        }

        Activity? activity;
        try
        {
            activity = buffer.Length == 0 ? null : JsonSerializer.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), BotJsonContext.Default.Activity);
        }
        catch (JsonException exception)
        {
            var where = exception.Path is null ? string.Empty : $" at {exception.Path}";
            return (null, new(StatusCodes.Status400BadRequest, $"The body is not a JSON activity (error{where}, line {exception.LineNumber + 1})."));
        }

        if (activity is null)
        {
            return (null, new(StatusCodes.Status400BadRequest, "The body is empty; an activity JSON object is required."));
        }

        var missing = MissingFields(activity);
        if (missing.Count > 0)
        {
            return (null, new(StatusCodes.Status400BadRequest, $"The activity lacks required fields: {string.Join(", ", missing)}."));
        }

        if (!Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl)
            || (serviceUrl.Scheme != Uri.UriSchemeHttps && serviceUrl.Scheme != Uri.UriSchemeHttp))
        {
            return (null, new(StatusCodes.Status400BadRequest, "The activity's serviceUrl must be an absolute http(s) URL."));
        }

        return (activity, null);
    }

    private static List<string> MissingFields(Activity activity)
    {
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            missing.Add("type");
        }

        if (string.IsNullOrWhiteSpace(activity.ChannelId))
        {
            missing.Add("channelId");
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            missing.Add("serviceUrl");
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            missing.Add("conversation.id");
        }

        if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            missing.Add("from.id");
        }

        return missing;
    }
}
