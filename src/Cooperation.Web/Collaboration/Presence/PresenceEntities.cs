using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Collaboration.Presence;

/// <summary>
/// One hub connection in one workspace. Kept in the database (not in memory) so that every instance of a
/// scaled-out site gives the same answer to "who is online".
/// </summary>
public sealed class PresenceConnection
{
    public required string ConnectionId { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string UserId { get; init; }

    /// <summary>The server instance holding the connection; its heartbeat keeps the row alive.</summary>
    public required string InstanceId { get; init; }

    /// <summary>The viewer's language, for the SignalR group that receives presence texts in it.</summary>
    public required string Culture { get; init; }

    public bool IsIdle { get; set; }
    public DateTime ConnectedAt { get; init; }
    public DateTime LastActiveAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
}

/// <summary>When a person was last active in a workspace, kept after they go offline.</summary>
public sealed class PresenceLastSeen
{
    public Guid WorkspaceId { get; init; }
    public required string UserId { get; init; }
    public DateTime At { get; set; }
}

internal sealed class PresenceConfiguration : IEntityTypeConfiguration<PresenceConnection>, IEntityTypeConfiguration<PresenceLastSeen>
{
    public void Configure(EntityTypeBuilder<PresenceConnection> builder)
    {
        builder.HasKey(c => new { c.ConnectionId, c.WorkspaceId });
        builder.Property(c => c.ConnectionId).HasMaxLength(128);
        builder.Property(c => c.InstanceId).HasMaxLength(128);
        builder.Property(c => c.Culture).HasMaxLength(16);
        builder.HasIndex(c => new { c.WorkspaceId, c.UserId });
        builder.HasIndex(c => c.InstanceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PresenceLastSeen> builder)
    {
        builder.HasKey(s => new { s.WorkspaceId, s.UserId });
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
