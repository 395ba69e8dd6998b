using System.CommandLine;
using Cooperation.Cli.Backup;
using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooperation.Cli;

/// <summary>`cooperation backup &lt;file&gt;` and `cooperation restore &lt;file&gt;`.</summary>
internal static class BackupCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Backup();
        yield return Restore();
    }

    private static Command Backup()
    {
        var file = new Argument<string>("file") { Description = "The archive to write (a zip file); it must not exist yet." };
        var command = new Command("backup", "Writes a consistent archive of the database and every document version's content, with a manifest of SHA-256 hashes. The site may keep running.") { file };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            using var host = await CliHost.StartAsync(parse, ct);
            var summary = await BackupWriter.WriteAsync(host.Services, parse.GetValue(file)!, ct);
            Console.WriteLine($"Backup written to {summary.Path}: {summary.Rows:N0} rows in {summary.Tables} tables, {summary.Versions:N0} document versions ({summary.ContentBytes:N0} bytes of content).");
        }));
        return command;
    }

    private static Command Restore()
    {
        var file = new Argument<string>("file") { Description = "An archive written by `cooperation backup`." };
        var command = new Command("restore", "Restores an archive into an empty data folder (and an empty database and document store), verifying every content hash, then rebuilds the search index.") { file };
        command.SetAction((parse, ct) => CliErrors.RunAsync(async () =>
        {
            // Not CliHost.StartAsync: that migrates and seeds, and the restore needs the target untouched.
            using var host = BuildUninitialized(parse);
            var summary = await BackupRestorer.RestoreAsync(host.Services, parse.GetValue(file)!, ct);
            Console.WriteLine($"Restored {summary.Rows:N0} rows in {summary.Tables} tables and {summary.Versions:N0} document versions ({summary.ContentBytes:N0} bytes, every hash verified); {summary.IndexedDocuments:N0} documents indexed.");
        }));
        return command;
    }

    private static IHost BuildUninitialized(ParseResult parse)
    {
        var builder = CliHost.CreateBuilder(CliHost.DataPathOverride(parse));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCooperationCore();
        return builder.Build();
    }
}
