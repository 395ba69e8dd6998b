using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Extraction;

/// <summary>A job this instance holds until its lease ends; the token proves it is still the holder.</summary>
public sealed record ClaimedJob(Guid JobId, Guid VersionId, Guid ClaimToken, int Attempts);

/// <summary>
/// The extraction queue in the database. Claiming is one conditional UPDATE per job (pending, or running with an
/// expired lease), so two instances, or the site and the CLI, never hold the same job at the same time.
/// </summary>
public sealed class ExtractionQueue(CooperationDb db, IOptions<DocumentExtractionOptions> options, TimeProvider clock)
{
    private const int Candidates = 8;

    /// <summary>Claims the next job that is due, or returns null. <paramref name="onlyVersions"/> limits it to those versions (the CLI's own).</summary>
    public async Task<ClaimedJob?> ClaimAsync(IReadOnlyCollection<Guid>? onlyVersions, CancellationToken cancellationToken)
    {
        var now = Now;
        var due = db.ExtractionJobs.AsNoTracking()
            .Where(j => (j.State == ExtractionJobState.Pending && j.AvailableAt <= now) || (j.State == ExtractionJobState.Running && j.LeaseUntil < now));
        if (onlyVersions is not null)
        {
            due = due.Where(j => onlyVersions.Contains(j.VersionId));
        }

        var candidates = await due.OrderBy(j => j.AvailableAt).Select(j => j.Id).Take(Candidates).ToListAsync(cancellationToken);
        foreach (var jobId in candidates)
        {
            var token = Guid.NewGuid();
            var leaseUntil = now + options.Value.Lease;
            var claimed = await db.ExtractionJobs
                .Where(j => j.Id == jobId
                    && ((j.State == ExtractionJobState.Pending && j.AvailableAt <= now) || (j.State == ExtractionJobState.Running && j.LeaseUntil < now)))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, ExtractionJobState.Running)
                    .SetProperty(j => j.ClaimToken, token)
                    .SetProperty(j => j.LeaseUntil, leaseUntil)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), cancellationToken);
            if (claimed == 1)
            {
                var job = await db.ExtractionJobs.AsNoTracking().Where(j => j.Id == jobId && j.ClaimToken == token)
                    .Select(j => new ClaimedJob(j.Id, j.VersionId, token, j.Attempts)).FirstOrDefaultAsync(cancellationToken);
                if (job is not null)
                {
                    return job;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Removes the job if this instance still holds it, inside the caller's transaction. False means the lease
    /// ran out and another instance took the job over: the caller must not write its result.
    /// </summary>
    public async Task<bool> FinishAsync(ClaimedJob job, CancellationToken cancellationToken) =>
        await db.ExtractionJobs.Where(j => j.Id == job.JobId && j.ClaimToken == job.ClaimToken).ExecuteDeleteAsync(cancellationToken) == 1;

    /// <summary>Puts the job back for a later try, after a failure that was not the file's fault.</summary>
    public async Task RetryLaterAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var availableAt = Now + TimeSpan.FromSeconds(Math.Min(300, 5 * Math.Pow(2, job.Attempts)));
        await db.ExtractionJobs.Where(j => j.Id == job.JobId && j.ClaimToken == job.ClaimToken)
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, ExtractionJobState.Pending)
                .SetProperty(j => j.ClaimToken, (Guid?)null)
                .SetProperty(j => j.LeaseUntil, (DateTime?)null)
                .SetProperty(j => j.AvailableAt, availableAt), cancellationToken);
    }

    /// <summary>How many jobs are waiting or running, optionally only for some versions.</summary>
    public Task<int> CountAsync(IReadOnlyCollection<Guid>? onlyVersions, CancellationToken cancellationToken) =>
        onlyVersions is null
            ? db.ExtractionJobs.CountAsync(cancellationToken)
            : db.ExtractionJobs.CountAsync(j => onlyVersions.Contains(j.VersionId), cancellationToken);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
