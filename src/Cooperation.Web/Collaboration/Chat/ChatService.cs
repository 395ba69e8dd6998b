using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Collaboration.Chat;

/// <summary>Workspace chat: post, edit and delete one's own messages, page through history. Callers check access.</summary>
public sealed class ChatService(CooperationDb db, WorkspaceEvents events, IOptions<CollaborationOptions> options, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    /// <param name="authorName">The author's display name when the caller has it (from the sign-in claims), saving a query.</param>
    public async Task<ChatMessageDto> PostAsync(Guid workspaceId, string userId, string? text, CancellationToken cancellationToken, string? authorName = null)
    {
        var valid = MessageText.Validate(text, options.Value.MaxMessageBytes);
        var message = new ChatMessage { WorkspaceId = workspaceId, AuthorId = userId, Text = valid, At = clock.GetUtcNow().UtcDateTime };
        var name = string.IsNullOrEmpty(authorName) ? await AuthorNameAsync(userId, cancellationToken) : authorName;
        ChatMessageDto? dto = null;
        var stored = await events.StoreAsync(workspaceId, WorkspaceEventTypes.ChatPosted, sequence => dto = ToDto(message, name), (writerDb, sequence) =>
        {
            message.Sequence = sequence;
            writerDb.ChatMessages.Add(message);
        }, cancellationToken);
        await events.BroadcastAsync(stored);
        return dto!;
    }

    public async Task<ChatMessageDto> EditAsync(Guid workspaceId, Guid messageId, string userId, string? text, CancellationToken cancellationToken)
    {
        var valid = MessageText.Validate(text, options.Value.MaxMessageBytes);
        var message = await OwnAsync(workspaceId, messageId, userId, cancellationToken);
        message.Text = valid;
        message.EditedAt = clock.GetUtcNow().UtcDateTime;
        var dto = ToDto(message, await AuthorNameAsync(userId, cancellationToken));
        var stored = await events.AppendAsync(db, workspaceId, WorkspaceEventTypes.ChatEdited, _ => dto, cancellationToken);
        await events.BroadcastAsync(stored);
        return dto;
    }

    public async Task DeleteAsync(Guid workspaceId, Guid messageId, string userId, CancellationToken cancellationToken)
    {
        var message = await OwnAsync(workspaceId, messageId, userId, cancellationToken);
        message.Text = "";
        message.DeletedAt = clock.GetUtcNow().UtcDateTime;
        var dto = ToDto(message, await AuthorNameAsync(userId, cancellationToken));
        var stored = await events.AppendAsync(db, workspaceId, WorkspaceEventTypes.ChatDeleted, _ => dto, cancellationToken);
        await events.BroadcastAsync(stored);
    }

    /// <summary>The newest messages before <paramref name="beforeSequence"/> (or the newest of all), returned oldest first.</summary>
    public async Task<ChatPage> HistoryAsync(Guid workspaceId, long? beforeSequence, int take, CancellationToken cancellationToken)
    {
        take = Math.Clamp(take, 1, MaxPageSize);
        var query = db.ChatMessages.AsNoTracking().Where(m => m.WorkspaceId == workspaceId);
        if (beforeSequence is { } before)
        {
            query = query.Where(m => m.Sequence < before);
        }

        var rows = await query.OrderByDescending(m => m.Sequence).Take(take + 1)
            .Select(m => new { Message = m, Name = m.Author!.DisplayName == "" ? m.Author.Email ?? m.AuthorId : m.Author.DisplayName })
            .ToListAsync(cancellationToken);
        var page = rows.Take(take).Reverse().Select(r => ToDto(r.Message, r.Name)).ToList();
        return new ChatPage(page, rows.Count > take);
    }

    private async Task<ChatMessage> OwnAsync(Guid workspaceId, Guid messageId, string userId, CancellationToken cancellationToken) =>
        Authors.Own(await db.ChatMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.WorkspaceId == workspaceId, cancellationToken), userId, "Message");

    private Task<string> AuthorNameAsync(string userId, CancellationToken cancellationToken) => Authors.NameAsync(db, userId, cancellationToken);

    private static ChatMessageDto ToDto(ChatMessage m, string authorName) =>
        new(m.Id, m.WorkspaceId, m.Sequence, m.AuthorId, authorName, m.DeletedAt is null ? m.Text : "", m.At, m.EditedAt, m.DeletedAt is not null);
}
