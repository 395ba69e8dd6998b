using Cooperation.Web.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Collaboration.Comments;

/// <summary>A comment on a document, or a reply to one (one level: replies have no replies).</summary>
public sealed class Comment : IAuthoredPost
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public Guid DocumentId { get; init; }
    public Guid? ParentId { get; init; }
    public required string AuthorId { get; init; }

    /// <summary>What the author wrote, as Markdown. HTML is rendered from it when read, never stored.</summary>
    public required string Markdown { get; set; }

    public DateTime At { get; init; }
    public DateTime? EditedAt { get; set; }
    public DateTime? DeletedAt { get; set; }

    public Accounts.AppUser? Author { get; init; }
}

/// <summary>A comment as clients see it: <see cref="Html"/> is rendered from the Markdown and sanitised.</summary>
public sealed record CommentDto(
    Guid Id, Guid WorkspaceId, Guid DocumentId, string DocumentTitle, Guid? ParentId, string AuthorId, string AuthorName,
    string Markdown, string Html, DateTime At, DateTime? EditedAt, bool Deleted, IReadOnlyList<string> MentionedUserIds,
    IReadOnlyList<CommentDto> Replies) : IWorkspaceEventData;

public sealed record CommentInput(string Text, Guid? ParentId = null);

public sealed record CommentEdit(string Text);

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.Property(c => c.Markdown).HasMaxLength(32_768);
        builder.HasIndex(c => new { c.DocumentId, c.At });
        builder.HasIndex(c => c.WorkspaceId);
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(c => c.Author).WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
