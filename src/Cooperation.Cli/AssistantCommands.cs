using System.CommandLine;
using System.Text.Json;
using Cooperation.Knowledge;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Knowledge.Training;
using Cooperation.Web.Accounts;
using Cooperation.Web.Assistant;
using Cooperation.Web.Data;
using Cooperation.Web.Documents.Indexing;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Cli;

internal static class AssistantCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static IEnumerable<Command> Create()
    {
        yield return Ask();
        yield return Evaluate();
        yield return Train();
        yield return Reindex();
    }

    private static Command Ask()
    {
        var question = new Argument<string>("question") { Description = "The question, in quotes." };
        var asUser = new Option<string?>("--as") { Description = "Answer from what this person (email) may read; without it, from public workspaces only." };
        var json = new Option<bool>("--json") { Description = "Print the answer as JSON." };
        var command = new Command("ask", "Asks the rules assistant a question.") { question, asUser, json };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            using var host = await CliHost.StartAsync(parse, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var readable = await ReadableAsync(services, parse.GetValue(asUser), ct);
            var result = await services.GetRequiredService<AssistantService>().AskWithinAsync(readable, parse.GetValue(question), ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json));
                return;
            }

            Console.WriteLine(result.Answer);
            for (var i = 0; i < result.Citations.Count; i++)
            {
                var c = result.Citations[i];
                Console.WriteLine($"  [{i + 1}] {c.Title}, version {c.Version}, {c.Section}{(c.Page is { } p ? $", page {p}" : "")}, from workspace \"{c.WorkspaceName}\": \"{c.Quote}\"");
            }

            foreach (var s in result.NearestSections)
            {
                Console.WriteLine($"  nearest: {s.Title}, {s.Section}");
            }
        }));
        return command;
    }

    private static Command Evaluate()
    {
        var questions = new Option<string[]>("--questions") { Description = "A JSONL file of questions (id, question, answerable, must_contain, source, evidence); repeat it to ask several.", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Import this folder (repeat it for several) into a fresh temporary data folder and evaluate on it alone (deleted afterwards); without it, on the configured data folder." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures (progress goes to stderr)." };
        var command = new Command("eval", "Measures retrieval and answers on a question set: Recall@1/5, MRR, accuracy, declines, citations, latency.") { questions, corpus, json };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            // Both inputs are checked before anything is created, so a mistake leaves nothing behind.
            var set = LoadQuestions(parse.GetValue(questions)!);
            var folders = parse.GetValue(corpus) is { Length: > 0 } given ? given.Select(Path.GetFullPath).ToList() : null;
            var files = folders is null ? null : EvaluationCorpus.FilesIn(folders);
            if (files is not null)
            {
                EvaluationCorpus.CheckEvidence(set, files);
            }

            EvaluationResult result;
            if (folders is null)
            {
                using var host = await CliHost.StartAsync(parse, ct);
                result = await EvaluateAsync(host.Services, set, ct);
            }
            else
            {
                await using var imported = await EvaluationCorpus.ImportAsync(folders, files!, Console.Error, ct);
                result = await EvaluateAsync(imported.Host.Services, set, ct);
            }

            Console.WriteLine(parse.GetValue(json) ? result.ToJson() : result.ToReport());
        }));
        return command;
    }

    /// <summary>Every file's questions, in order; ids must differ across the files.</summary>
    private static IReadOnlyList<EvaluationQuestion> LoadQuestions(string[] files)
    {
        var set = files.SelectMany(LoadQuestions).ToList();
        var twice = set.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? set : throw new CliException($"The question id {twice.Key} occurs twice; every question needs an id of its own.");
    }

    private static IReadOnlyList<EvaluationQuestion> LoadQuestions(string file)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"There is no file {file}.");
        }

        IReadOnlyList<EvaluationQuestion> set;
        try
        {
            set = EvaluationQuestions.Load(file);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidDataException)
        {
            throw new CliException($"{file} is not a valid question file: {e.Message}");
        }

        return set.Count == 0 ? throw new CliException($"{file} has no questions.") : set;
    }

    private static IReadOnlyList<DomainQuestion> LoadDomainQuestions(string file)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"There is no file {file}.");
        }

        try
        {
            var set = DomainQuestions.Load(file);
            return set.Count == 0 ? throw new CliException($"{file} has no questions.") : set;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new CliException($"{file} is not a valid domain questions file: {e.Message}");
        }
    }

    /// <summary>Every workspace of the data folder; a hit is judged by the file name of the document's current version.</summary>
    private static async Task<EvaluationResult> EvaluateAsync(IServiceProvider services, IReadOnlyList<EvaluationQuestion> set, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var (workspaces, fileNames) = await LibraryAsync(scope.ServiceProvider, cancellationToken);
        return await scope.ServiceProvider.GetRequiredService<EvaluationRunner>().RunAsync(set, workspaces, id => fileNames.GetValueOrDefault(id), cancellationToken);
    }

    /// <summary>Every workspace of the data folder, and the file name of each document's current version.</summary>
    private static async Task<(List<Guid> Workspaces, Dictionary<Guid, string?> FileNames)> LibraryAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CooperationDb>();
        var workspaces = await db.Workspaces.Select(w => w.Id).ToListAsync(cancellationToken);
        var fileNames = await db.Documents.Select(d => new
            {
                d.Id,
                Name = db.DocumentVersions.Where(v => v.DocumentId == d.Id && v.Number == d.CurrentVersion).Select(v => v.FileName).FirstOrDefault(),
            })
            .ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return (workspaces, fileNames);
    }

    private static Command Train()
    {
        var questions = new Option<string[]>("--questions") { Description = "The training questions (JSONL, as for eval; repeat for several files); questions of the reported part must never be given here.", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "The folder of documents the questions are about (repeat for several; imported into a temporary data folder, deleted afterwards).", Required = true };
        var rankerOut = new Option<string>("--ranker-out") { Description = "Where to write the span ranker.", DefaultValueFactory = _ => Path.Combine("src", "Cooperation.Knowledge", "Search", "Ranking", "ranker-model.json") };
        var answerOut = new Option<string>("--answer-out") { Description = "Where to write the answer model (declining, leads).", DefaultValueFactory = _ => Path.Combine("src", "Cooperation.Knowledge", "Answering", "answer-model.json") };
        var domain = new Option<string[]>("--domain-questions") { Description = "Questions that only say whether they are about IP rules at all (JSONL of question and onTopic; repeat for several), to teach the off-topic gate beyond the training questions." };
        var command = new Command("train", "Trains the assistant's ranking and answer models from questions over a corpus, choosing every setting by cross-validation over documents; rebuild afterwards to embed them.") { questions, corpus, domain, rankerOut, answerOut };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            var set = LoadQuestions(parse.GetValue(questions)!);
            var domainSet = (parse.GetValue(domain) ?? []).SelectMany(LoadDomainQuestions).ToList();
            var folders = parse.GetValue(corpus)!.Select(Path.GetFullPath).ToList();
            var files = EvaluationCorpus.FilesIn(folders);
            EvaluationCorpus.CheckEvidence(set, files);
            var outputs = new[] { parse.GetValue(rankerOut)!, parse.GetValue(answerOut)! }.Select(Path.GetFullPath).ToArray();
            foreach (var output in outputs)
            {
                if (!Directory.Exists(Path.GetDirectoryName(output)))
                {
                    throw new CliException($"There is no folder {Path.GetDirectoryName(output)} to write {Path.GetFileName(output)} into.");
                }
            }

            if (!set.Any(q => q.Answerable && q.Evidence.Count > 0) || set.All(q => q.Answerable))
            {
                throw new CliException("Training needs answerable questions with evidence and questions the materials do not answer.");
            }

            await using var imported = await EvaluationCorpus.ImportAsync(folders, files, Console.Error, ct);
            await using var scope = imported.Host.Services.CreateAsyncScope();
            var (workspaces, fileNames) = await LibraryAsync(scope.ServiceProvider, ct);
            var trained = await scope.ServiceProvider.GetRequiredService<AssistantTrainer>().TrainAsync(set, domainSet, workspaces, id => fileNames.GetValueOrDefault(id), Console.Error, ct);
            await File.WriteAllTextAsync(outputs[0], trained.RankerJson + Environment.NewLine, ct);
            await File.WriteAllTextAsync(outputs[1], trained.AnswerJson + Environment.NewLine, ct);
            Console.WriteLine(trained.Report);
            Console.WriteLine($"Wrote {outputs[0]} and {outputs[1]}; rebuild to embed them.");
        }));
        return command;
    }

    private static Command Reindex()
    {
        var command = new Command("reindex", "Rebuilds the search index from the documents in the database.");
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            using var host = await CliHost.StartAsync(parse, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var count = await scope.ServiceProvider.GetRequiredService<DocumentIndexer>().RebuildAsync(ct);
            Console.WriteLine($"Indexed {count} document{(count == 1 ? "" : "s")}.");
        }));
        return command;
    }

    private static async Task<IReadOnlyCollection<Guid>> ReadableAsync(IServiceProvider services, string? email, CancellationToken cancellationToken)
    {
        var access = services.GetRequiredService<WorkspaceAccess>();
        if (email is null)
        {
            return await access.PublicWorkspaceIdsAsync(cancellationToken);
        }

        var user = await services.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)
            ?? throw new CliException($"There is no account with the email {email} in {DatabasePresence.Describe(services)}.");
        return await access.ReadableWorkspaceIdsAsync(user.Id, user.IsAdministrator, cancellationToken);
    }
}
