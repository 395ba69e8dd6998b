using Cooperation.Knowledge.Evaluation;
using Cooperation.Web.Accounts;
using Cooperation.Web.Documents.Import;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cooperation.Cli;

/// <summary>
/// `eval --corpus` and `train --corpus`: one or more folders imported, the way `cooperation import` does it, into a
/// temporary data folder of its own, so the figures describe exactly those files and nothing of the configured site
/// is touched.
/// Disposing it deletes the temporary folder, whether the evaluation finished, failed or was cancelled.
/// </summary>
internal sealed class EvaluationCorpus : IAsyncDisposable
{
    private const string WorkspaceName = "Evaluation corpus";

    private EvaluationCorpus(string dataPath, IHost host, Guid workspaceId)
    {
        DataPath = dataPath;
        Host = host;
        WorkspaceId = workspaceId;
    }

    public string DataPath { get; }

    public IHost Host { get; }

    public Guid WorkspaceId { get; }

    /// <summary>Checks the folders before anything is created, so a mistake leaves nothing behind.</summary>
    public static IReadOnlyList<string> FilesIn(IReadOnlyList<string> folders)
    {
        var files = folders.SelectMany(FilesIn).ToList();
        var twice = files.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return twice is null
            ? files
            : throw new CliException($"Two files are named {twice.Key} ({string.Join(" and ", twice)}); questions name their document by file name, so each name may occur once.");
    }

    private static IReadOnlyList<string> FilesIn(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CliException($"There is no folder {folder}.");
        }

        var files = DocumentImporter.FindFiles(folder);
        return files.Count == 0
            ? throw new CliException($"{folder} has no Markdown, PDF, DOCX or text files to evaluate on.")
            : files;
    }

    /// <summary>
    /// Refuses a question set that does not fit the corpus: a question whose document is not among the files, or whose
    /// evidence quote is not in its document (read as text for Markdown, text and HTML files; the quote matched with
    /// whitespace normalised, as the evaluation matches it). A wrong quote would silently count a right answer as a miss.
    /// </summary>
    public static void CheckEvidence(IReadOnlyList<EvaluationQuestion> questions, IReadOnlyList<string> files)
    {
        var texts = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            texts.TryAdd(Path.GetFileName(file), TextExtensions.Contains(Path.GetExtension(file)) ? File.ReadAllText(file) : null);
        }

        if (EvaluationQuestions.EvidenceProblem(questions, texts) is { } problem)
        {
            throw new CliException(problem);
        }
    }

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase) { ".md", ".markdown", ".txt", ".html", ".htm" };

    /// <summary>Imports the files and returns once each is searchable or has failed; progress goes to <paramref name="log"/>.</summary>
    public static async Task<EvaluationCorpus> ImportAsync(IReadOnlyList<string> folders, IReadOnlyList<string> files, TextWriter log, CancellationToken cancellationToken)
    {
        var folder = string.Join(" and ", folders);
        var dataPath = Directory.CreateTempSubdirectory("cooperation-eval-").FullName;
        IHost? host = null;
        try
        {
            await log.WriteLineAsync($"Importing {files.Count} file{(files.Count == 1 ? "" : "s")} from {folder} into a temporary data folder ({dataPath}).");
            host = await CliHost.StartIsolatedAsync(dataPath, cancellationToken);
            var workspaceId = await ImportFilesAsync(host.Services, folder, files, log, cancellationToken);
            var corpus = new EvaluationCorpus(dataPath, host, workspaceId);
            host = null;
            return corpus;
        }
        catch
        {
            await DeleteAsync(host, dataPath);
            throw;
        }
    }

    /// <param name="folder">The folder or folders, as the messages name them.</param>
    private static async Task<Guid> ImportFilesAsync(IServiceProvider services, string folder, IReadOnlyList<string> files, TextWriter log, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();

        // The importer acts as an administrator; this throwaway database has none yet. Its password is never used.
        await scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>().EnsureAsync(null, null, cancellationToken);
        var importer = scope.ServiceProvider.GetRequiredService<DocumentImporter>();
        var (workspaceId, actor, _) = await importer.EnsureWorkspaceAsync(WorkspaceName, makePublic: false, cancellationToken);
        var stored = new List<ImportedFile>();
        foreach (var path in files)
        {
            stored.Add(await importer.StoreAsync(workspaceId, actor, path, cancellationToken));
        }

        var done = 0;
        var toIndex = stored.Count(f => f.Status == ImportStatus.NotYetSearchable);
        var results = await importer.CompleteAsync(
            stored,
            new SynchronousProgress(file => log.WriteLine($"  {++done}/{toIndex} {Path.GetFileName(file.Path)}: {file.Status}")),
            cancellationToken);
        var searchable = results.Count(r => r.Status == ImportStatus.Searchable);
        foreach (var failed in results.Where(r => r.Status != ImportStatus.Searchable))
        {
            await log.WriteLineAsync($"  {Path.GetFileName(failed.Path)} is left out: {failed.Message ?? failed.Status.ToString()}");
        }

        if (searchable == 0)
        {
            throw new CliException($"None of the {files.Count} files in {folder} could be read, so there is nothing to evaluate on.");
        }

        await log.WriteLineAsync($"{searchable} of {files.Count} files are searchable; asking the questions.");
        return workspaceId;
    }

    public async ValueTask DisposeAsync() => await DeleteAsync(Host, DataPath);

    private static async Task DeleteAsync(IHost? host, string dataPath)
    {
        if (host is not null)
        {
            // Releases the index's write lock and the database before the folder goes.
            await CastAndDispose(host);
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static async ValueTask CastAndDispose(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }

    /// <summary>Reports on the calling thread, so the lines come out in order and before the import returns.</summary>
    private sealed class SynchronousProgress(Action<ImportedFile> report) : IProgress<ImportedFile>
    {
        public void Report(ImportedFile value) => report(value);
    }
}
