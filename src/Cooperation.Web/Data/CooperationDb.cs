using Cooperation.Web.Accounts;
using Cooperation.Web.Offices;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Cooperation.Web.Data;

/// <summary>
/// The one database of the product. Each provider has a subclass (<see cref="SqliteCooperationDb"/>,
/// <see cref="PostgresCooperationDb"/>) only so that each keeps its own migrations.
/// </summary>
public abstract class CooperationDb(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    // Cookie and antiforgery keys live in the database so that every instance of a multi-node site shares them.
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Office> Offices => Set<Office>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AccessToken> AccessTokens => Set<AccessToken>();
    public DbSet<Documents.Document> Documents => Set<Documents.Document>();
    public DbSet<Documents.DocumentVersion> DocumentVersions => Set<Documents.DocumentVersion>();
    public DbSet<Documents.DocumentPage> DocumentPages => Set<Documents.DocumentPage>();
    public DbSet<Documents.ExtractionJob> ExtractionJobs => Set<Documents.ExtractionJob>();
    public DbSet<Programmes.Programme> Programmes => Set<Programmes.Programme>();
    public DbSet<Programmes.ProgrammeSession> ProgrammeSessions => Set<Programmes.ProgrammeSession>();
    public DbSet<Programmes.SessionParticipant> SessionParticipants => Set<Programmes.SessionParticipant>();
    public DbSet<Programmes.OfficeHoliday> OfficeHolidays => Set<Programmes.OfficeHoliday>();
    public DbSet<Programmes.CalendarSubscription> CalendarSubscriptions => Set<Programmes.CalendarSubscription>();
    public DbSet<Programmes.SessionReminder> SessionReminders => Set<Programmes.SessionReminder>();

    public DbSet<Collaboration.WorkspaceEvent> WorkspaceEvents => Set<Collaboration.WorkspaceEvent>();
    public DbSet<Collaboration.WorkspaceEventCounter> WorkspaceEventCounters => Set<Collaboration.WorkspaceEventCounter>();
    public DbSet<Collaboration.Presence.PresenceConnection> PresenceConnections => Set<Collaboration.Presence.PresenceConnection>();
    public DbSet<Collaboration.Presence.PresenceLastSeen> PresenceLastSeen => Set<Collaboration.Presence.PresenceLastSeen>();
    public DbSet<Collaboration.Chat.ChatMessage> ChatMessages => Set<Collaboration.Chat.ChatMessage>();
    public DbSet<Collaboration.Comments.Comment> Comments => Set<Collaboration.Comments.Comment>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // All times are UTC; SQLite forgets the kind, so restore it on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CooperationDb).Assembly, t => t.Namespace?.StartsWith("Cooperation.Web", StringComparison.Ordinal) == true);

        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength);
            user.Property(u => u.TimeZone).HasMaxLength(64);
            user.Property(u => u.Language).HasMaxLength(16);
            user.HasOne(u => u.Office).WithMany().HasForeignKey(u => u.OfficeId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Office>(office =>
        {
            office.Property(o => o.Name).HasMaxLength(Office.NameMaxLength);
            office.HasIndex(o => o.Name).IsUnique();
            office.Property(o => o.CountryCode).HasMaxLength(2);
            office.Property(o => o.TimeZone).HasMaxLength(64);
            office.Property(o => o.Languages).HasConversion(
                v => string.Join(',', v),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<string>>(
                    (a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()))
                .HasMaxLength(200);
        });

        builder.Entity<Workspace>(workspace =>
        {
            workspace.Property(w => w.Name).HasMaxLength(Workspace.NameMaxLength);
            // Names are unique as compared by WorkspaceNames.Normalize, which the database cannot do itself.
            workspace.HasIndex(w => w.NormalizedName).IsUnique();
            workspace.Property(w => w.Description).HasMaxLength(Workspace.DescriptionMaxLength);
            workspace.HasMany(w => w.Members).WithOne(m => m.Workspace).HasForeignKey(m => m.WorkspaceId);
        });

        builder.Entity<Membership>(membership =>
        {
            membership.HasKey(m => new { m.WorkspaceId, m.UserId });
            membership.HasIndex(m => m.UserId);
            membership.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Invitation>(invitation =>
        {
            invitation.Property(i => i.Email).HasMaxLength(256);
            invitation.Property(i => i.NormalizedEmail).HasMaxLength(256);
            invitation.HasIndex(i => i.NormalizedEmail);
            invitation.Property(i => i.SecretHash).HasMaxLength(64);
            invitation.HasIndex(i => i.SecretHash).IsUnique();
            invitation.HasIndex(i => i.WorkspaceId);
        });

        builder.Entity<AuditEntry>(audit =>
        {
            audit.Property(a => a.Action).HasMaxLength(64);
            audit.Property(a => a.Details).HasMaxLength(1_000);
            audit.HasIndex(a => new { a.WorkspaceId, a.At });
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
        v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));
}

public sealed class SqliteCooperationDb(DbContextOptions<SqliteCooperationDb> options) : CooperationDb(options);

public sealed class PostgresCooperationDb(DbContextOptions<PostgresCooperationDb> options) : CooperationDb(options);
