namespace Cooperation.Web.Infrastructure;

/// <summary>
/// The one shape of the site's background work: rounds with a wait between them, each round in a DI scope of its own
/// (a fresh DbContext), the wait on the injected <see cref="TimeProvider"/> so tests can move time. A round that fails
/// is logged and the next one runs after the usual wait; stopping the host ends the loop quietly. How the instances of
/// a scaled-out site share a job is the job's choice: most coordinate inside the round (claims, cursors, unique rows,
/// per-instance rows); a job that must run on one instance at a time sets <see cref="RunsOnOneInstance"/>, and its
/// rounds then run only where its <see cref="JobLeases">lease</see> was taken. docs/architecture.md lists which does what.
/// </summary>
public abstract partial class PeriodicJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The clock the waits run on, for the rounds' own sense of "now".</summary>
    protected TimeProvider Clock { get; } = clock;

    /// <summary>The job's logger, for what its rounds have to say.</summary>
    protected ILogger Logger { get; } = logger;

    /// <summary>The job's name in logs and, for a job that runs on one instance, its lease row.</summary>
    public abstract string Name { get; }

    /// <summary>The wait from the end of one round to the start of the next.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>False keeps the job out of this process (a node can be kept out of the extraction queue).</summary>
    protected virtual bool Enabled => true;

    /// <summary>Whether the first round runs at start, or after the first wait.</summary>
    protected virtual bool RunsAtStart => true;

    /// <summary>
    /// True: every instance waits, but a round runs only on the instance whose conditional update took the job's lease,
    /// held for most of an interval so that the others' rounds, due at about the same time, find it taken.
    /// </summary>
    protected virtual bool RunsOnOneInstance => false;

    /// <summary>One round, with the services of its own scope.</summary>
    /// <returns>True when more work is waiting, so that the next round starts without the wait.</returns>
    protected abstract Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken);

    /// <summary>The wait between rounds; a job that can be woken early (a signal) overrides it.</summary>
    protected virtual Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(Interval, Clock, cancellationToken);

    /// <summary>
    /// Runs <paramref name="round"/> now in a scope of its own, under the job's lease when it runs on one instance: what
    /// the loop does each round, for callers that want the round's result (tests, a second instance's timer).
    /// </summary>
    /// <returns>Whether the round ran (false: another instance holds the lease), and its result.</returns>
    protected async Task<(bool Ran, T Result)> RunInScopeAsync<T>(Func<IServiceProvider, CancellationToken, Task<T>> round, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        await using var scope = scopes.CreateAsyncScope();
        if (RunsOnOneInstance && !await scope.ServiceProvider.GetRequiredService<JobLeases>().TryTakeAsync(Name, Interval * 0.9, cancellationToken))
        {
            return (false, default!);
        }

        return (true, await round(scope.ServiceProvider, cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled || (!RunsAtStart && !await WaitOrStopAsync(stoppingToken)))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var moreWork = false;
            try
            {
                moreWork = (await RunInScopeAsync(RunRoundAsync, stoppingToken)).Result;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A database or network hiccup must not end the job; whatever the round left half done, the next round
                // (or a claim that runs out) picks up.
                LogRoundFailed(Logger, exception, Name);
            }

            if (!moreWork && !await WaitOrStopAsync(stoppingToken))
            {
                return;
            }
        }
    }

    private async Task<bool> WaitOrStopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The background job {Job} failed this round; it carries on")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string job);
}
