using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Cooperation.Web.Collaboration.LiveAccess;

/// <summary>
/// Authentication happens when a connection opens; this keeps it true afterwards. Each connection is registered
/// for access reviews, and each call first checks that its sign-in still stands (token not revoked or expired,
/// account neither locked nor deleted) and reads whether the person is an administrator now, for the workspace
/// checks of the call (see <see cref="HubWorkspaceAccess"/>).
/// </summary>
internal sealed class LiveAccessFilter(LiveConnections connections, AccessReview review) : IHubFilter
{
    private static readonly object AdministratorKey = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        if (connections.Find(context.ConnectionId) is not { } connection)
        {
            throw SignInEnded();
        }

        var standing = await review.StandingAsync([connection], context.ConnectionAborted);
        if (!standing.TryGetValue(connection.ConnectionId, out var isAdministrator))
        {
            // Closed at once rather than after the refusal has gone out: until it closes it is still in its groups.
            context.Abort();
            throw SignInEnded();
        }

        context.Items[AdministratorKey] = isAdministrator;
        return await next(invocationContext);
    }

    private static readonly string SecurityStampClaim = new Microsoft.AspNetCore.Identity.ClaimsIdentityOptions().SecurityStampClaimType;

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var caller = context.Context;
        var tokenId = Guid.TryParse(caller.User?.FindFirst(AccessTokenAuthenticationHandler.TokenIdClaim)?.Value, out var id) ? id : (Guid?)null;
        var connection = new LiveConnection(caller, caller.User!.UserId(), tokenId, caller.User!.FindFirst(SecurityStampClaim)?.Value);
        // A locked account whose sign-in cookie is still valid would otherwise reconnect again and again.
        if ((await review.StandingAsync([connection], caller.ConnectionAborted)).Count == 0)
        {
            throw new HubException(SignInEnded().Message);
        }

        connections.Add(connection);
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        connections.Remove(context.Context.ConnectionId);
        await next(context, exception);
    }

    /// <summary>Whether the caller is an administrator according to the database at the start of this call.</summary>
    public static bool IsAdministrator(HubCallerContext context) => context.Items[AdministratorKey] is true;

    private static ProblemException SignInEnded() =>
        new(StatusCodes.Status401Unauthorized, "Sign-in ended",
            "Your sign-in has ended: the access token was revoked or has expired, or the account is locked. Sign in again.");
}
