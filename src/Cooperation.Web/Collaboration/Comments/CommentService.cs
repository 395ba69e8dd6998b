using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Collaboration.Comments;

/// <summary>Comments on documents with one level of replies, Markdown and @mentions. Callers check workspace access.</summary>
public sealed class CommentService(
    CooperationDb db,
    WorkspaceEvents events,
    CommentMarkdown markdown,
    IHubContext<WorkspaceHub, IWorkspaceClient> hub,
    IOptions<CollaborationOptions> options,
    TimeProvider clock)
{
    /// <summary>The document's comments, oldest first, each with its replies.</summary>
    public async Task<List<CommentDto>> ListAsync(Guid workspaceId, Guid documentId, CancellationToken cancellationToken)
    {
        var title = await DocumentTitleAsync(workspaceId, documentId, cancellationToken);
        var rows = await db.Comments.AsNoTracking()
            .Where(c => c.DocumentId == documentId && c.WorkspaceId == workspaceId)
            .OrderBy(c => c.At)
            .Select(c => new { Comment = c, Name = c.Author!.DisplayName == "" ? c.Author.Email ?? c.AuthorId : c.Author.DisplayName })
            .ToListAsync(cancellationToken);
        var replies = rows.Where(r => r.Comment.ParentId is not null).ToLookup(r => r.Comment.ParentId);
        return rows.Where(r => r.Comment.ParentId is null)
            .Select(r => ToDto(r.Comment, r.Name, title, [], replies[r.Comment.Id].Select(x => ToDto(x.Comment, x.Name, title, [], [])).ToList()))
            .ToList();
    }

    public async Task<CommentDto> AddAsync(Guid workspaceId, Guid documentId, Guid? parentId, string userId, string? text, CancellationToken cancellationToken)
    {
        var valid = MessageText.Validate(text, options.Value.MaxMessageBytes);
        var title = await DocumentTitleAsync(workspaceId, documentId, cancellationToken);
        if (parentId is { } id)
        {
            var parent = await db.Comments.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id && c.DocumentId == documentId, cancellationToken)
                ?? throw ProblemException.NotFound("Comment");
            if (parent.ParentId is not null)
            {
                throw ProblemException.Invalid("parentId", "Replies go one level deep: reply to the first comment of the thread instead.");
            }

            if (parent.DeletedAt is not null)
            {
                throw ProblemException.Conflict("That comment was deleted, so it cannot be replied to.");
            }
        }

        var comment = new Comment { WorkspaceId = workspaceId, DocumentId = documentId, ParentId = parentId, AuthorId = userId, Markdown = valid, At = Now };
        db.Comments.Add(comment);
        var author = await NameAsync(userId, cancellationToken);
        var mentioned = await MentionedAsync(workspaceId, valid, userId, cancellationToken);
        var dto = ToDto(comment, author, title, mentioned, []);
        var stored = await events.AppendAsync(db, workspaceId, WorkspaceEventTypes.CommentAdded, _ => dto, cancellationToken);
        await events.BroadcastAsync(stored);

        if (mentioned.Count > 0)
        {
            var excerpt = valid.Length > 140 ? valid[..140] + "…" : valid;
            var notice = new MentionNotice(workspaceId, "comment", comment.Id, documentId, userId, author, excerpt, stored.Sequence, markdown.ToHtml(excerpt));
            // Reaches every open connection of the person, on any instance, whichever workspace page they are on.
            await hub.Clients.Users(mentioned).Mentioned(notice);
        }

        return dto;
    }

    public async Task<CommentDto> EditAsync(Guid workspaceId, Guid commentId, string userId, string? text, CancellationToken cancellationToken)
    {
        var valid = MessageText.Validate(text, options.Value.MaxMessageBytes);
        var comment = await OwnAsync(workspaceId, commentId, userId, cancellationToken);
        var title = await DocumentTitleAsync(workspaceId, comment.DocumentId, cancellationToken);
        comment.Markdown = valid;
        comment.EditedAt = Now;
        var dto = ToDto(comment, await NameAsync(userId, cancellationToken), title, await MentionedAsync(workspaceId, valid, userId, cancellationToken), []);
        var stored = await events.AppendAsync(db, workspaceId, WorkspaceEventTypes.CommentEdited, _ => dto, cancellationToken);
        await events.BroadcastAsync(stored);
        return dto;
    }

    public async Task DeleteAsync(Guid workspaceId, Guid commentId, string userId, CancellationToken cancellationToken)
    {
        var comment = await OwnAsync(workspaceId, commentId, userId, cancellationToken);
        var title = await DocumentTitleAsync(workspaceId, comment.DocumentId, cancellationToken);
        comment.Markdown = "";
        comment.DeletedAt = Now;
        var dto = ToDto(comment, await NameAsync(userId, cancellationToken), title, [], []);
        var stored = await events.AppendAsync(db, workspaceId, WorkspaceEventTypes.CommentDeleted, _ => dto, cancellationToken);
        await events.BroadcastAsync(stored);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<Comment> OwnAsync(Guid workspaceId, Guid commentId, string userId, CancellationToken cancellationToken) =>
        Authors.Own(await db.Comments.FirstOrDefaultAsync(c => c.Id == commentId && c.WorkspaceId == workspaceId, cancellationToken), userId, "Comment");

    // Comments live and die with the document: a deleted (or foreign) document has none to show or add.
    private async Task<string> DocumentTitleAsync(Guid workspaceId, Guid documentId, CancellationToken cancellationToken) =>
        await db.Documents.AsNoTracking().Where(d => d.Id == documentId && d.WorkspaceId == workspaceId && d.DeletedAt == null)
            .Select(d => d.Title).FirstOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound("Document");

    private async Task<IReadOnlyList<string>> MentionedAsync(Guid workspaceId, string text, string authorId, CancellationToken cancellationToken)
    {
        if (!text.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }

        // Only members can be mentioned: a mention must not tell an outsider about the workspace.
        var members = await db.Memberships.AsNoTracking().Where(m => m.WorkspaceId == workspaceId)
            .Select(m => new Mentions.Person(m.UserId, m.User!.Email ?? "", m.User.DisplayName))
            .ToListAsync(cancellationToken);
        return Mentions.Find(text, members, authorId);
    }

    private Task<string> NameAsync(string userId, CancellationToken cancellationToken) => Authors.NameAsync(db, userId, cancellationToken);

    private CommentDto ToDto(Comment c, string authorName, string documentTitle, IReadOnlyList<string> mentioned, IReadOnlyList<CommentDto> replies) =>
        new(c.Id, c.WorkspaceId, c.DocumentId, documentTitle, c.ParentId, c.AuthorId, authorName,
            c.DeletedAt is null ? c.Markdown : "", c.DeletedAt is null ? markdown.ToHtml(c.Markdown) : "",
            c.At, c.EditedAt, c.DeletedAt is not null, mentioned, replies);
}
