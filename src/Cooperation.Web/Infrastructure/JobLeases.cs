using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Cooperation.Web.Infrastructure;

/// <summary>Who may run a periodic job until when. One row per job name.</summary>
public sealed class JobLease
{
    public required string Job { get; init; }
    public required string Holder { get; set; }
    public DateTime HeldUntilUtc { get; set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> lease)
    {
        lease.HasKey(l => l.Job);
        lease.Property(l => l.Job).HasMaxLength(100);
        lease.Property(l => l.Holder).HasMaxLength(200);
    }
}

/// <summary>The name this process goes by in claims and leases, so a person reading the tables can tell which node did what.</summary>
public sealed class InstanceIdentity
{
    public string Id { get; } = $"{Environment.MachineName[..Math.Min(40, Environment.MachineName.Length)]}/{Environment.ProcessId}/{Guid.NewGuid():N}";
}

/// <summary>
/// Periodic jobs that must run on one instance at a time (every instance has the timer, one does the work): a round
/// runs only on the instance whose conditional update took the job's lease. A lease that is not renewed runs out,
/// so a stopped instance never blocks the others for longer than one lease.
/// </summary>
public sealed class JobLeases(CooperationDb db, InstanceIdentity instance, TimeProvider clock)
{
    /// <returns>True when this instance holds the job's lease for <paramref name="duration"/> from now.</returns>
    public async Task<bool> TryTakeAsync(string job, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        var taken = await db.Set<JobLease>()
            .Where(l => l.Job == job && (l.HeldUntilUtc <= now || l.Holder == instance.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, instance.Id).SetProperty(l => l.HeldUntilUtc, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.Set<JobLease>().AnyAsync(l => l.Job == job, cancellationToken))
        {
            return false;
        }

        var lease = new JobLease { Job = job, Holder = instance.Id, HeldUntilUtc = until };
        db.Add(lease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance created the row first, and with it took the lease.
            return false;
        }
        finally
        {
            db.Entry(lease).State = EntityState.Detached;
        }
    }
}
