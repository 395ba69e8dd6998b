using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Tests.Operations;

namespace Cooperation.Web.Tests.Assistant;

/// <summary>
/// `cooperation eval --corpus`: the folder is imported into a temporary data folder of its own, evaluated on, and
/// the temporary folder is gone afterwards, also when the inputs are wrong. Each run gets its own TMPDIR, so
/// "nothing left behind" means that folder is empty again.
/// </summary>
public sealed class EvaluationCommandTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("cooperation-eval-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string TempFolder => Path.Combine(_scratch, "tmp");

    // The configured data folder: eval --corpus must not create or touch it.
    private string SiteDataPath => Path.Combine(_scratch, "site-data");

    [Fact]
    public async Task EvaluationOnTheMaterialsFolderMeetsTheFloorsAndLeavesNoTemporaryFolder()
    {
        var questions = Path.Combine(TestEnvironment.Materials, "dev-questions.jsonl");

        var run = await EvalAsync("--questions", questions, "--corpus", TestEnvironment.Materials, "--json");

        Assert.True(run.ExitCode == 0, run.Describe());
        using var figures = JsonDocument.Parse(run.Output);
        var root = figures.RootElement;
        double Figure(string name) => root.GetProperty(name).GetDouble();
        Assert.Equal(File.ReadLines(questions).Count(l => !string.IsNullOrWhiteSpace(l)), root.GetProperty("questions").GetInt32());
        // Floors of a check, not evidence: the trained models saw these questions (see EvaluationFloorTests).
        Assert.True(Figure("recallAt5") >= 0.88, run.Output);
        Assert.True(Figure("answerAccuracy") >= 0.8, run.Output);
        Assert.True(Figure("declineRecall") >= 0.5, run.Output);
        Assert.True(Figure("declinePrecision") >= 0.9, run.Output);
        Assert.True(Figure("wrongLeads") <= 0.05, run.Output);
        Assert.True(root.GetProperty("groups").TryGetProperty("tag:cross-lingual", out _), run.Output);
        Assert.Equal(1.0, Figure("citationsVerified"));
        Assert.InRange(Figure("recallAt1"), 0, Figure("recallAt5"));
        Assert.InRange(Figure("meanReciprocalRank"), Figure("recallAt1"), Figure("recallAt5"));
        Assert.InRange(Figure("latencyP50Ms"), double.Epsilon, Figure("latencyP95Ms"));

        // Progress went to stderr, so stdout was the one JSON object parsed above.
        Assert.Matches(@"(\d+) of \1 files are searchable", run.Error);
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task StoppingTheCommandDuringTheImportRemovesTheTemporaryFolder()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _scratch };
        foreach (var argument in EvalArguments("--questions", Path.Combine(TestEnvironment.Materials, "dev-questions.jsonl"), "--corpus", TestEnvironment.Materials, "--json"))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = TempFolder;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var error = new StringBuilder();
        var importing = new TaskCompletionSource();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (error)
            {
                error.AppendLine(e.Data);
            }

            if (e.Data.StartsWith("Importing", StringComparison.Ordinal))
            {
                importing.TrySetResult();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await importing.Task.WaitAsync(Ct);
            Assert.Single(Directory.EnumerateDirectories(TempFolder));
            // SIGTERM, handled like Ctrl+C; SIGINT itself is ignored by programs started in the background, as test runs may be.
            using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!)
            {
                await signal.WaitForExitAsync(Ct);
            }

            await process.WaitForExitAsync(Ct);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        lock (error)
        {
            Assert.True(process.ExitCode != 0, $"exit code {process.ExitCode}\n{error}");
            Assert.DoesNotContain("asking the questions", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("Cancelled.", error.ToString(), StringComparison.Ordinal);
        }

        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task AMissingCorpusFolderIsRefusedWithASentence()
    {
        var missing = Path.Combine(_scratch, "no-such-folder");

        var run = await EvalAsync("--questions", await QuestionsAsync(), "--corpus", missing, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"There is no folder {missing}.", run.Error.Trim());
        Assert.Empty(run.Output);
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task ACorpusWithoutImportableFilesIsRefusedWithASentence()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_scratch, "spreadsheets")).FullName;
        await File.WriteAllTextAsync(Path.Combine(corpus, "fees.csv"), "rule,fee\n15.2,1000", Ct);
        await File.WriteAllTextAsync(Path.Combine(corpus, "README.md"), "# Not a document", Ct);

        var run = await EvalAsync("--questions", await QuestionsAsync(), "--corpus", corpus);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{corpus} has no Markdown, PDF, DOCX or text files to evaluate on.", run.Error.Trim());
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task ACorpusWhoseFilesCannotBeReadStopsAndRemovesItsTemporaryFolder()
    {
        var corpus = Directory.CreateDirectory(Path.Combine(_scratch, "broken")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(corpus, "minutes.docx"), TestFiles.DocxZipBomb(64L * 1024 * 1024), Ct);

        var run = await EvalAsync("--questions", await QuestionsAsync(), "--corpus", corpus, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"None of the 1 files in {corpus} could be read, so there is nothing to evaluate on.", run.Error, StringComparison.Ordinal);
        Assert.Contains("minutes.docx is left out: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("zip bomb", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task AMalformedQuestionFileIsRefusedNamingTheLine()
    {
        var questions = Path.Combine(_scratch, "questions.jsonl");
        await File.WriteAllTextAsync(questions, "{\"id\":\"q1\",\"question\":\"How long is the priority period?\",\"answerable\":true}\n{\"id\":\"q2\",\"question\":\n", Ct);

        var run = await EvalAsync("--questions", questions, "--corpus", TestEnvironment.Materials, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{questions} is not a valid question file: Line 2 of the questions file is not valid JSON", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Output);
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task AnEmptyQuestionFileIsRefused()
    {
        var questions = Path.Combine(_scratch, "empty.jsonl");
        await File.WriteAllTextAsync(questions, "\n", Ct);

        var run = await EvalAsync("--questions", questions, "--corpus", TestEnvironment.Materials);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{questions} has no questions.", run.Error.Trim());
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task TrainingWritesARankerAndAnAnswerModelChosenByCrossValidation()
    {
        var ranker = Path.Combine(_scratch, "ranker-model.json");
        var answer = Path.Combine(_scratch, "answer-model.json");

        var domain = Path.Combine(_scratch, "domain.jsonl");
        await File.WriteAllLinesAsync(domain, [
            "{\"question\":\"Will it rain in Geneva on Friday?\",\"onTopic\":false}",
            "{\"question\":\"What is 12 times 7?\",\"onTopic\":false}",
            "{\"question\":\"Recommend a hotel near the station.\",\"onTopic\":false}",
            "{\"question\":\"How long does a trademark registration last?\",\"onTopic\":true}",
        ], Ct);

        var run = await CliAsync("train", "--questions", Path.Combine(TestEnvironment.Materials, "dev-questions.jsonl"), "--domain-questions", domain, "--corpus", TestEnvironment.Materials, "--ranker-out", ranker, "--answer-out", answer);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("Cross-validated end to end", run.Output, StringComparison.Ordinal);
        using var rankerJson = JsonDocument.Parse(await File.ReadAllTextAsync(ranker, Ct));
        Assert.NotEqual(0, rankerJson.RootElement.GetProperty("trees").GetArrayLength());
        Assert.Contains("span_coverage", rankerJson.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetString()));
        using var answerJson = JsonDocument.Parse(await File.ReadAllTextAsync(answer, Ct));
        Assert.InRange(answerJson.RootElement.GetProperty("declineBelow").GetDouble(), 0, 1);
        Assert.True(double.IsFinite(answerJson.RootElement.GetProperty("offTopicBelow").GetDouble()));
        Assert.Contains("off-topic gate", run.Error, StringComparison.Ordinal);
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task TrainingRefusesAQuestionWhoseEvidenceIsNotInItsDocument()
    {
        var questions = Path.Combine(_scratch, "wrong-evidence.jsonl");
        await File.WriteAllTextAsync(questions, "{\"id\":\"w1\",\"question\":\"How long is the priority period?\",\"answerable\":true,\"must_contain\":[\"12\"],\"source\":{\"document\":\"paris-convention-stockholm-1967-fr.md\"},\"evidence\":[\"quatorze mois pour les brevets\"]}\n", Ct);

        var run = await CliAsync("train", "--questions", questions, "--corpus", TestEnvironment.Materials);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("The evidence of question w1 is not in paris-convention-stockholm-1967-fr.md: \"quatorze mois pour les brevets\".", run.Error.Trim());
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task TrainingRefusesAMissingQuestionFileAndABrokenLine()
    {
        var missing = Path.Combine(_scratch, "no-such.jsonl");
        var broken = Path.Combine(_scratch, "broken.jsonl");
        await File.WriteAllTextAsync(broken, "{\"id\":\"q1\",\"question\":\n", Ct);

        var brokenDomain = Path.Combine(_scratch, "broken-domain.jsonl");
        await File.WriteAllTextAsync(brokenDomain, "{\"question\":\"Is it sunny?\"}\n", Ct);

        var absent = await CliAsync("train", "--questions", missing, "--corpus", TestEnvironment.Materials);
        var malformed = await CliAsync("train", "--questions", broken, "--corpus", TestEnvironment.Materials);
        var malformedDomain = await CliAsync("train", "--questions", Path.Combine(TestEnvironment.Materials, "dev-questions.jsonl"), "--domain-questions", brokenDomain, "--corpus", TestEnvironment.Materials);

        Assert.Equal(1, absent.ExitCode);
        Assert.Equal($"There is no file {missing}.", absent.Error.Trim());
        Assert.Equal(1, malformed.ExitCode);
        Assert.StartsWith($"{broken} is not a valid question file: Line 1 of the questions file is not valid JSON", malformed.Error, StringComparison.Ordinal);
        Assert.Equal(1, malformedDomain.ExitCode);
        Assert.Equal($"{brokenDomain} is not a valid domain questions file: Line 1 of the domain questions file needs a \"question\" and \"onTopic\": true or false.", malformedDomain.Error.Trim());
        AssertNothingLeftBehind();
    }

    [Fact]
    public async Task EvaluationRefusesAQuestionAboutADocumentOutsideTheCorpus()
    {
        var questions = Path.Combine(_scratch, "elsewhere.jsonl");
        await File.WriteAllTextAsync(questions, "{\"id\":\"e1\",\"question\":\"What is the term?\",\"answerable\":true,\"source\":{\"document\":\"berne-convention-en.md\"},\"evidence\":[\"fifty years\"]}\n", Ct);

        var run = await EvalAsync("--questions", questions, "--corpus", TestEnvironment.Materials, "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Question e1 is about berne-convention-en.md, which is not in the corpus.", run.Error.Trim());
        Assert.Empty(run.Output);
        AssertNothingLeftBehind();
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private async Task<string> QuestionsAsync()
    {
        var questions = Path.Combine(_scratch, "one-question.jsonl");
        await File.WriteAllTextAsync(questions, "{\"id\":\"q1\",\"question\":\"How long is the priority period for patents?\",\"answerable\":true,\"must_contain\":[\"12|twelve\"]}\n", Ct);
        return questions;
    }

    private void AssertNothingLeftBehind()
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempFolder));
        Assert.False(Directory.Exists(SiteDataPath), "eval --corpus created the configured data folder");
    }

    private Task<ProcessResult> EvalAsync(params string[] arguments) => CliAsync("eval", arguments);

    private Task<ProcessResult> CliAsync(string command, params string[] arguments) =>
        ExternalProcess.RunAsync("dotnet", CliArguments(command, arguments), Ct, _scratch,
            new Dictionary<string, string?> { ["TMPDIR"] = TempFolder, ["DOTNET_ENVIRONMENT"] = "Production" });

    private List<string> EvalArguments(params string[] arguments) => CliArguments("eval", arguments);

    private List<string> CliArguments(string command, params string[] arguments)
    {
        Directory.CreateDirectory(TempFolder);
        return [Path.Combine(AppContext.BaseDirectory, "cooperation.dll"), command, .. arguments, "--data-path", SiteDataPath];
    }
}
