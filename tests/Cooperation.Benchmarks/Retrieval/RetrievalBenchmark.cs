using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cooperation.Knowledge;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Knowledge.Extraction;
using Cooperation.Knowledge.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cooperation.Benchmarks.Retrieval;

/// <summary>
/// Extracts, chunks and indexes the shared rules materials through the knowledge services, grows the index with
/// synthetic copies (<see cref="SyntheticCorpus"/>) to each size asked for, and at each size measures Recall@5 on
/// the development questions and the latency of the assistant's search, beside SQLite FTS5 bm25() over the same
/// chunks with the same workspace filter. Usage: retrieval [--materials DIR] [--sizes 10000,100000]
/// [--workspaces 5] [--rounds 10] [--embeddings Local|OpenAI] (embeddings fused with BM25, as Knowledge:Embeddings:Provider;
/// the local model embeds ~17 chunks/s, so pair it with small --sizes; OpenAI reads Knowledge__Embeddings__* from the
/// environment) (the materials folder defaults to COOPERATION_MATERIALS, else the nearest shared/materials
/// above the working directory).
/// </summary>
public sealed class RetrievalBenchmark : IBenchmark
{
    private const int RecallDepth = 10;
    private const int WarmUpRounds = 2;
    private const int Seed = 20261125;

    public string Name => "retrieval";

