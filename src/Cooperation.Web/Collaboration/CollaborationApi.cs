using System.Security.Claims;
using Cooperation.Web.Collaboration.Chat;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;

namespace Cooperation.Web.Collaboration;

/// <summary>The hub's data over REST, for clients that poll or cannot hold a connection.</summary>
public static class CollaborationApi
{
    public static IEndpointRouteBuilder MapCollaborationApi(this IEndpointRouteBuilder endpoints)
    {
        var one = endpoints.MapGroup("/api/workspaces/{workspaceId:guid}").WithTags("Collaboration");

        one.MapGet("/events", async (Guid workspaceId, long? after, int? max, IWorkspaceEvents events, CancellationToken ct) =>
                TypedResults.Ok(await events.ReadSinceAsync(workspaceId, Math.Max(0, after ?? 0), max ?? WorkspaceEvents.MaxPageSize, ct)))
            .RequireWorkspace(WorkspaceRequirement.Read)
            .WithSummary("Workspace events after a sequence number, oldest first (catch-up). At most 500 a page; hasMore says ask again.");

        one.MapGet("/chat", async (Guid workspaceId, long? before, int? take, ChatService chat, CancellationToken ct) =>
                TypedResults.Ok(await chat.HistoryAsync(workspaceId, before, take ?? 50, ct)))
            .RequireWorkspace(WorkspaceRequirement.Read)
            .WithSummary("Chat history, newest page first (messages in each page oldest first); page back with before = the first sequence.");

        one.MapPost("/chat", async (Guid workspaceId, ChatInput input, ClaimsPrincipal user, ChatService chat, CancellationToken ct) =>
                TypedResults.Ok(await chat.PostAsync(workspaceId, user.UserId(), input.Text, ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .WithSummary("Posts a chat message (plain text, at most 8 KB by default).");

        one.MapPut("/chat/{messageId:guid}", async (Guid workspaceId, Guid messageId, ChatInput input, ClaimsPrincipal user, ChatService chat, CancellationToken ct) =>
                TypedResults.Ok(await chat.EditAsync(workspaceId, messageId, user.UserId(), input.Text, ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .WithSummary("Edits one of your own chat messages.");

        one.MapDelete("/chat/{messageId:guid}", async (Guid workspaceId, Guid messageId, ClaimsPrincipal user, ChatService chat, CancellationToken ct) =>
            {
                await chat.DeleteAsync(workspaceId, messageId, user.UserId(), ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .WithSummary("Deletes one of your own chat messages (it stays in the history as deleted).");

        one.MapGet("/presence", async (Guid workspaceId, PresenceService presence, CancellationToken ct) =>
                TypedResults.Ok(await presence.ListAsync(workspaceId, PresenceService.CultureName(System.Globalization.CultureInfo.CurrentUICulture), ct)))
            .RequireWorkspace(WorkspaceRequirement.Read)
            .WithSummary("Who is online, idle or offline, with when they were last active, in your language.");

        return endpoints;
    }
}
