using Cooperation.Web.Documents.Extraction;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Indexing;

/// <summary>
/// Brings this node's search index in step with the database at start and then periodically, so that changes
/// made by other nodes or by the CLI (and any indexing that failed) reach it. When a document could not be indexed
/// (a `cooperation` command holding the index while the site starts or runs, usually), the next pass comes after
/// <see cref="FirstRetry"/>, doubled while passes keep failing up to the interval, so that the site catches up within
/// seconds of the command letting go rather than at its next periodic pass or restart.
/// </summary>
internal sealed partial class IndexSyncService(
    IServiceScopeFactory scopes,
    IndexRetrySignal failures,
    IOptions<DocumentExtractionOptions> options,
    TimeProvider clock,
    ILogger<IndexSyncService> logger) : BackgroundService
{
    internal static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DocumentIndexer>().SynchronizeAllAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogSyncFailed(logger, e);
            }

            try
            {
                var interval = options.Value.IndexSyncInterval;
                // A document failed in this pass, or in an upload's own indexing since the last look.
                if (!await failures.WaitAsync(TimeSpan.Zero, stoppingToken))
                {
                    retry = TimeSpan.Zero;
                    if (!await failures.WaitAsync(interval, stoppingToken))
                    {
                        continue;
                    }
                }

                retry = retry == TimeSpan.Zero ? Min(FirstRetry, interval) : Min(retry * 2, interval);
                LogRetrying(logger, retry.TotalSeconds);
                await Task.Delay(retry, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bringing the search index in step failed; trying again later")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A document could not be indexed; bringing the search index in step again in {Seconds:F0} s")]
    private static partial void LogRetrying(ILogger logger, double seconds);
}
