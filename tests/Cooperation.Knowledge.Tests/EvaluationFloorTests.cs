using Xunit;
using Cooperation.Knowledge.Evaluation;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Knowledge.Tests;

/// <summary>Runs the development questions over the shared rules materials with the offline defaults.</summary>
public sealed class EvaluationFloorTests
{
    // Floors this engine reaches on the development set today. The product targets are higher
    // (Recall@5 0.95, accuracy 0.85); these guard against regressions until they are met.
    private const double RecallAt5Floor = 0.90;
    private const double AnswerAccuracyFloor = 0.75;
    private const double DeclineRecallFloor = 0.8;
    private const double DeclinePrecisionFloor = 0.9;

    [Fact]
    public async Task DevelopmentQuestionsMeetTheFloors()
    {
        var token = TestContext.Current.CancellationToken;
        var materials = MaterialsFolder();
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        var fileNames = new Dictionary<Guid, string>();
        foreach (var file in Directory.GetFiles(materials, "*.md").Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)))
        {
            var document = KnowledgeTestHost.Document(workspace, Path.GetFileNameWithoutExtension(file), await File.ReadAllTextAsync(file, token));
            fileNames[document.DocumentId] = Path.GetFileName(file);
            await host.Index.IndexAsync(document, token);
        }

        var questions = EvaluationQuestions.Load(Path.Combine(materials, "dev-questions.jsonl"));
        var result = await host.Services.GetRequiredService<EvaluationRunner>().RunAsync(questions, [workspace], id => fileNames.GetValueOrDefault(id), token);
        TestContext.Current.SendDiagnosticMessage(result.ToReport());
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToReport());
        TestContext.Current.TestOutputHelper?.WriteLine(result.ToJson());

        Assert.True(result.RecallAt5 >= RecallAt5Floor, $"Recall@5 {result.RecallAt5:F3}\n{result.ToReport()}");
        Assert.True(result.AnswerAccuracy >= AnswerAccuracyFloor, $"Answer accuracy {result.AnswerAccuracy:F3}\n{result.ToReport()}");
        Assert.True(result.DeclineRecall >= DeclineRecallFloor, $"Decline recall {result.DeclineRecall:F3}\n{result.ToReport()}");
        Assert.True(result.DeclinePrecision >= DeclinePrecisionFloor, $"Decline precision {result.DeclinePrecision:F3}\n{result.ToReport()}");
        Assert.Equal(1.0, result.CitationsVerified);
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

    private static string MaterialsFolder()
    {
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
