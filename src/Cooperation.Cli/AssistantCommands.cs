using System.CommandLine;
using System.Text.Json;
using Cooperation.Knowledge;
using Cooperation.Knowledge.Evaluation;
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
                Console.WriteLine($"  [{i + 1}] {c.Title}, version {c.Version}, {c.Section}{(c.Page is { } p ? $", page {p}" : "")}: \"{c.Quote}\"");
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
        var questions = new Option<string>("--questions") { Description = "A JSONL file of questions (id, question, answerable, must_contain, source, evidence).", Required = true };
        var corpus = new Option<string?>("--corpus") { Description = "Import this folder into a fresh temporary data folder and evaluate on it alone (deleted afterwards); without it, on the configured data folder." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures (progress goes to stderr)." };
        var command = new Command("eval", "Measures retrieval and answers on a question set: Recall@1/5, MRR, accuracy, declines, citations, latency.") { questions, corpus, json };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            // Both inputs are checked before anything is created, so a mistake leaves nothing behind.
            var set = LoadQuestions(parse.GetValue(questions)!);
            var folder = parse.GetValue(corpus) is { } given ? Path.GetFullPath(given) : null;
            var files = folder is null ? null : EvaluationCorpus.FilesIn(folder);

            EvaluationResult result;
            if (folder is null)
            {
                using var host = await CliHost.StartAsync(parse, ct);
                result = await EvaluateAsync(host.Services, set, ct);
            }
            else
            {
                await using var imported = await EvaluationCorpus.ImportAsync(folder, files!, Console.Error, ct);
                result = await EvaluateAsync(imported.Host.Services, set, ct);
            }

            Console.WriteLine(parse.GetValue(json) ? result.ToJson() : result.ToReport());
        }));
        return command;
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

    /// <summary>Every workspace of the data folder; a hit is judged by the file name of the document's current version.</summary>
    private static async Task<EvaluationResult> EvaluateAsync(IServiceProvider services, IReadOnlyList<EvaluationQuestion> set, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        var workspaces = await db.Workspaces.Select(w => w.Id).ToListAsync(cancellationToken);
        var fileNames = await db.Documents.Select(d => new
            {
                d.Id,
                Name = db.DocumentVersions.Where(v => v.DocumentId == d.Id && v.Number == d.CurrentVersion).Select(v => v.FileName).FirstOrDefault(),
            })
            .ToDictionaryAsync(d => d.Id, d => d.Name, cancellationToken);
        return await scope.ServiceProvider.GetRequiredService<EvaluationRunner>().RunAsync(set, workspaces, id => fileNames.GetValueOrDefault(id), cancellationToken);
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
            ?? throw new CliException($"There is no account with the email {email}.");
        return await access.ReadableWorkspaceIdsAsync(user.Id, user.IsAdministrator, cancellationToken);
    }
}
