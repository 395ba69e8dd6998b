using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Indexing;

/// <summary>
/// Brings this node's search index in step with the database at start and then periodically, so that changes
/// made by other nodes or by the CLI (and any indexing that failed) reach it. Every node runs it for its own index.
/// When a document could not be indexed (a `cooperation` command holding the index while the site starts or runs,
/// usually), the next round comes after <see cref="FirstRetry"/>, doubled while rounds keep failing up to the interval,
/// so that the site catches up within seconds of the command letting go rather than at its next periodic round or restart.
/// </summary>
internal sealed partial class IndexSyncService(
    IServiceScopeFactory scopes,
    IndexRetrySignal failures,
    IOptions<DocumentExtractionOptions> options,
    TimeProvider clock,
    ILogger<IndexSyncService> logger) : PeriodicJob(scopes, clock, logger)
{
    internal static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private TimeSpan _retry = TimeSpan.Zero;

    public override string Name => "documents.index-sync";

    protected override TimeSpan Interval => options.Value.IndexSyncInterval;

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DocumentIndexer>().SynchronizeAllAsync(cancellationToken);
        return false;
    }

    protected override async Task WaitAsync(CancellationToken cancellationToken)
    {
        var interval = Interval;

        // A document failed in this round, or in an upload's own indexing since the last look: retry soon, backing off.
        if (!await failures.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            _retry = TimeSpan.Zero;
            if (!await failures.WaitAsync(interval, cancellationToken))
            {
                return;
            }
        }

        _retry = _retry == TimeSpan.Zero ? Min(FirstRetry, interval) : Min(_retry * 2, interval);
        LogRetrying(Logger, _retry.TotalSeconds);
        await Task.Delay(_retry, Clock, cancellationToken);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Debug, Message = "A document could not be indexed; bringing the search index in step again in {Seconds:F0} s")]
    private static partial void LogRetrying(ILogger logger, double seconds);
}