    public string Description => "Retrieval p50/p95 and Recall@5 at 10k and 100k chunks, and ingestion MB/s, beside SQLite FTS5 bm25()";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var materialsPath = Option(args, "--materials") ?? Environment.GetEnvironmentVariable("COOPERATION_MATERIALS") ?? DefaultMaterials();
        var sizes = (Option(args, "--sizes") ?? "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToList();
        var filterSize = int.Parse(Option(args, "--workspaces") ?? "5", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds") ?? "10", CultureInfo.InvariantCulture);
        var embeddings = Option(args, "--embeddings") ?? "None";
        var scratch = Directory.CreateTempSubdirectory("cooperation-retrieval-").FullName;
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {LoadAverage()}");
        Console.WriteLine($"Materials: {materialsPath}; sizes {string.Join(", ", sizes)}; workspace filter {filterSize}; {rounds} measured rounds; embeddings {embeddings}");

        try
        {
            using var services = KnowledgeServices(Path.Combine(scratch, "index"), embeddings);
            using var baseline = new Fts5Baseline(Path.Combine(scratch, "fts5.db"));
            Console.WriteLine($"Baseline: {baseline.Describe()}");
            var run = new Run(services, baseline, new DocumentChunker(services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Chunking));

            var (materials, fileNames) = await ExtractAsync(services.GetRequiredService<ITextExtractor>(), materialsPath, cancellationToken);
            var questions = EvaluationQuestions.Load(Path.Combine(materialsPath, "dev-questions.jsonl"));
            var realWorkspace = materials[0].WorkspaceId;

            var realIngest = await run.AddAsync(materials, cancellationToken);
            Console.WriteLine($"Real materials: {realIngest}");

            var results = new List<SizeResult>();
            var real = await MeasureAsync(run, "real only", questions, fileNames, [realWorkspace], rounds, cancellationToken);
            results.Add(real);

            var corpus = new SyntheticCorpus(materials, Seed);
            var filter = new List<Guid> { realWorkspace };
            var growth = new Ingest();
            var copy = 0;
            foreach (var size in sizes)
            {
                var step = new Ingest();
                while (run.Chunks < size)
                {
                    copy++;
                    var workspace = Guid.NewGuid();
                    if (filter.Count < filterSize)
                    {
                        filter.Add(workspace);
                    }

                    foreach (var document in corpus.Copy(copy, workspace))
                    {
                        if (run.Chunks >= size)
                        {
                            break;
                        }

                        step.Add(await run.AddAsync([document], cancellationToken));
                    }
                }

                growth.Add(step);
                run.Baseline.Optimize();
                Console.WriteLine($"Grown to {run.Chunks:N0} chunks: {step}");
                await CheckChunkCountAsync(run, cancellationToken);
                results.Add(await MeasureAsync(run, $"{run.Chunks:N0} chunks", questions, fileNames, filter, rounds, cancellationToken));
            }

            Console.WriteLine();
            Console.WriteLine("Ingestion (text = UTF-8 bytes of the extracted pages):");
            Console.WriteLine($"| corpus | documents | MB of text | chunks | product (chunk{(embeddings == "None" ? "" : " + embed (" + embeddings + ")")} + Lucene index + commit) MB/s | chunks/s | FTS5 insert MB/s | chunks/s |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|");
            Console.WriteLine(realIngest.Row("real materials (first, cold)"));
            Console.WriteLine(growth.Row("synthetic copies"));
            Console.WriteLine();
            Console.WriteLine($"Retrieval (workspace filter: {filterSize} workspaces; dev set: {questions.Count} questions, {Answerable(questions).Count} scored for recall; {rounds} rounds after {WarmUpRounds} warm-up rounds):");
            Console.WriteLine("| corpus | engine | Recall@5 | Recall@1 | p50 ms | p95 ms | mean ms | max ms | MB allocated per call | GC pause ms per call |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var result in results)
            {
                Console.WriteLine(result.Search.Row(result.Corpus, "product search (plan + Lucene + rerank)"));
                Console.WriteLine(result.Context.Row(result.Corpus, "product assistant context (search + statistics)"));
                Console.WriteLine(result.Fts.Row(result.Corpus, "SQLite FTS5 bm25()"));
            }

            Console.WriteLine($"Load average at the end: {LoadAverage()}");
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<SizeResult> MeasureAsync(
        Run run,
        string corpus,
        IReadOnlyList<EvaluationQuestion> questions,
        IReadOnlyDictionary<Guid, string> fileNames,
        IReadOnlyList<Guid> workspaces,
        int rounds,
        CancellationToken cancellationToken)
    {
        var search = run.Services.GetRequiredService<IKnowledgeSearch>();
        var assistant = run.Services.GetRequiredService<RulesAssistant>();
        var passages = run.Services.GetRequiredService<IOptions<AssistantOptions>>().Value.PassagesToRead;
        string? FileName(Guid id) => fileNames.GetValueOrDefault(id);

        // Recall first, by the evaluation's own hit rule, for both engines.
        var scored = Answerable(questions);
        var productRanks = new List<int?>();
        var ftsRanks = new List<int?>();
        foreach (var question in scored)
        {
            var hits = await search.SearchAsync(question.Question, workspaces, RecallDepth, cancellationToken);
            productRanks.Add(RankOf(hits.Select(h => (h.DocumentId, h.Text)), question, FileName));
            ftsRanks.Add(RankOf(run.Baseline.Search(question.Question, workspaces, RecallDepth), question, FileName));
        }

        // Latency: the three are interleaved question by question so that the machine's other load falls on all alike.
        // Beside the time, what each call allocated and how long the collector stopped the process while it ran:
        // on two cores a search's garbage is paid for in its own latency.
        var searchTimes = new Timings();
        var contextTimes = new Timings();
        var ftsTimes = new Timings();
        for (var round = 0; round < WarmUpRounds + rounds; round++)
        {
            var measured = round >= WarmUpRounds;
            foreach (var question in questions)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await searchTimes.MeasureAsync(measured, () => search.SearchAsync(question.Question, workspaces, passages, cancellationToken));
                await contextTimes.MeasureAsync(measured, () => assistant.BuildContextAsync(question.Question, workspaces, cancellationToken));
                await ftsTimes.MeasureAsync(measured, () => Task.FromResult(run.Baseline.Search(question.Question, workspaces, passages)));
            }
        }

        var result = new SizeResult(
            corpus,
            new EngineResult(productRanks, searchTimes),
            new EngineResult(productRanks, contextTimes),
            new EngineResult(ftsRanks, ftsTimes));
        Console.WriteLine($"{corpus}: product Recall@5 {result.Search.RecallAt(5):0.000} p95 {result.Search.Percentile(0.95):0.0} ms; FTS5 Recall@5 {result.Fts.RecallAt(5):0.000} p95 {result.Fts.Percentile(0.95):0.0} ms");
        return result;
    }

    private static int? RankOf(IEnumerable<(Guid DocumentId, string Text)> hits, EvaluationQuestion question, Func<Guid, string?> fileName)
    {
        var rank = 0;
        foreach (var (documentId, text) in hits)
        {
            rank++;
            if (EvaluationRunner.IsRetrievalHit(question, fileName(documentId), text))
            {
                return rank;
            }
        }

        return null;
    }

    private static List<EvaluationQuestion> Answerable(IReadOnlyList<EvaluationQuestion> questions) =>
        questions.Where(q => q.Answerable && q.SourceDocument is not null).ToList();

    /// <summary>The index must hold exactly the chunks the baseline holds, or the comparison is not like for like.</summary>
    private static async Task CheckChunkCountAsync(Run run, CancellationToken cancellationToken)
    {
        var search = run.Services.GetRequiredService<IKnowledgeSearch>();
        var statistics = await search.StatisticsAsync(search.Plan("priority"), run.Workspaces, cancellationToken);
        if (statistics.PassageCount != run.Chunks)
        {
            throw new InvalidOperationException($"The index holds {statistics.PassageCount} passages but {run.Chunks} chunks were made for the baseline.");
        }
    }

    private static async Task<(List<DocumentToIndex> Documents, Dictionary<Guid, string> FileNames)> ExtractAsync(
        ITextExtractor extractor, string folder, CancellationToken cancellationToken)
    {
        var workspace = Guid.NewGuid();
        var documents = new List<DocumentToIndex>();
        var fileNames = new Dictionary<Guid, string>();
        var files = Directory.GetFiles(folder, "*.md")
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        long bytes = 0;
        var started = Stopwatch.GetTimestamp();
        foreach (var file in files)
        {
            await using var content = File.OpenRead(file);
            bytes += content.Length;
            var text = await extractor.ExtractAsync(content, DocumentMediaTypes.Markdown, new ExtractionLimits(), cancellationToken);
            var document = new DocumentToIndex(workspace, Guid.NewGuid(), 1, Path.GetFileNameWithoutExtension(file), text.Language, text.Pages);
            documents.Add(document);
            fileNames[document.DocumentId] = Path.GetFileName(file);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine(FormattableString.Invariant($"Extracted {files.Count} files, {bytes / 1e6:0.00} MB, in {seconds * 1000:0} ms (first call, includes start-up)"));
        return (documents, fileNames);
    }

    private static ServiceProvider KnowledgeServices(string indexPath, string embeddings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Knowledge:IndexPath"] = indexPath, ["Knowledge:Embeddings:Provider"] = embeddings });
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        builder.AddKnowledge();
        return builder.Services.BuildServiceProvider();
    }

    /// <summary>The nearest shared/materials folder above the working directory (a worktree may sit a level deeper than the main checkout).</summary>
    private static string DefaultMaterials()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start).Parent; directory is not null; directory = directory.Parent)
            {
                var materials = Path.Combine(directory.FullName, "shared", "materials");
                if (File.Exists(Path.Combine(materials, "dev-questions.jsonl")))
                {
                    return materials;
                }
            }
        }

        throw new InvalidOperationException("Cannot find shared/materials above the working directory; give --materials DIR or COOPERATION_MATERIALS.");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>The product index and the baseline fed the same documents, chunked once by the same chunker for the baseline.</summary>
    private sealed class Run(ServiceProvider services, Fts5Baseline baseline, DocumentChunker chunker)
    {
        private readonly HashSet<Guid> _workspaces = [];

        public ServiceProvider Services => services;

        public Fts5Baseline Baseline => baseline;

        public int Chunks { get; private set; }

        public IReadOnlyCollection<Guid> Workspaces => _workspaces;

        public async Task<Ingest> AddAsync(IReadOnlyList<DocumentToIndex> documents, CancellationToken cancellationToken)
        {
            var index = services.GetRequiredService<IKnowledgeIndex>();
            var ingest = new Ingest();
            foreach (var document in documents)
            {
                var bytes = document.Pages.Sum(p => Encoding.UTF8.GetByteCount(p.Text));
                var started = Stopwatch.GetTimestamp();
                await index.IndexAsync(document, cancellationToken);
                var productSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

                // The baseline is handed chunks already made: its figure is the cost of FTS5 indexing alone.
                var chunks = chunker.Chunk(document);
                started = Stopwatch.GetTimestamp();
                baseline.Add(chunks);
                var ftsSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

                ingest.Add(new Ingest(1, bytes, chunks.Count, productSeconds, ftsSeconds));
                Chunks += chunks.Count;
                _workspaces.Add(document.WorkspaceId);
            }

            return ingest;
        }
    }

    private sealed class Ingest(int documents = 0, long bytes = 0, int chunks = 0, double productSeconds = 0, double ftsSeconds = 0)
    {
        private int _documents = documents;
        private long _bytes = bytes;
        private int _chunks = chunks;
        private double _productSeconds = productSeconds;
        private double _ftsSeconds = ftsSeconds;

        public void Add(Ingest other)
        {
            _documents += other._documents;
            _bytes += other._bytes;
            _chunks += other._chunks;
            _productSeconds += other._productSeconds;
            _ftsSeconds += other._ftsSeconds;
        }

        public string Row(string corpus) => FormattableString.Invariant(
            $"| {corpus} | {_documents} | {_bytes / 1e6:0.00} | {_chunks:N0} | {_bytes / 1e6 / _productSeconds:0.00} | {_chunks / _productSeconds:0} | {_bytes / 1e6 / _ftsSeconds:0.00} | {_chunks / _ftsSeconds:0} |");

        public override string ToString() => FormattableString.Invariant(
            $"{_documents} documents, {_bytes / 1e6:0.00} MB, {_chunks:N0} chunks; product {_bytes / 1e6 / _productSeconds:0.00} MB/s ({_chunks / _productSeconds:0} chunks/s), FTS5 {_bytes / 1e6 / _ftsSeconds:0.00} MB/s");
    }

    private sealed record SizeResult(string Corpus, EngineResult Search, EngineResult Context, EngineResult Fts);

    /// <summary>Each measured call's time, and the bytes allocated and collector pauses over all of them.</summary>
    private sealed class Timings
    {
        public List<double> Milliseconds { get; } = [];

        public long AllocatedBytes { get; private set; }

        public TimeSpan GcPause { get; private set; }

        public async Task MeasureAsync<T>(bool measured, Func<Task<T>> call)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var paused = GC.GetTotalPauseDuration();
            var started = Stopwatch.GetTimestamp();
            await call();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (measured)
            {
                Milliseconds.Add(elapsed);
                AllocatedBytes += GC.GetTotalAllocatedBytes(precise: true) - allocated;
                GcPause += GC.GetTotalPauseDuration() - paused;
            }
        }
    }

    private sealed record EngineResult(IReadOnlyList<int?> Ranks, Timings Timings)
    {
        private List<double> Milliseconds => Timings.Milliseconds;

        public double RecallAt(int depth) => Ranks.Count == 0 ? 0 : (double)Ranks.Count(r => r <= depth) / Ranks.Count;

        public double Percentile(double share)
        {
            var sorted = Milliseconds.Order().ToList();
            return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
        }

        public string Row(string corpus, string engine) => FormattableString.Invariant(
            $"| {corpus} | {engine} | {RecallAt(5):0.000} | {RecallAt(1):0.000} | {Percentile(0.5):0.0} | {Percentile(0.95):0.0} | {Milliseconds.Average():0.0} | {Milliseconds.Max():0.0} | {Timings.AllocatedBytes / 1e6 / Milliseconds.Count:0.00} | {Timings.GcPause.TotalMilliseconds / Milliseconds.Count:0.00} |");
    }
}
