using Cooperation.Web.Data;
using Cooperation.Web.Documents.Storage;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Sweep;

/// <summary>
/// Removes content that no committed version references: leftovers of uploads cut off by a crash, content whose
/// row never committed, content a purge could not remove. Anything younger than the grace period is left alone,
/// so an upload that is still on its way to its commit is never swept.
/// </summary>
public sealed partial class OrphanSweeper(CooperationDb db, IDocumentStore store, IOptions<DocumentStorageOptions> options, TimeProvider clock, ILogger<OrphanSweeper> logger)
{
    private const int BatchSize = 500;

    /// <summary>Returns how many items were removed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.SweepGracePeriod;
        var removed = 0;
        var batch = new List<StoredItem>(BatchSize);
        await foreach (var item in store.ListAsync(cancellationToken))
        {
            if (item.LastModifiedUtc > cutoff)
            {
                continue;
            }

            batch.Add(item);
            if (batch.Count == BatchSize)
            {
                removed += await SweepBatchAsync(batch, cancellationToken);
                batch.Clear();
            }
        }

        removed += await SweepBatchAsync(batch, cancellationToken);
        if (removed > 0)
        {
            LogSwept(logger, removed);
        }

        return removed;
    }

    private async Task<int> SweepBatchAsync(List<StoredItem> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var keys = batch.Select(i => i.Key).ToList();
        var referenced = (await db.DocumentVersions.AsNoTracking().Where(v => keys.Contains(v.StorageKey)).Select(v => v.StorageKey).ToListAsync(cancellationToken)).ToHashSet();
        var removed = 0;
        foreach (var item in batch.Where(i => !referenced.Contains(i.Key)))
        {
            await store.DeleteAsync(item.Key, cancellationToken);
            LogRemoved(logger, item.Key, item.Length);
            removed++;
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orphan sweep removed {Count} unreferenced item(s)")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Removed unreferenced content {Key} ({Length} bytes)")]
    private static partial void LogRemoved(ILogger logger, string key, long length);
}

/// <summary>
/// Sweeps at every interval (the first after one interval). Every instance has the timer; the round runs on the one
/// that takes the job's lease, so a scaled-out site sweeps once per interval rather than once per instance.
/// </summary>
internal sealed class OrphanSweepService(IServiceScopeFactory scopes, IOptions<DocumentStorageOptions> options, TimeProvider clock, ILogger<OrphanSweepService> logger)
    : PeriodicJob(scopes, clock, logger)
{
    public const string Job = "documents.orphan-sweep";

    public override string Name => Job;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override bool RunsAtStart => false;

    protected override bool RunsOnOneInstance => true;

    /// <returns>How many items this instance removed, or null when another instance holds this interval's round.</returns>
    public async Task<int?> RunRoundAsync(CancellationToken cancellationToken)
    {
        var (ran, removed) = await RunInScopeAsync(SweepAsync, cancellationToken);
        return ran ? removed : null;
    }

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await SweepAsync(services, cancellationToken);
        return false;
    }

    private static Task<int> SweepAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<OrphanSweeper>().SweepAsync(cancellationToken);
}
