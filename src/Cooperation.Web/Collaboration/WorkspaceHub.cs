using Cooperation.Web.Assistant;
using Cooperation.Web.Collaboration.Chat;
using Cooperation.Web.Collaboration.Comments;
using Cooperation.Web.Collaboration.LiveAccess;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;

namespace Cooperation.Web.Collaboration;

public sealed record JoinResult(Guid WorkspaceId, long LatestSequence, IReadOnlyList<PresenceUpdate> Presence);

/// <summary>
/// /hubs/workspace. Thin on purpose: every method checks the caller's access to the workspace and hands over to
/// a service. Errors reach the caller as HubException messages (see <see cref="HubErrorFilter"/>); the caller's
/// sign-in is checked before each call, and connections follow access changes (see <see cref="LiveAccessFilter"/>).
/// </summary>
public sealed class WorkspaceHub(WorkspaceAccess access, PresenceService presence, ChatService chat, CommentService comments, IWorkspaceEvents events, TypingThrottle typing,
    AssistantService assistant, LiveConnections live)
    : Hub<IWorkspaceClient>
{
    private string UserId => Context.User!.UserId();
    private CancellationToken Aborted => Context.ConnectionAborted;

    private string Culture => PresenceService.CultureName(
        Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture);

    public async Task<JoinResult> JoinWorkspace(Guid workspaceId)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Read);
        var culture = Culture;
        await presence.JoinAsync(Context.ConnectionId, workspaceId, UserId, culture, Aborted);
        Context.Items.Remove(IdleKey(workspaceId));
        live.Find(Context.ConnectionId)?.Workspaces.TryAdd(workspaceId, culture);
        await Groups.AddToGroupAsync(Context.ConnectionId, WorkspaceGroups.Of(workspaceId), Aborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, WorkspaceGroups.Of(workspaceId, culture), Aborted);

        // Access may have ended between the check and the group join; a review only drops connections it knows
        // have joined, so look again now that this one is recorded.
        if (!(await access.GetAsync(Context, workspaceId)).CanRead)
        {
            await LeaveWorkspace(workspaceId);
            throw ProblemException.NotFound("Workspace");
        }

        return new JoinResult(workspaceId, await events.LatestSequenceAsync(workspaceId, Aborted), await presence.ListAsync(workspaceId, culture, Aborted));
    }

    public async Task LeaveWorkspace(Guid workspaceId)
    {
        live.Find(Context.ConnectionId)?.Workspaces.TryRemove(workspaceId, out _);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, WorkspaceGroups.Of(workspaceId), Aborted);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, WorkspaceGroups.Of(workspaceId, Culture), Aborted);
        await presence.LeaveAsync(Context.ConnectionId, workspaceId, Aborted);
    }

    /// <summary>Catch-up: the events after <paramref name="afterSequence"/>, oldest first, up to 500 at a time.</summary>
    public async Task<WorkspaceEventPage> GetEventsSince(Guid workspaceId, long afterSequence)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Read);
        return await events.ReadSinceAsync(workspaceId, Math.Max(0, afterSequence), WorkspaceEvents.MaxPageSize, Aborted);
    }

    public async Task<ChatMessageDto> SendChatMessage(Guid workspaceId, string text)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Contribute);
        var sent = await chat.PostAsync(workspaceId, UserId, text, Aborted, Context.User!.FindFirst("name")?.Value);
        // Sending is activity: a tab that had reported itself idle is active again.
        if (Context.Items.Remove(IdleKey(workspaceId)))
        {
            await presence.SetIdleAsync(Context.ConnectionId, workspaceId, UserId, idle: false, Aborted);
        }

        return sent;
    }

    public async Task<ChatMessageDto> EditChatMessage(Guid workspaceId, Guid messageId, string text)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Contribute);
        return await chat.EditAsync(workspaceId, messageId, UserId, text, Aborted);
    }

    public async Task DeleteChatMessage(Guid workspaceId, Guid messageId)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Contribute);
        await chat.DeleteAsync(workspaceId, messageId, UserId, Aborted);
    }

    public async Task<ChatPage> GetChatHistory(Guid workspaceId, long? beforeSequence, int take)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Read);
        return await chat.HistoryAsync(workspaceId, beforeSequence, take, Aborted);
    }

    /// <summary>Tells the others that the caller is typing. Repeats within a few seconds are dropped silently.</summary>
    public async Task Typing(Guid workspaceId)
    {
        var info = await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Contribute);
        if (typing.ShouldSend(Context.ConnectionId, workspaceId))
        {
            var name = Context.User!.FindFirst("name")?.Value ?? UserId;
            await Clients.OthersInGroup(WorkspaceGroups.Of(info.WorkspaceId)).UserTyping(new TypingNotice(workspaceId, UserId, name));
        }
    }

    /// <summary>The page reports idle after a while without input, and active again on the next input.</summary>
    public async Task SetActivity(Guid workspaceId, bool idle)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Read);
        await presence.SetIdleAsync(Context.ConnectionId, workspaceId, UserId, idle, Aborted);
        if (idle)
        {
            Context.Items[IdleKey(workspaceId)] = true;
        }
        else
        {
            Context.Items.Remove(IdleKey(workspaceId));
        }
    }

    private static string IdleKey(Guid workspaceId) => $"idle:{workspaceId:N}";

    public async Task<IReadOnlyList<PresenceUpdate>> GetPresence(Guid workspaceId)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Read);
        return await presence.ListAsync(workspaceId, Culture, Aborted);
    }

    public async Task<IReadOnlyList<CommentDto>> GetComments(Guid workspaceId, Guid documentId)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Read);
        return await comments.ListAsync(workspaceId, documentId, Aborted);
    }

    /// <summary>Adds a comment on a document, or a reply when <paramref name="parentId"/> names a top-level comment.</summary>
    public async Task<CommentDto> AddComment(Guid workspaceId, Guid documentId, Guid? parentId, string text)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Contribute);
        return await comments.AddAsync(workspaceId, documentId, parentId, UserId, text, Aborted);
    }

    public async Task<CommentDto> EditComment(Guid workspaceId, Guid commentId, string text)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Contribute);
        return await comments.EditAsync(workspaceId, commentId, UserId, text, Aborted);
    }

    public async Task DeleteComment(Guid workspaceId, Guid commentId)
    {
        await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Contribute);
        await comments.DeleteAsync(workspaceId, commentId, UserId, Aborted);
    }

    /// <summary>
    /// Asks the rules assistant about the materials of this workspace only. Streams text, then one final verified
    /// answer. The question and answer are the asker's own: nothing is stored or sent to the other members.
    /// Access and the question are checked before the stream starts, so refusals arrive as ordinary call errors.
    /// </summary>
    public async Task<IAsyncEnumerable<AssistantPart>> AskAssistant(Guid workspaceId, string? question)
    {
        var workspace = await access.RequireAsync(Context, workspaceId, WorkspaceRequirement.Read);
        return assistant.AskStreaming(workspace, question, Aborted);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        typing.Forget(Context.ConnectionId);
        // The connection is gone, so its abort token has fired; the presence rows must still be removed.
        await presence.DisconnectedAsync(Context.ConnectionId, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }
}
