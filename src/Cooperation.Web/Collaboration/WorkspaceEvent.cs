using System.Text.Json;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Collaboration;

/// <summary>
/// Something that happened in a workspace, numbered 1, 2, 3... per workspace so that a client that was away
/// can ask for exactly what it missed.
/// </summary>
public sealed class WorkspaceEvent
{
    public const int TypeMaxLength = 64;

    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public long Sequence { get; init; }
    public required string Type { get; init; }

    /// <summary>The payload as JSON (camelCase), exactly as clients receive it.</summary>
    public required string Data { get; init; }

    public DateTime At { get; init; }
}

/// <summary>The last sequence number given out in a workspace; its row lock serialises concurrent publishers.</summary>
public sealed class WorkspaceEventCounter
{
    public Guid WorkspaceId { get; init; }
    public long LastSequence { get; set; }
}

/// <summary>
/// The data of a workspace event: one record per kind of event, in its feature's folder, published and read back as
/// that record. docs/hub.md ("Event data") lists each with its JSON fields, and a test holds the two together.
/// </summary>
public interface IWorkspaceEventData;

/// <summary>A workspace event as clients see it, live and in catch-up reads.</summary>
public sealed record WorkspaceEventMessage(Guid WorkspaceId, long Sequence, string Type, DateTime At, JsonElement Data);

/// <summary>A page of events after a sequence number; <see cref="HasMore"/> means ask again from the last one.</summary>
public sealed record WorkspaceEventPage(Guid WorkspaceId, IReadOnlyList<WorkspaceEventMessage> Events, long LatestSequence, bool HasMore);

internal sealed class WorkspaceEventConfiguration : IEntityTypeConfiguration<WorkspaceEvent>, IEntityTypeConfiguration<WorkspaceEventCounter>
{
    public void Configure(EntityTypeBuilder<WorkspaceEvent> builder)
    {
        builder.Property(e => e.Type).HasMaxLength(WorkspaceEvent.TypeMaxLength);
        builder.HasIndex(e => new { e.WorkspaceId, e.Sequence }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<WorkspaceEventCounter> builder)
    {
        builder.HasKey(c => c.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
