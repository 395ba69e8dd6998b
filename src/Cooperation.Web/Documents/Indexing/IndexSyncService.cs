using Cooperation.Web.Documents.Extraction;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Indexing;

/// <summary>
/// Brings this node's search index in step with the database at start and then periodically, so that changes
/// made by other nodes or by the CLI (and any indexing that failed) reach it.
/// </summary>
internal sealed partial class IndexSyncService(IServiceScopeFactory scopes, IOptions<DocumentExtractionOptions> options, ILogger<IndexSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                await Task.Delay(options.Value.IndexSyncInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bringing the search index in step failed; trying again later")]
    private static partial void LogSyncFailed(ILogger logger, Exception exception);
}
