using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Extraction;

/// <summary>
/// The site's extraction loop: works jobs one after another, and when the queue is empty waits for a signal (work added
/// in this process) or the poll interval (work added by another instance or the CLI). Every instance runs it; the
/// claim token on each job row decides which instance extracts it.
/// </summary>
internal sealed class ExtractionWorker(
    IServiceScopeFactory scopes, ExtractionSignal signal, IOptions<DocumentExtractionOptions> options, TimeProvider clock, ILogger<ExtractionWorker> logger)
    : PeriodicJob(scopes, clock, logger)
{
    public override string Name => "documents.extraction";

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override bool Enabled => options.Value.Enabled;

    protected override Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ExtractionProcessor>().RunOnceAsync(null, cancellationToken);

    protected override Task WaitAsync(CancellationToken cancellationToken) => signal.WaitAsync(Interval, cancellationToken);
}
