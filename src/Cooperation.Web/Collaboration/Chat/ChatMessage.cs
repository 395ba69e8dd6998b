using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Collaboration.Chat;

/// <summary>A message in a workspace's chat. Plain text: it is always shown as text, never as HTML.</summary>
public sealed class ChatMessage : IAuthoredPost
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }

    /// <summary>The sequence number of the event that posted it; orders and pages the history.</summary>
    public long Sequence { get; set; }

    public required string AuthorId { get; init; }
    public required string Text { get; set; }
    public DateTime At { get; init; }
    public DateTime? EditedAt { get; set; }

    /// <summary>Deleted messages keep their place in the history with their text removed.</summary>
    public DateTime? DeletedAt { get; set; }

    public Accounts.AppUser? Author { get; init; }
}

public sealed record ChatMessageDto(Guid Id, Guid WorkspaceId, long Sequence, string AuthorId, string AuthorName, string Text, DateTime At, DateTime? EditedAt, bool Deleted) : IWorkspaceEventData;

/// <summary>Messages oldest first; <see cref="HasMore"/> means older ones exist (ask with before = the first sequence).</summary>
public sealed record ChatPage(IReadOnlyList<ChatMessageDto> Messages, bool HasMore);

public sealed record ChatInput(string Text);

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> builder)
    {
        // Stored size is bounded by CollaborationOptions.MaxMessageBytes (UTF-8); 32 KB bytes is at most 32K chars.
        builder.Property(m => m.Text).HasMaxLength(32_768);
        builder.HasIndex(m => new { m.WorkspaceId, m.Sequence }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(m => m.Author).WithMany().HasForeignKey(m => m.AuthorId).OnDelete(DeleteBehavior.Restrict);
    }
}
