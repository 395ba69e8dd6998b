using System.Security.Claims;
using Cooperation.Web.Collaboration.Chat;
using Cooperation.Web.Collaboration.Comments;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;

namespace Cooperation.Web.Collaboration;

/// <summary>The hub's data over REST, for clients that poll or cannot hold a connection.</summary>
public static class CollaborationApi
{
    public static IEndpointRouteBuilder MapCollaborationApi(this IEndpointRouteBuilder endpoints)
    {
        var one = endpoints.MapGroup("/api/workspaces/{workspaceId:guid}").WithTags("Collaboration").RequireWorkspace(WorkspaceRequirement.Read);

        one.MapGet("/events", async (Guid workspaceId, long? after, int? max, IWorkspaceEvents events, CancellationToken ct) =>
                TypedResults.Ok(await events.ReadSinceAsync(workspaceId, Math.Max(0, after ?? 0), max ?? WorkspaceEvents.MaxPageSize, ct)))
            .WithSummary("Workspace events after a sequence number, oldest first (catch-up). At most 500 a page; hasMore says ask again.");

        one.MapGet("/chat", async (Guid workspaceId, long? before, int? take, ChatService chat, CancellationToken ct) =>
                TypedResults.Ok(await chat.HistoryAsync(workspaceId, before, take ?? 50, ct)))
            .WithSummary("Chat history, newest page first (messages in each page oldest first); page back with before = the first sequence.");

        one.MapPost("/chat", async (Guid workspaceId, ChatInput input, ClaimsPrincipal user, ChatService chat, CancellationToken ct) =>
                TypedResults.Ok(await chat.PostAsync(workspaceId, user.UserId(), input.Text, ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Posts a chat message (plain text, at most 8 KB by default).");

        one.MapPut("/chat/{messageId:guid}", async (Guid workspaceId, Guid messageId, ChatInput input, ClaimsPrincipal user, ChatService chat, CancellationToken ct) =>
                TypedResults.Ok(await chat.EditAsync(workspaceId, messageId, user.UserId(), input.Text, ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
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
            .WithSummary("Who is online, idle or offline, with when they were last active, in your language.");

        one.MapGet("/documents/{documentId:guid}/comments", async (Guid workspaceId, Guid documentId, CommentService comments, CancellationToken ct) =>
                TypedResults.Ok(await comments.ListAsync(workspaceId, documentId, ct)))
            .WithSummary("The document's comments, oldest first, each with its replies; html is rendered from the Markdown and sanitised.");

        one.MapPost("/documents/{documentId:guid}/comments", async (Guid workspaceId, Guid documentId, CommentInput input, ClaimsPrincipal user, CommentService comments, CancellationToken ct) =>
                TypedResults.Ok(await comments.AddAsync(workspaceId, documentId, input.ParentId, user.UserId(), input.Text, ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Comments on a document (Markdown, at most 8 KB by default), or replies to a top-level comment with parentId; @name notifies a member.");

        one.MapPut("/comments/{commentId:guid}", async (Guid workspaceId, Guid commentId, CommentEdit input, ClaimsPrincipal user, CommentService comments, CancellationToken ct) =>
                TypedResults.Ok(await comments.EditAsync(workspaceId, commentId, user.UserId(), input.Text, ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Edits one of your own comments.");

        one.MapDelete("/comments/{commentId:guid}", async (Guid workspaceId, Guid commentId, ClaimsPrincipal user, CommentService comments, CancellationToken ct) =>
            {
                await comments.DeleteAsync(workspaceId, commentId, user.UserId(), ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .WithSummary("Deletes one of your own comments (replies stay; the comment shows as deleted).");

        return endpoints;
    }
}
