using System.Data;
using System.Data.Common;
using System.IO.Compression;
using System.Text.Json;
using Cooperation.Web.Data;
using Cooperation.Web.Documents.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Cli.Backup;

public sealed record BackupSummary(string Path, int Tables, long Rows, int Versions, long ContentBytes);

/// <summary>
/// Writes a consistent backup archive while the site keeps running. The database is read from one snapshot (SQLite:
/// the online backup API into a private copy; PostgreSQL: one repeatable-read transaction), and only then is the
/// content of every version in that snapshot copied, each checked against its recorded SHA-256. Content is never
/// changed after its row commits and is removed only once no row refers to it, so every version in the snapshot
/// still has its content. The archive appears under its name only when complete.
/// </summary>
public static class BackupWriter
{
    public static async Task<BackupSummary> WriteAsync(IServiceProvider services, string path, CancellationToken cancellationToken)
    {
        path = System.IO.Path.GetFullPath(path);
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new CliException($"{path} already exists; give the backup a new file name.");
        }

        var folder = System.IO.Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            throw new CliException($"The folder {folder} does not exist.");
        }

        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            BackupSummary summary;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    summary = await WriteEntriesAsync(services, zip, path, cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: false);
            return summary;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<BackupSummary> WriteEntriesAsync(IServiceProvider services, ZipArchive zip, string path, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        var store = services.GetRequiredService<IDocumentStore>();
        var snapshot = await ExportDatabaseAsync(db, zip, cancellationToken);

        long bytes = 0;
        foreach (var version in snapshot.Versions.OrderBy(v => v.StorageKey, StringComparer.Ordinal))
        {
            bytes += await CopyContentAsync(store, version, zip, cancellationToken);
        }

        var manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentFormatVersion, DateTime.UtcNow,
            db.Database.IsNpgsql() ? "Postgres" : "Sqlite", snapshot.Tables, snapshot.Versions);
        await using (var entry = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Optimal).Open())
        {
            await JsonSerializer.SerializeAsync(entry, manifest, BackupManifest.Json, cancellationToken);
        }

        return new BackupSummary(path, snapshot.Tables.Count, snapshot.Tables.Sum(t => t.Rows), snapshot.Versions.Count, bytes);
    }

    private sealed record Snapshot(List<BackupTable> Tables, List<BackupContent> Versions);

    private static async Task<Snapshot> ExportDatabaseAsync(CooperationDb db, ZipArchive zip, CancellationToken cancellationToken)
    {
        var tables = DatabaseTables.InInsertOrder(db);
        var sql = db.GetService<ISqlGenerationHelper>();
        if (!db.Database.IsSqlite())
        {
            return await DatabaseConnection.WithOpenAsync(db, async connection =>
            {
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
                var snapshot = await ExportTablesAsync(db, connection, transaction, sql, tables, zip, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return snapshot;
            }, cancellationToken);
        }

        // SQLite: copy the live database with the online backup API (one step, so one consistent state), then read the copy.
        var copy = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cooperation-backup-{Guid.NewGuid():N}.db");
        try
        {
            await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            await target.OpenAsync(cancellationToken);
            await using (var source = new SqliteConnection(db.Database.GetConnectionString()))
            {
                await source.OpenAsync(cancellationToken);
                await CopyWhenUnlockedAsync(source, target, cancellationToken);
            }

            return await ExportTablesAsync(db, target, null, sql, tables, zip, cancellationToken);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    // The backup API takes a read lock and does not wait for a writer the way commands do: while the site commits
    // (an upload, a chat message) it answers "busy", and the copy is simply tried again a moment later.
    private static async Task CopyWhenUnlockedAsync(SqliteConnection source, SqliteConnection target, CancellationToken cancellationToken)
    {
        const int SqliteBusy = 5, SqliteLocked = 6, MaxAttempts = 300;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                source.BackupDatabase(target);
                return;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteBusy or SqliteLocked && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }

    private static async Task<Snapshot> ExportTablesAsync(CooperationDb db, DbConnection connection, DbTransaction? transaction, ISqlGenerationHelper sql,
        IReadOnlyList<DatabaseTable> tables, ZipArchive zip, CancellationToken cancellationToken)
    {
        var names = DatabaseTables.Versions(db);
        var versions = new List<BackupContent>();
        var exported = new List<BackupTable>();
        foreach (var table in tables)
        {
            Action<object?[]>? observe = null;
            if (table.Name == names.Table)
            {
                var (id, document, key, sha, length) = (table.IndexOf(names.Id), table.IndexOf(names.DocumentId), table.IndexOf(names.StorageKey), table.IndexOf(names.Sha256), table.IndexOf(names.Length));
                observe = row => versions.Add(new BackupContent((Guid)row[id]!, (Guid)row[document]!, (string)row[key]!, (string)row[sha]!, (long)row[length]!));
            }

            await using var entry = zip.CreateEntry(BackupManifest.TableEntry(table.Name), CompressionLevel.Optimal).Open();
            var rows = await TableRows.ExportAsync(connection, transaction, sql, table, entry, observe, cancellationToken);
            exported.Add(new BackupTable(table.Name, rows, table.Columns.Select(c => c.Name).ToList()));
        }

        return new Snapshot(exported, versions);
    }

    private static async Task<long> CopyContentAsync(IDocumentStore store, BackupContent version, ZipArchive zip, CancellationToken cancellationToken)
    {
        Stream content;
        try
        {
            content = await store.OpenReadAsync(version.StorageKey, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            throw new CliException($"The content of document version {version.VersionId} ({version.StorageKey}) is missing from the document store; it was removed while the backup ran or the store is damaged. Nothing was written.");
        }

        await using (content)
        {
            await using var hashing = new HashingStream(content);
            await using (var entry = zip.CreateEntry(BackupManifest.ContentEntry(version.StorageKey), CompressionLevel.Fastest).Open())
            {
                await hashing.CopyToAsync(entry, 1 << 18, cancellationToken);
            }

            if (!hashing.Matches(version))
            {
                throw new CliException($"The content of document version {version.VersionId} ({version.StorageKey}) does not match its recorded SHA-256 and length; the store is damaged. Nothing was written.");
            }

            return hashing.BytesRead;
        }
    }
}
