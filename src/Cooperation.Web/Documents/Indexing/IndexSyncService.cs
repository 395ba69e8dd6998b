using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Indexing;

/// <summary>
/// Brings this node's search index in step with the database at start and then periodically, so that changes
/// made by other nodes or by the CLI (and any indexing that failed) reach it. Every node runs it for its own index.
/// </summary>
internal sealed class IndexSyncService(IServiceScopeFactory scopes, IOptions<DocumentExtractionOptions> options, TimeProvider clock, ILogger<IndexSyncService> logger)
    : PeriodicJob(scopes, clock, logger)
{
    public override string Name => "documents.index-sync";

    protected override TimeSpan Interval => options.Value.IndexSyncInterval;

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DocumentIndexer>().SynchronizeAllAsync(cancellationToken);
        return false;
    }
}
