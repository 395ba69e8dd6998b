using System.Globalization;
using System.Text;
using Cooperation.Knowledge.Embeddings;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Search;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Cooperation.Knowledge.Tests;

public sealed class EmbeddingTests
{
    private const string Question = "How long does protection of an ornamental look last?";

    // Shares no word with the question, so BM25 cannot find it; its meaning is the question's.
    private const string Answer = "### Article 7\n\nThe appearance of a product is safeguarded for fifteen years from filing.\n";

    private static readonly string[] SeedRules =
    [
        "### Article 1\n\nSeed fees must be paid before the protection of a plant variety begins.\n",
        "### Article 2\n\nThe harvest of a protected seed variety requires payment of a fee.\n",
        "### Article 3\n\nA plant variety register lists every seed and the fee last paid.\n",
    ];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> OpenAI(EmbeddingEndpoint endpoint, int batchSize = 16) => new()
    {
        ["Knowledge:Embeddings:Provider"] = "OpenAI",
        ["Knowledge:Embeddings:Endpoint"] = endpoint.BaseUrl,
        ["Knowledge:Embeddings:Model"] = "test-embedding",
        ["Knowledge:Embeddings:BatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task PassagesAreSentInBatchesOfAtMostSixteenAndTheirVectorsAreStored()
    {
        await using var endpoint = await EmbeddingEndpoint.StartAsync(Token);
        using var host = new KnowledgeTestHost(settings: OpenAI(endpoint));
        var text = new StringBuilder();
        for (var article = 1; article <= 40; article++)
        {
            text.Append(CultureInfo.InvariantCulture, $"### Article {article}\n\n");
            for (var sentence = 0; sentence < 12; sentence++)
            {
                text.Append(CultureInfo.InvariantCulture, $"The seed office records variety number {article * 100 + sentence} and the fee paid for it. ");
            }

            text.Append("\n\n");
        }

        await host.Index.IndexAsync(KnowledgeTestHost.Document(Guid.NewGuid(), "Seed register", text.ToString(), "en"), Token);
        host.Close();

        var vectors = StoredVectors(host.IndexPath);
        Assert.True(vectors.Count >= 40, $"expected a chunk per article, found {vectors.Count}");
        Assert.All(vectors, v => Assert.Equal(EmbeddingEndpoint.Vector(string.Empty).Length * sizeof(float), v?.Length));
        Assert.All(endpoint.Requests, r => Assert.InRange(r["input"]!.AsArray().Count, 1, 16));
        Assert.All(endpoint.Requests, r => Assert.Equal("test-embedding", r["model"]!.GetValue<string>()));
        Assert.Equal(vectors.Count, endpoint.Requests.Sum(r => r["input"]!.AsArray().Count));
    }

    [Fact]
    public async Task FusionFindsAPassageThatSharesNoWordWithTheQuestion()
    {
        await using var endpoint = await EmbeddingEndpoint.StartAsync(Token);
        var workspace = Guid.NewGuid();

        var wordsOnly = await SearchAsync(null, workspace);
        var fused = await SearchAsync(endpoint, workspace);

        Assert.NotEmpty(wordsOnly);
        Assert.DoesNotContain(wordsOnly, h => h.Text.Contains("safeguarded", StringComparison.Ordinal));
        Assert.Contains(fused.Take(5), h => h.Text.Contains("safeguarded", StringComparison.Ordinal));

        // The question itself was embedded to search with.
        Assert.Contains(endpoint.Requests, r => r["input"]!.AsArray().Any(i => i!.GetValue<string>() == Question));
    }

    [Fact]
    public async Task TheVectorSideNeverReachesAnotherWorkspace()
    {
        await using var endpoint = await EmbeddingEndpoint.StartAsync(Token);
        using var host = new KnowledgeTestHost(settings: OpenAI(endpoint));
        var search = host.Services.GetRequiredService<IKnowledgeSearch>();
        var readable = Guid.NewGuid();
        var other = Guid.NewGuid();
        foreach (var rule in SeedRules)
        {
            await host.Index.IndexAsync(KnowledgeTestHost.Document(readable, "Seed rules", rule, "en"), Token);
        }

        await host.Index.IndexAsync(KnowledgeTestHost.Document(other, "Product rules", Answer, "en"), Token);

        var asReader = await search.SearchAsync(Question, [readable], 10, Token);
        var asMember = await search.SearchAsync(Question, [other], 10, Token);

        Assert.NotEmpty(asReader);
        Assert.All(asReader, h => Assert.Equal(readable, h.WorkspaceId));
        Assert.Contains(asMember, h => h.Text.Contains("safeguarded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailingEndpointLeavesTheDocumentSearchableByItsWordsAndReindexingAddsVectors()
    {
        await using var endpoint = await EmbeddingEndpoint.StartAsync(Token);
        endpoint.FailWith = 500;
        var workspace = Guid.NewGuid();
        var documentId = Guid.NewGuid();
        using (var host = new KnowledgeTestHost(settings: OpenAI(endpoint)))
        {
            var search = host.Services.GetRequiredService<IKnowledgeSearch>();
            await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Seed rules", SeedRules[0], "en", id: documentId), Token);

            // The question cannot be embedded either: the search goes by words.
            var hits = await search.SearchAsync("When must seed fees be paid?", [workspace], 5, Token);

            Assert.Contains(hits, h => h.DocumentId == documentId);
            Assert.Equal(1, (await host.Index.IndexedVersionsAsync(Token))[documentId]);
            host.Close();
            Assert.All(StoredVectors(host.IndexPath), v => Assert.Null(v));

            using var again = new KnowledgeTestHost(host.IndexPath, OpenAI(endpoint));
            endpoint.FailWith = null;
            await again.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Seed rules", SeedRules[0], "en", version: 2, id: documentId), Token);
            again.Close();
            Assert.All(StoredVectors(host.IndexPath), v => Assert.NotNull(v));
        }
    }

    [Theory]
    [InlineData("OpenAI", null, "test-embedding", "16", "Endpoint")]
    [InlineData("OpenAI", "http://127.0.0.1:1/v1", null, "16", "Model")]
    [InlineData("Local", null, null, "32", "BatchSize must be between 1 and 16")]
    public void IncompleteEmbeddingSettingsAreRejectedWithTheirName(string provider, string? endpoint, string? model, string batchSize, string expected)
    {
        using var host = new KnowledgeTestHost(settings: new Dictionary<string, string?>
        {
            ["Knowledge:Embeddings:Provider"] = provider,
            ["Knowledge:Embeddings:Endpoint"] = endpoint,
            ["Knowledge:Embeddings:Model"] = model,
            ["Knowledge:Embeddings:BatchSize"] = batchSize,
        });

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<KnowledgeOptions>>().Value);

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLocalModelFindsAPassageByItsMeaning()
    {
        using var host = new KnowledgeTestHost(settings: new Dictionary<string, string?> { ["Knowledge:Embeddings:Provider"] = "Local" });
        var workspace = Guid.NewGuid();
        var search = host.Services.GetRequiredService<IKnowledgeSearch>();
        foreach (var rule in SeedRules)
        {
            await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Seed rules", rule, "en"), Token);
        }

        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Product rules", Answer, "en"), Token);

        var hits = await search.SearchAsync(Question, [workspace], 10, Token);
        host.Close();

        Assert.Contains(hits, h => h.Text.Contains("safeguarded", StringComparison.Ordinal));
        Assert.All(StoredVectors(host.IndexPath), v => Assert.Equal(384 * sizeof(float), v?.Length));
    }

    [Fact]
    public void EmbeddingsAreOffByDefault()
    {
        using var host = new KnowledgeTestHost();

        Assert.Equal(EmbeddingProvider.None, host.Services.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Embeddings.Provider);
        Assert.Null(host.Services.GetService<ITextEmbedder>());
    }

    private static async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(EmbeddingEndpoint? endpoint, Guid workspace)
    {
        using var host = new KnowledgeTestHost(settings: endpoint is null ? null : OpenAI(endpoint));
        foreach (var rule in SeedRules)
        {
            await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Seed rules", rule, "en"), Token);
        }

        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Product rules", Answer, "en"), Token);
        return await host.Services.GetRequiredService<IKnowledgeSearch>().SearchAsync(Question, [workspace], 10, Token);
    }

    /// <summary>The stored vector bytes of every passage in the index at <paramref name="path"/> (null where none was stored).</summary>
    private static List<byte[]?> StoredVectors(string path)
    {
        using var directory = FSDirectory.Open(path);
        using var reader = DirectoryReader.Open(directory);
        var vectors = new List<byte[]?>();
        var live = MultiFields.GetLiveDocs(reader);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            var document = reader.Document(doc);
            if ((live is null || live.Get(doc)) && document.Get(IndexFields.Kind) == IndexFields.ChunkKind)
            {
                var bytes = document.GetBinaryValue(ChunkVectors.Field);
                vectors.Add(bytes is null ? null : bytes.Bytes.AsSpan(bytes.Offset, bytes.Length).ToArray());
            }
        }

        return vectors;
    }
}
