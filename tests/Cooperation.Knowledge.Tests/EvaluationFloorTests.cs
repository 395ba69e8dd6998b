using Xunit;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Knowledge.Tests;

/// <summary>
/// Runs the development questions over the shared rules materials with the offline defaults. The trained models saw
/// these questions (they are part of `cooperation train`'s input), so the floors guard against a broken build or model,
/// not the quality on unseen material: that is the reported part of tests/evaluation, in docs/benchmarks.md.
/// </summary>
public sealed class EvaluationFloorTests(SharedMaterials materials) : IClassFixture<SharedMaterials>
{
    private const double RecallAt5Floor = 0.88;
    private const double AnswerAccuracyFloor = 0.8;
    private const double DeclineRecallFloor = 0.5;
    private const double DeclinePrecisionFloor = 0.9;
    private const double WrongLeadsCeiling = 0.05;

    [Fact]
    public async Task DevelopmentQuestionsMeetTheFloors()
    {
        var token = TestContext.Current.CancellationToken;
        var result = await materials.Host.Services.GetRequiredService<EvaluationRunner>()
            .RunAsync(materials.Questions, [materials.Workspace], id => materials.FileNames.GetValueOrDefault(id), token);
        TestContext.Current.SendDiagnosticMessage(result.ToReport());
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToReport());
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToJson());

        Assert.True(result.RecallAt5 >= RecallAt5Floor, $"Recall@5 {result.RecallAt5:F3}\n{result.ToReport()}");
        Assert.True(result.AnswerAccuracy >= AnswerAccuracyFloor, $"Answer accuracy {result.AnswerAccuracy:F3}\n{result.ToReport()}");
        Assert.True(result.DeclineRecall >= DeclineRecallFloor, $"Decline recall {result.DeclineRecall:F3}\n{result.ToReport()}");
        Assert.True(result.DeclinePrecision >= DeclinePrecisionFloor, $"Decline precision {result.DeclinePrecision:F3}\n{result.ToReport()}");
        Assert.True(result.WrongLeads <= WrongLeadsCeiling, $"Wrong leads {result.WrongLeads:F3}\n{result.ToReport()}");
        Assert.Equal(1.0, result.CitationsVerified);
        Assert.Contains("tag:cross-lingual", result.Groups!.Keys);
        Assert.Contains("language:zh", result.Groups.Keys);
        Assert.Contains("document:pct-treaty-en.md", result.Groups.Keys);
    }

    [Fact]
    public void QuestionsFileWithABrokenLineNamesTheLine()
    {
        using var reader = new StringReader("{\"id\":\"a\",\"question\":\"What?\",\"answerable\":true}\n{not json\n");
        var exception = Assert.Throws<FormatException>(() => EvaluationQuestions.Parse(reader));
        Assert.Contains("Line 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MustContainAlternativesAreSeparatedByBars()
    {
        Assert.True(EvaluationRunner.ContainsAny("It is Douze mois.", "12|twelve|douze"));
        Assert.False(EvaluationRunner.ContainsAny("It is six months.", "12|twelve|douze"));
    }
}

/// <summary>The shared rules materials indexed once for the tests that read them.</summary>
public sealed class SharedMaterials : IAsyncLifetime
{
    private readonly KnowledgeTestHost _host = new();

    internal KnowledgeTestHost Host => _host;

    public Guid Workspace { get; } = Guid.NewGuid();

    public Dictionary<Guid, string> FileNames { get; } = [];

    public IReadOnlyList<EvaluationQuestion> Questions { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        var folder = Folder();
        foreach (var file in Directory.GetFiles(folder, "*.md").Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)))
        {
            var document = KnowledgeTestHost.Document(Workspace, Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            FileNames[document.DocumentId] = Path.GetFileName(file);
            await _host.Index.IndexAsync(document, TestContext.Current.CancellationToken);
        }

        Questions = EvaluationQuestions.Load(Path.Combine(folder, "dev-questions.jsonl"));
    }

    public ValueTask DisposeAsync()
    {
        _host.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Folder()
    {
        // The test command says where the materials are; a worktree outside the main checkout has no ../shared.
        if (Environment.GetEnvironmentVariable("COOPERATION_TEST_MATERIALS") is { Length: > 0 } configured)
        {
            Assert.True(Directory.Exists(configured), $"COOPERATION_TEST_MATERIALS names a missing folder: {configured}");
            return configured;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cooperation.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var materials = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "materials"));
        Assert.True(Directory.Exists(materials), $"The shared materials folder is missing: {materials}");
        return materials;
    }
}
