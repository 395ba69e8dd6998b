using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Extraction;

/// <summary>The site's extraction loop: works jobs one after another, and waits for a signal or the poll interval when idle.</summary>
internal sealed partial class ExtractionWorker(IServiceScopeFactory scopes, ExtractionSignal signal, IOptions<DocumentExtractionOptions> options, ILogger<ExtractionWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                worked = await scope.ServiceProvider.GetRequiredService<ExtractionProcessor>().RunOnceAsync(null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database hiccup must not end the loop; the job's lease brings it back later.
                LogLoopFailed(logger, e);
            }

            if (!worked)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The extraction queue hit an error; it carries on")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
