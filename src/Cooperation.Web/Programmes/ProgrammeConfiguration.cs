using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Programmes;

internal static class GuidListColumn
{
    public static PropertyBuilder<List<Guid>> AsGuidList(this PropertyBuilder<List<Guid>> property) =>
        property.HasConversion(
                v => string.Join(',', v),
                v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList(),
                new ValueComparer<List<Guid>>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(0, (h, g) => HashCode.Combine(h, g)), v => v.ToList()))
            .HasMaxLength(4_000);
}

internal sealed class ProgrammeConfiguration : IEntityTypeConfiguration<Programme>
{
    public void Configure(EntityTypeBuilder<Programme> programme)
    {
        programme.Property(p => p.Title).HasMaxLength(Programme.TitleMaxLength);
        programme.Property(p => p.Description).HasMaxLength(Programme.DescriptionMaxLength);
        programme.Property(p => p.CreatedById).HasMaxLength(64);
        programme.Property(p => p.PartnerOfficeIds).AsGuidList();
        programme.Property(p => p.DocumentIds).AsGuidList();
        programme.HasIndex(p => p.WorkspaceId);
        programme.HasOne<Workspaces.Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        programme.HasOne<Offices.Office>().WithMany().HasForeignKey(p => p.HostOfficeId).OnDelete(DeleteBehavior.Restrict);
        programme.Ignore(p => p.OfficeIds);
    }
}

internal sealed class ProgrammeSessionConfiguration : IEntityTypeConfiguration<ProgrammeSession>
{
    public void Configure(EntityTypeBuilder<ProgrammeSession> session)
    {
        session.Property(s => s.Title).HasMaxLength(ProgrammeSession.TitleMaxLength);
        session.Property(s => s.TimeZone).HasMaxLength(64);
        session.Property(s => s.Location).HasMaxLength(ProgrammeSession.LocationMaxLength);
        session.Property(s => s.OnlineLink).HasMaxLength(ProgrammeSession.LinkMaxLength);
        session.Property(s => s.OfficeIds).AsGuidList();
        session.HasOne(s => s.Programme).WithMany().HasForeignKey(s => s.ProgrammeId).OnDelete(DeleteBehavior.Cascade);
        session.HasIndex(s => new { s.WorkspaceId, s.StartUtc });
        session.HasIndex(s => s.StartUtc);
        session.HasMany(s => s.Participants).WithOne().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionParticipantConfiguration : IEntityTypeConfiguration<SessionParticipant>
{
    public void Configure(EntityTypeBuilder<SessionParticipant> participant)
    {
        participant.HasKey(p => new { p.SessionId, p.UserId });
        participant.HasIndex(p => p.UserId);
        participant.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OfficeHolidayConfiguration : IEntityTypeConfiguration<OfficeHoliday>
{
    public void Configure(EntityTypeBuilder<OfficeHoliday> holiday)
    {
        holiday.Property(h => h.Name).HasMaxLength(OfficeHoliday.NameMaxLength);
        holiday.HasIndex(h => new { h.OfficeId, h.Date }).IsUnique();
        holiday.HasOne<Offices.Office>().WithMany().HasForeignKey(h => h.OfficeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CalendarSubscriptionConfiguration : IEntityTypeConfiguration<CalendarSubscription>
{
    public void Configure(EntityTypeBuilder<CalendarSubscription> subscription)
    {
        subscription.Property(s => s.SecretHash).HasMaxLength(64);
        subscription.HasIndex(s => s.SecretHash).IsUnique();
        subscription.HasIndex(s => new { s.UserId, s.WorkspaceId });
        subscription.HasOne<Accounts.AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SessionReminderConfiguration : IEntityTypeConfiguration<SessionReminder>
{
    public void Configure(EntityTypeBuilder<SessionReminder> reminder)
    {
        reminder.Property(r => r.Channel).HasMaxLength(32);
        reminder.Property(r => r.ClaimedBy).HasMaxLength(100);
        reminder.HasIndex(r => new { r.SessionId, r.UserId, r.Channel, r.DueAtUtc }).IsUnique();
        reminder.HasIndex(r => new { r.SentAtUtc, r.DueAtUtc });
        reminder.HasOne<ProgrammeSession>().WithMany().HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
