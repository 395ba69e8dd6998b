using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Security.Claims;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Web.Accounts;
using Cooperation.Web.Assistant;
using Cooperation.Web.Data;
using Cooperation.Web.Documents;
using Cooperation.Web.Documents.Import;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Benchmarks.AskHttp;

/// <summary>
/// The site in the benchmark's child process, with its embedded defaults (SQLite in a temporary data folder, the
/// offline assistant, the demo seed's Rules library), on a free loopback port. Once the library is searchable it
/// prints "READY url token documents gc" and then answers, on stdin, the same questions in process through
/// <see cref="AssistantService"/>, the front door the API endpoint calls: "ask i" (one question, timed here) and
/// "batch concurrency count" (that many questions, so many at a time). The HTTP client is the parent process.
/// </summary>
internal static class AskServer
{
    // DemoSeed.RulesLibraryName, which is internal to the site.
    private const string LibraryName = "Rules library";
    private const string AdminEmail = "admin@bench.example";
    private const string Password = "bench-password-1";

    public static async Task ServeAsync(AskHttpOptions options, CancellationToken cancellationToken)
    {
        var questions = options.LoadQuestions();
        var data = Directory.CreateTempSubdirectory("cooperation-ask-http-").FullName;
        try
        {
            await using (var app = BuildSite(data))
            {
                await app.StartAsync(cancellationToken);
                var documents = await LibraryAsync(app, options.Imports, cancellationToken);
                var (principal, token) = await PersonAsync(app, cancellationToken);
                Console.WriteLine($"READY {app.Urls.First()} {token} {documents} {(GCSettings.IsServerGC ? "server" : "workstation")}");
                while (await Console.In.ReadLineAsync(cancellationToken) is { } line)
                {
                    var words = line.Split(' ');
                    if (words[0] == "ask")
                    {
                        var (milliseconds, answer) = await AskAsync(app, principal, questions[int.Parse(words[1], CultureInfo.InvariantCulture)], cancellationToken);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"ASKED {milliseconds:0.###} {answer.LatencyMs} {(answer.Declined ? 1 : 0)} {AskHttpOptions.AnswerKey(answer.Answer)}"));
                    }
                    else if (words[0] == "batch")
                    {
                        var concurrency = int.Parse(words[1], CultureInfo.InvariantCulture);
                        var count = int.Parse(words[2], CultureInfo.InvariantCulture);
                        var (wall, times) = await Batch.RunAsync(concurrency, count,
                            async i => (await AskAsync(app, principal, questions[i % questions.Count], cancellationToken)).Milliseconds);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BATCH {wall:0.###} {string.Join(';', times.Select(t => t.ToString("0.###", CultureInfo.InvariantCulture)))}"));
                    }
                }

                await app.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>One question as a request would ask it: a scope of its own, the asker's access, the assistant.</summary>
    private static async Task<(double Milliseconds, AskResult Answer)> AskAsync(WebApplication app, ClaimsPrincipal principal, EvaluationQuestion question, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = app.Services.CreateAsyncScope();
        var answer = await scope.ServiceProvider.GetRequiredService<AssistantService>().AskAsync(principal, new AskInput(question.Question, null), cancellationToken);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, answer);
    }

    private static WebApplication BuildSite(string data)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Cooperation.Web", EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cooperation:DataPath"] = data,
            ["Cooperation:Admin:Email"] = AdminEmail,
            ["Cooperation:Admin:Password"] = Password,
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            // The limit protects the site from one person's flood; the benchmark is one on purpose (10,000 is its maximum).
            ["RateLimits:AskPerMinute"] = "10000",
        });
        builder.AddCooperationWeb();
        var app = builder.Build();
        app.MapCooperation();
        return app;
    }

    /// <summary>
    /// Adds the --import folders to the Rules library, then waits until every document in it (the demo seed's, which
    /// the site's own extraction queue works) is searchable; a document that failed stops the benchmark.
    /// </summary>
    private static async Task<int> LibraryAsync(WebApplication app, IReadOnlyList<string> imports, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = app.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<DocumentImporter>();
        var (library, actor, _) = await importer.EnsureWorkspaceAsync(LibraryName, makePublic: true, cancellationToken);
        var stored = new List<ImportedFile>();
        foreach (var file in imports.SelectMany(DocumentImporter.FindFiles))
        {
            stored.Add(await importer.StoreAsync(library, actor, file, cancellationToken));
        }

        var imported = await importer.CompleteAsync(stored, null, cancellationToken);
        if (imported.FirstOrDefault(f => f.Status is not (ImportStatus.Searchable or ImportStatus.Unchanged)) is { } failed)
        {
            throw new InvalidOperationException($"{failed.Path} was not imported: {failed.Status} {failed.Message}");
        }

        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        for (var deadline = Stopwatch.GetTimestamp() + (10 * 60 * Stopwatch.Frequency); Stopwatch.GetTimestamp() < deadline; await Task.Delay(200, cancellationToken))
        {
            var versions = await db.DocumentVersions.AsNoTracking()
                .Where(v => v.Document!.WorkspaceId == library && v.Document.DeletedAt == null && v.Number == v.Document.CurrentVersion)
                .Select(v => new { v.FileName, v.ExtractionStatus, v.ExtractionError, v.IndexedAt })
                .ToListAsync(cancellationToken);
            if (versions.FirstOrDefault(v => v.ExtractionStatus == ExtractionStatus.Failed) is { } broken)
            {
                throw new InvalidOperationException($"{broken.FileName} of the Rules library could not be extracted: {broken.ExtractionError}");
            }

            if (versions.Count > 0 && versions.All(v => v.IndexedAt is not null))
            {
                await Console.Error.WriteLineAsync($"  site: {versions.Count} documents of the Rules library searchable after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
                return versions.Count;
            }
        }

        throw new TimeoutException("The Rules library was not searchable within 10 minutes.");
    }

    /// <summary>A member of no workspace (the Rules library is public), an API token, and the principal the site makes of them.</summary>
    private static async Task<(ClaimsPrincipal Principal, string Token)> PersonAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = "asker@bench.example", Email = "asker@bench.example", EmailConfirmed = true, DisplayName = "Asker" };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        var token = await scope.ServiceProvider.GetRequiredService<AccessTokenService>().CreateAsync(user.Id, "ask-http", 1, cancellationToken);
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
        return (principal, token.Token);
    }
}
