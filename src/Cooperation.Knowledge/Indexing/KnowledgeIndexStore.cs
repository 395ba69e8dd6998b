using Cooperation.Knowledge.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Cooperation.Knowledge.Indexing;

/// <summary>
/// The Lucene.Net index folder: one <see cref="IndexWriter"/> for the process, and a <see cref="SearcherManager"/>
/// refreshed after every commit. Another process (the CLI's import beside the site) may hold the index's write lock
/// for a while: until it lets go, this one reads the last commit, refreshed on every use, tries for the writer again on
/// every write and, after a pause that grows while the index stays held, on a read; a failure to open is never kept.
/// </summary>
internal sealed class KnowledgeIndexStore(IOptions<KnowledgeOptions> options, LanguageAnalyzers analyzers, TimeProvider clock, ILogger<KnowledgeIndexStore> logger) : IDisposable
{
    /// <summary>How long reads wait before trying for a held writer again, first and at the most (doubling in between).</summary>
    internal static readonly TimeSpan FirstReadRetry = TimeSpan.FromMilliseconds(250);
    internal static readonly TimeSpan LongestReadRetry = TimeSpan.FromSeconds(5);

    private readonly object _writeLock = new();
    private readonly object _openLock = new();
    private readonly string _path = options.Value.IndexPath;
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;

    // Lucene.Net's native write lock does not keep a second process out on Linux (two processes were seen both
    // opening a writer on one folder, each then deleting the other's new files). A file opened for exclusive use
    // does: .NET takes an OS lock on it, which the OS lets go of when the process ends, so a crash leaves no
    // stale lock behind. Held for as long as this process holds the writer.
    private FileStream? _writerClaim;
    private const string WriterClaimFile = "cooperation-writer.lock";

    // Over the writer (near real time) once this process has it; before that, over the last commit on disk.
    private SearcherManager? _searchers;
    private bool _disposed;

    // While another process holds the writer: since when, and when a read may try for it again. A search makes
    // several reads, and each failed try costs an exception; the claim is free again within a pause of the release.
    private DateTimeOffset? _heldSince;
    private DateTimeOffset _nextReadTry;
    private TimeSpan _readRetry;

    /// <summary>
    /// Runs one change under the process's write lock, commits it and refreshes the searchers, so that a search
    /// right after sees it. Throws (and keeps nothing) while another process holds the index.
    /// </summary>
    public void Write(Action<IndexWriter> change)
    {
        lock (_writeLock)
        {
            var (writer, searchers) = Writer();
            change(writer);
            writer.Commit();
            searchers.MaybeRefreshBlocking();
        }
    }

    /// <summary>Runs a read on a current searcher and gives the searcher back.</summary>
    public void Read(Action<IndexSearcher> read)
    {
        var (manager, searcher) = AcquireSearcher();
        try
        {
            read(searcher);
        }
        finally
        {
            manager?.Release(searcher);
        }
    }

    /// <summary>A searcher and the manager to give it back to (none for the empty searcher of an index not yet created).</summary>
    private (SearcherManager? Manager, IndexSearcher Searcher) AcquireSearcher()
    {
        // Acquired under the lock so that a manager being replaced (read-only by the writer's) is never acquired from after disposal.
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null && !TryOpenWriter(reading: true))
            {
                var directory = _directory!;
                if (_searchers is null)
                {
                    if (!DirectoryReader.IndexExists(directory))
                    {
                        return (null, new IndexSearcher(new MultiReader()));
                    }

                    _searchers = new SearcherManager(directory, new Bm25SearcherFactory());
                }
                else
                {
                    // The other process commits as it imports; show what it has committed so far.
                    _searchers.MaybeRefreshBlocking();
                }
            }

            return (_searchers, _searchers!.Acquire());
        }
    }

    /// <summary>The writer and its searchers, opened now if need be; throws (and keeps nothing) while another process holds the write lock.</summary>
    private (IndexWriter Writer, SearcherManager Searchers) Writer()
    {
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null && !TryOpenWriter(reading: false))
            {
                throw new LockObtainFailedException($"Another process holds the search index at {_path}; it can be written once that process lets go.");
            }

            return (_writer!, _searchers!);
        }
    }

    /// <summary>
    /// Takes the index's write lock if no other process holds it; while one does, a read tries only once its pause is
    /// over. Called under <see cref="_openLock"/>.
    /// </summary>
    private bool TryOpenWriter(bool reading)
    {
        if (_directory is null)
        {
            System.IO.Directory.CreateDirectory(_path);
            _directory = FSDirectory.Open(new DirectoryInfo(_path));
        }

        if (reading && _heldSince is not null && clock.GetUtcNow() < _nextReadTry)
        {
            return false;
        }

        if (_writerClaim is null)
        {
            try
            {
                _writerClaim = new FileStream(Path.Combine(_path, WriterClaimFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                HeldElsewhere();
                return false;
            }
        }

        var config = new IndexWriterConfig(LanguageAnalyzers.Version, analyzers.PerField)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new CrossFieldSimilarity(),

            // Not the default second of waiting: a search must not stall while the other process holds the lock.
            WriteLockTimeout = 0,
        };
        IndexWriter writer;
        try
        {
            writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException)
        {
            _writerClaim.Dispose();
            _writerClaim = null;
            HeldElsewhere();
            return false;
        }

        SearcherManager searchers;
        try
        {
            // An empty commit makes a brand-new index readable at once.
            writer.Commit();
            searchers = new SearcherManager(writer, true, new Bm25SearcherFactory());
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        // Searches already holding a searcher of the read-only manager give it back to it; that still works after disposal.
        _searchers?.Dispose();
        _writer = writer;
        _searchers = searchers;
        if (_heldSince is { } since)
        {
            KnowledgeLog.IndexTakenOver(logger, _path, (clock.GetUtcNow() - since).TotalSeconds);
            _heldSince = null;
        }

        return true;
    }

    /// <summary>Another process holds the writer: said once per hold, and the reads' pause doubled.</summary>
    private void HeldElsewhere()
    {
        var now = clock.GetUtcNow();
        if (_heldSince is null)
        {
            _heldSince = now;
            _readRetry = FirstReadRetry;
            KnowledgeLog.IndexHeldElsewhere(logger, _path);
        }
        else
        {
            _readRetry = TimeSpan.FromTicks(Math.Min(_readRetry.Ticks * 2, LongestReadRetry.Ticks));
        }

        _nextReadTry = now + _readRetry;
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            lock (_openLock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _searchers?.Dispose();
                _writer?.Dispose();
                _directory?.Dispose();
                _writerClaim?.Dispose();
            }
        }
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new CrossFieldSimilarity() };
    }
}
