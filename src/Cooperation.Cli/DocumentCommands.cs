using System.CommandLine;
using Cooperation.Web.Documents.Import;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Cooperation.Cli;

internal static class DocumentCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Import();
    }

    private static Command Import()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The folder to import (Markdown, PDF, DOCX and text files, subfolders included)." };
        var workspace = new Option<string>("--workspace") { Description = "The workspace to import into; created when missing.", Required = true };
        var makePublic = new Option<bool>("--public") { Description = "Make the workspace readable by everyone signed in." };
        var command = new Command("import", "Imports a folder of documents into a workspace and waits until every file is searchable or has failed with a reason.")
        {
            folder, workspace, makePublic,
        };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            var files = DocumentImporter.FindFiles(parse.GetValue(folder)!.FullName);
            if (files.Count == 0)
            {
                throw new CliException($"{parse.GetValue(folder)!.FullName} has no Markdown, PDF, DOCX or text files.");
            }

            using var host = await CliHost.StartAsync(parse, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<DocumentImporter>();
            var (workspaceId, actor, created) = await importer.EnsureWorkspaceAsync(parse.GetValue(workspace)!, parse.GetValue(makePublic), ct);
            if (created)
            {
                AnsiConsole.MarkupLineInterpolated($"Created the workspace [bold]{parse.GetValue(workspace)}[/].");
            }

            IReadOnlyList<ImportedFile> results = [];
            await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var storing = progress.AddTask("Storing", maxValue: files.Count);
                    var stored = new List<ImportedFile>();
                    foreach (var path in files)
                    {
                        stored.Add(await importer.StoreAsync(workspaceId, actor, path, ct));
                        storing.Increment(1);
                    }

                    var toIndex = stored.Count(f => f.Status == ImportStatus.NotYetSearchable);
                    var indexing = progress.AddTask("Extracting and indexing", maxValue: Math.Max(1, toIndex));
                    if (toIndex == 0)
                    {
                        indexing.Increment(1);
                    }

                    results = await importer.CompleteAsync(stored, new Progress<ImportedFile>(_ => indexing.Increment(1)), ct);
                    indexing.Value = indexing.MaxValue;
                });

            var table = new Table().AddColumns("File", "Result");
            foreach (var result in results)
            {
                table.AddRow(Markup.Escape(Path.GetRelativePath(parse.GetValue(folder)!.FullName, result.Path)), Markup.Escape(Describe(result)));
            }

            AnsiConsole.Write(table);
            var searchable = results.Count(r => r.Status is ImportStatus.Searchable or ImportStatus.Unchanged);
            Console.WriteLine($"{searchable} of {results.Count} files are searchable in '{parse.GetValue(workspace)}'.");
            return results.Any(r => r.Status is ImportStatus.Refused or ImportStatus.ExtractionFailed or ImportStatus.NotYetSearchable) ? 2 : 0;
        }));
        return command;
    }

    private static string Describe(ImportedFile file) => file.Status switch
    {
        ImportStatus.Searchable => $"searchable (version {file.Version})",
        ImportStatus.Unchanged => $"unchanged (version {file.Version})",
        ImportStatus.ExtractionFailed => $"stored, but its text could not be read: {file.Message}",
        ImportStatus.Refused => $"refused: {file.Message}",
        _ => "stored and extracted; the running site has not indexed it yet",
    };
}
