using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Teams;

/// <summary>A Teams user (Entra object id in a tenant) tied to a hub account, so the bot answers from that person's workspaces.</summary>
public sealed class TeamsLink
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserId { get; init; }
    public required string AadObjectId { get; init; }
    public required string TenantId { get; init; }
    public string? TeamsName { get; init; }
    public DateTime LinkedAt { get; init; } = DateTime.UtcNow;
}

/// <summary>A one-time code the bot gave a Teams user, to be entered by a signed-in person on the site.</summary>
public sealed class TeamsLinkCode
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string CodeHash { get; init; }
    public required string AadObjectId { get; init; }
    public required string TenantId { get; init; }
    public string? TeamsName { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? UsedAt { get; set; }
}

/// <summary>Where proactive messages for one conversation go, and whether the bot may still write there.</summary>
public sealed class TeamsConversation
{
    public required string ConversationId { get; init; }
    public required string ReferenceJson { get; set; }
    public string? AadObjectId { get; set; }
    public string? TenantId { get; set; }
    public bool IsPersonal { get; set; }
    public bool Blocked { get; set; }
    public DateTime UpdatedAt { get; set; } = DateTime.UtcNow;
}

/// <summary>A like or dislike on one of the bot's answers, shown to administrators.</summary>
public sealed class TeamsFeedback
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string ConversationId { get; init; }
    public string? ActivityId { get; init; }
    public required string Reaction { get; init; }
    public string? Text { get; init; }
    public string? TeamsName { get; init; }
    public string? AadObjectId { get; init; }
    public DateTime ReceivedAt { get; init; }
}

internal sealed class TeamsConfiguration :
    IEntityTypeConfiguration<TeamsLink>, IEntityTypeConfiguration<TeamsLinkCode>, IEntityTypeConfiguration<TeamsConversation>, IEntityTypeConfiguration<TeamsFeedback>
{
    public void Configure(EntityTypeBuilder<TeamsLink> link)
    {
        link.Property(l => l.AadObjectId).HasMaxLength(64);
        link.Property(l => l.TenantId).HasMaxLength(64);
        link.Property(l => l.TeamsName).HasMaxLength(200);
        link.HasIndex(l => new { l.AadObjectId, l.TenantId }).IsUnique();
        link.HasIndex(l => l.UserId);
        link.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<TeamsLinkCode> code)
    {
        code.Property(c => c.CodeHash).HasMaxLength(64);
        code.HasIndex(c => c.CodeHash).IsUnique();
        code.Property(c => c.AadObjectId).HasMaxLength(64);
        code.Property(c => c.TenantId).HasMaxLength(64);
        code.Property(c => c.TeamsName).HasMaxLength(200);
    }

    public void Configure(EntityTypeBuilder<TeamsConversation> conversation)
    {
        conversation.HasKey(c => c.ConversationId);
        conversation.Property(c => c.ConversationId).HasMaxLength(400);
        conversation.Property(c => c.AadObjectId).HasMaxLength(64);
        conversation.Property(c => c.TenantId).HasMaxLength(64);
        conversation.HasIndex(c => new { c.AadObjectId, c.TenantId });
    }

    public void Configure(EntityTypeBuilder<TeamsFeedback> feedback)
    {
        feedback.Property(f => f.ConversationId).HasMaxLength(400);
        feedback.Property(f => f.ActivityId).HasMaxLength(200);
        feedback.Property(f => f.Reaction).HasMaxLength(16);
        feedback.Property(f => f.Text).HasMaxLength(4_000);
        feedback.Property(f => f.TeamsName).HasMaxLength(200);
        feedback.Property(f => f.AadObjectId).HasMaxLength(64);
        feedback.HasIndex(f => f.ReceivedAt);
    }
}
