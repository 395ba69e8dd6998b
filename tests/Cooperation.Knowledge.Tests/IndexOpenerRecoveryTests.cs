using System.Collections.Concurrent;
using Cooperation.Knowledge.Indexing;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cooperation.Knowledge.Tests;

/// <summary>
/// Issue 17, item 5: a store opened while another process (a `cooperation` command) holds the index reads what that
/// process commits, says once that the index is held, and takes the writer once it is let go, without a restart.
/// </summary>
public sealed class IndexOpenerRecoveryTests
{
    private const string DesignLaw = KnowledgeTestHost.DesignLaw;
    private const string SeedLaw = KnowledgeTestHost.SeedLaw;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStoreOpenedWhileACommandHoldsTheIndexSaysSoOnceAndTakesTheWriterAfterItsPauseOnceItIsLetGo()
    {
        var clock = new FakeTimeProvider();
        var log = new CollectedLog();
        using var site = new KnowledgeTestHost(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddSingleton<ILoggerFactory>(new LoggerFactory([log]));
            s.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        });
        var command = new KnowledgeTestHost(site.IndexPath);
        var workspace = Guid.NewGuid();
        var seeds = KnowledgeTestHost.Document(workspace, "Seed rules", SeedLaw, "en");
        var designs = KnowledgeTestHost.Document(workspace, "Design law", DesignLaw, "en");
        await command.Index.IndexAsync(seeds, Token);

        // Held: a write fails with a message that says why; reads see what the command committed.
        var refused = await Assert.ThrowsAsync<LockObtainFailedException>(() => site.Index.IndexAsync(designs, Token));
        Assert.Contains($"Another process holds the search index at {site.IndexPath}", refused.Message, StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([seeds.DocumentId], (await site.Index.IndexedVersionsAsync(Token)).Keys);
        }

        Assert.Single(log.Entries, e => e.EventId == 5006 && e.Message.Contains(site.IndexPath, StringComparison.Ordinal));

        // Let go: a read within its pause leaves the writer free (a command started now could still take it)...
        command.Close();
        Assert.Equal([seeds.DocumentId], (await site.Index.IndexedVersionsAsync(Token)).Keys);
        Assert.DoesNotContain(log.Entries, e => e.EventId == 5007);

        // ...and the first read after it takes the writer: another store can no longer write, and this one can.
        clock.Advance(KnowledgeIndexStore.FirstReadRetry);
        await site.Index.IndexedVersionsAsync(Token);
        Assert.Single(log.Entries, e => e.EventId == 5007);
        var late = new KnowledgeTestHost(site.IndexPath);
        await Assert.ThrowsAsync<LockObtainFailedException>(() => late.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Late", DesignLaw, "en"), Token));
        late.Close();

        await site.Index.IndexAsync(designs, Token);
        var versions = await site.Index.IndexedVersionsAsync(Token);
        Assert.Equal(1, versions[seeds.DocumentId]);
        Assert.Equal(1, versions[designs.DocumentId]);
        Assert.Single(log.Entries, e => e.EventId == 5006);
    }

    /// <summary>What the services logged, kept in memory.</summary>
    private sealed class CollectedLog : ILoggerProvider
    {
        public ConcurrentQueue<(int EventId, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Collector(Entries);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<(int, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
