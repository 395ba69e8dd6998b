using System.Collections.Concurrent;
using System.Threading.Channels;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cooperation.Web.Tests.Operations;

/// <summary>The one shape of background work: rounds on the injected clock, a scope each, failures logged, leases honoured.</summary>
public sealed class PeriodicJobTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoundsRunAtStartThenOneIntervalAfterEachOtherOnTheInjectedClockEachInAScopeOfItsOwn()
    {
        await using var services = Services();
        var clock = new FakeTimeProvider();
        using var job = new WitnessJob(services, clock, new RecordingLogger());

        await job.StartAsync(Ct);
        var first = await job.NextRoundAsync();
        await job.NextWaitAsync();
        clock.Advance(Interval - TimeSpan.FromTicks(1));
        Assert.False(job.HasRoundWaiting, "a round ran before its interval was over");
        clock.Advance(TimeSpan.FromTicks(1));
        var second = await job.NextRoundAsync();
        await job.StopAsync(Ct);

        Assert.Equal(clock.Start, first.At);
        Assert.Equal(clock.Start + Interval, second.At);
        Assert.NotEqual(first.ScopeId, second.ScopeId);
    }

    [Fact]
    public async Task AFailedRoundIsLoggedWithTheJobsNameAndTheNextRoundRunsAfterTheUsualWait()
    {
        await using var services = Services();
        var clock = new FakeTimeProvider();
        var logger = new RecordingLogger();
        using var job = new WitnessJob(services, clock, logger) { FailingRounds = 1 };

        await job.StartAsync(Ct);
        await job.NextRoundAsync();
        await job.NextWaitAsync();
        clock.Advance(Interval);
        var second = await job.NextRoundAsync();
        await job.StopAsync(Ct);

        var failure = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("test.witness", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Equal(clock.Start + Interval, second.At);
        Assert.True(job.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ARoundThatLeavesWorkIsFollowedAtOnceAndAJobNotRunAtStartWaitsFirst()
    {
        await using var services = Services();
        var clock = new FakeTimeProvider();
        using var job = new WitnessJob(services, clock, new RecordingLogger()) { RoundsWithMoreWork = 2, StartsAfterOneInterval = true };

        await job.StartAsync(Ct);
        await job.NextWaitAsync();
        Assert.False(job.HasRoundWaiting, "the first round ran before the first wait");
        clock.Advance(Interval);
        var rounds = new[] { await job.NextRoundAsync(), await job.NextRoundAsync(), await job.NextRoundAsync() };
        await job.NextWaitAsync();
        await job.StopAsync(Ct);

        Assert.All(rounds, round => Assert.Equal(clock.Start + Interval, round.At));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task AJobForOneInstanceRunsItsRoundOnlyWhereItTookTheLease(TestDatabase database)
    {
        await using var app = new CooperationApp(database);
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        using var job = new WitnessJob(scopes, TimeProvider.System, new RecordingLogger()) { RunsAlone = true };
        var elsewhere = new InstanceIdentity();

        // Another instance holds the lease: this one's round does not run.
        await TakeLeaseAsync(app, elsewhere, new FakeTimeProvider(DateTimeOffset.UtcNow), TimeSpan.FromHours(1));
        Assert.False(await job.RunLeasedRoundAsync(Ct));
        Assert.False(job.HasRoundWaiting);

        // That lease ran out an hour ago: this instance takes it and runs, and the other finds it taken.
        await TakeLeaseAsync(app, elsewhere, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)), TimeSpan.FromHours(1));
        Assert.True(await job.RunLeasedRoundAsync(Ct));
        Assert.True(job.HasRoundWaiting);
        Assert.False(await TakeLeaseAsync(app, elsewhere, TimeProvider.System, TimeSpan.FromHours(1)));
    }

    private static async Task<bool> TakeLeaseAsync(CooperationApp app, InstanceIdentity instance, TimeProvider clock, TimeSpan duration)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await new JobLeases(scope.ServiceProvider.GetRequiredService<CooperationDb>(), instance, clock).TryTakeAsync(WitnessJob.JobName, duration, Ct);
    }

    private static ServiceProvider Services() => new ServiceCollection().AddScoped<ScopeWitness>().BuildServiceProvider();

    private sealed class ScopeWitness
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    private sealed record Round(DateTimeOffset At, Guid ScopeId);

    /// <summary>A job whose rounds report when, and in which scope, they ran.</summary>
    private sealed class WitnessJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger) : PeriodicJob(scopes, clock, logger)
    {
        public const string JobName = "test.witness";

        private readonly Channel<Round> _rounds = Channel.CreateUnbounded<Round>();
        private readonly Channel<DateTimeOffset> _waits = Channel.CreateUnbounded<DateTimeOffset>();

        public WitnessJob(ServiceProvider services, TimeProvider clock, ILogger logger)
            : this(services.GetRequiredService<IServiceScopeFactory>(), clock, logger)
        {
        }

        public int FailingRounds { get; set; }

        public int RoundsWithMoreWork { get; set; }

        public bool StartsAfterOneInterval { get; init; }

        public bool RunsAlone { get; init; }

        public override string Name => JobName;

        public bool HasRoundWaiting => _rounds.Reader.Count > 0;

        protected override TimeSpan Interval => PeriodicJobTests.Interval;

        protected override bool RunsAtStart => !StartsAfterOneInterval;

        protected override bool RunsOnOneInstance => RunsAlone;

        public async Task<Round> NextRoundAsync() => await _rounds.Reader.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct);

        /// <summary>Returns once the job waits, so that moving the clock now cannot come before its timer.</summary>
        public async Task NextWaitAsync() => await _waits.Reader.ReadAsync(Ct).AsTask().WaitAsync(Patience, Ct);

        public async Task<bool> RunLeasedRoundAsync(CancellationToken cancellationToken) =>
            (await RunInScopeAsync(RunRoundAsync, cancellationToken)).Ran;

        protected override Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            _rounds.Writer.TryWrite(new Round(Clock.GetUtcNow(), services.GetService<ScopeWitness>()?.Id ?? Guid.Empty));
            if (FailingRounds > 0)
            {
                FailingRounds--;
                throw new InvalidOperationException("The database went away for a moment.");
            }

            var moreWork = RoundsWithMoreWork > 0;
            RoundsWithMoreWork--;
            return Task.FromResult(moreWork);
        }

        protected override Task WaitAsync(CancellationToken cancellationToken)
        {
            var wait = base.WaitAsync(cancellationToken);
            _waits.Writer.TryWrite(Clock.GetUtcNow());
            return wait;
        }
    }

    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception), exception));
    }
}
