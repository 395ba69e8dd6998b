using System.IO.Compression;
using System.Text.Json;
using Cooperation.Web.Data;
using Cooperation.Web.Documents.Indexing;
using Cooperation.Web.Documents.Storage;
using Cooperation.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cooperation.Cli.Backup;

public sealed record RestoreSummary(int Tables, long Rows, int Versions, long ContentBytes, int IndexedDocuments);

/// <summary>
/// Restores a backup archive into an empty data folder (and an empty database and document store, when those are
/// configured elsewhere). Every version's content is hashed while it is written and must match the archive's record;
/// the rows are inserted in one transaction only after all content is in place, and on any failure what was written
/// is removed again, so a restore either completes or leaves nothing behind. The search index is then rebuilt from
/// the extracted text in the database.
/// </summary>
public static class BackupRestorer
{
    /// <param name="services">Services of a host that was built but not initialised (no migrations or seed run on it).</param>
    public static async Task<RestoreSummary> RestoreAsync(IServiceProvider services, string path, CancellationToken cancellationToken)
    {
        var dataPath = services.GetRequiredService<IOptions<CooperationOptions>>().Value.FullDataPath;
        if (Directory.Exists(dataPath) && Directory.EnumerateFileSystemEntries(dataPath).Any())
        {
            throw new CliException($"The data folder {dataPath} is not empty. Restore only into an empty or new data folder (--data-path), so that nothing mixes with the backup.");
        }

        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new CliException($"There is no file {path}.");
        }

        using var zip = OpenArchive(path);
        var manifest = await ReadManifestAsync(zip, cancellationToken);
        var written = new List<string>();
        IDocumentStore? store = null;
        try
        {
            return await RestoreAsync(services, zip, manifest, written, s => store = s, cancellationToken);
        }
        catch
        {
            await UndoAsync(store, written, dataPath);
            throw;
        }
    }

    private static async Task<RestoreSummary> RestoreAsync(IServiceProvider services, ZipArchive zip, BackupManifest manifest, List<string> written,
        Action<IDocumentStore> storeResolved, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        var tables = DatabaseTables.InInsertOrder(db);
        CheckSchema(tables, manifest);
        await CheckVersionRowsAsync(db, tables, zip, manifest, cancellationToken);
        await CheckDatabaseIsEmptyAsync(db, tables, cancellationToken);
        var store = services.GetRequiredService<IDocumentStore>();
        storeResolved(store);
        await foreach (var item in store.ListAsync(cancellationToken))
        {
            throw new CliException($"The document store already holds content ({item.Key}); restore into an empty one.");
        }

        long bytes = 0;
        foreach (var version in manifest.Versions)
        {
            bytes += await WriteContentAsync(store, zip, version, written, cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
        var rows = await InsertRowsAsync(db, tables, zip, cancellationToken);
        var indexed = await scope.ServiceProvider.GetRequiredService<DocumentIndexer>().RebuildAsync(cancellationToken);
        return new RestoreSummary(tables.Count, rows, manifest.Versions.Count, bytes, indexed);
    }

    private static ZipArchive OpenArchive(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new CliException($"{path} is not a backup archive (it is not a zip file).");
        }
    }

    private static async Task<BackupManifest> ReadManifestAsync(ZipArchive zip, CancellationToken cancellationToken)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName) ?? throw new CliException("The archive has no manifest.json; it is not a Cooperation Hub backup.");
        BackupManifest? manifest;
        try
        {
            await using var stream = entry.Open();
            manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, BackupManifest.Json, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new CliException($"The archive's manifest.json cannot be read: {e.Message}");
        }

        if (manifest is not { Format: BackupManifest.FormatName } || manifest.Tables is null || manifest.Versions is null)
        {
            throw new CliException("The archive's manifest.json does not describe a Cooperation Hub backup.");
        }

        return manifest.FormatVersion == BackupManifest.CurrentFormatVersion
            ? manifest
            : throw new CliException($"The archive has backup format {manifest.FormatVersion}; this tool reads format {BackupManifest.CurrentFormatVersion}.");
    }

    /// <summary>The archive must have exactly the tables and columns this version of the site has.</summary>
    private static void CheckSchema(IReadOnlyList<DatabaseTable> tables, BackupManifest manifest)
    {
        var ours = tables.ToDictionary(t => t.Name, t => t.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var theirs = manifest.Tables.ToDictionary(t => t.Name, t => t.Columns.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var differences = ours.Keys.Except(theirs.Keys).Select(t => $"table {t} is not in the archive")
            .Concat(theirs.Keys.Except(ours.Keys).Select(t => $"table {t} is unknown here"))
            .Concat(ours.Keys.Intersect(theirs.Keys).SelectMany(t =>
                ours[t].Except(theirs[t]).Select(c => $"column {t}.{c} is not in the archive")
                    .Concat(theirs[t].Except(ours[t]).Select(c => $"column {t}.{c} is unknown here"))))
            .ToList();
        if (differences.Count > 0)
        {
            throw new CliException("The archive was made by a version of Cooperation Hub with a different database schema; restore it with that version. "
                + string.Join("; ", differences.Take(10)) + (differences.Count > 10 ? $"; and {differences.Count - 10} more." : "."));
        }
    }

    /// <summary>The versions table in the archive and the manifest's content list must describe the same content.</summary>
    private static async Task CheckVersionRowsAsync(CooperationDb db, IReadOnlyList<DatabaseTable> tables, ZipArchive zip, BackupManifest manifest, CancellationToken cancellationToken)
    {
        var names = DatabaseTables.Versions(db);
        var table = tables.Single(t => t.Name == names.Table);
        var (id, key, sha, length) = (table.IndexOf(names.Id), table.IndexOf(names.StorageKey), table.IndexOf(names.Sha256), table.IndexOf(names.Length));
        var listed = manifest.Versions.ToDictionary(v => v.VersionId);
        var rows = 0;
        await using var stream = OpenEntry(zip, BackupManifest.TableEntry(table.Name));
        await foreach (var row in TableRows.ReadAsync(stream, table, cancellationToken))
        {
            rows++;
            if (!listed.TryGetValue((Guid)row[id]!, out var content) || content.StorageKey != (string)row[key]! || content.Sha256 != (string)row[sha]! || content.Length != (long)row[length]!)
            {
                throw new CliException($"The archive is inconsistent: document version {row[id]} is not listed in its manifest as it is in its database. Nothing was restored.");
            }
        }

        if (rows != listed.Count)
        {
            throw new CliException("The archive is inconsistent: its manifest lists content that no document version refers to. Nothing was restored.");
        }
    }

    private static async Task CheckDatabaseIsEmptyAsync(CooperationDb db, IReadOnlyList<DatabaseTable> tables, CancellationToken cancellationToken)
    {
        if (!(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            return;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        await DatabaseConnection.WithOpenAsync(db, async connection =>
        {
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT 1 FROM {sql.DelimitIdentifier(table.Name, table.Schema)} LIMIT 1";
                if (await command.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    throw new CliException($"The database already holds data (table {table.Name}); restore into an empty database.");
                }
            }
        }, cancellationToken);
    }

    private static async Task<long> WriteContentAsync(IDocumentStore store, ZipArchive zip, BackupContent version, List<string> written, CancellationToken cancellationToken)
    {
        await using var entry = OpenEntry(zip, BackupManifest.ContentEntry(version.StorageKey));
        await using var hashing = new HashingStream(entry);
        written.Add(version.StorageKey);
        await store.WriteAsync(version.StorageKey, hashing, cancellationToken);
        return hashing.Matches(version)
            ? hashing.BytesRead
            : throw new CliException($"The content of document version {version.VersionId} in the archive does not match its recorded SHA-256 and length; the archive is damaged. Nothing was restored.");
    }

    private static async Task<long> InsertRowsAsync(CooperationDb db, IReadOnlyList<DatabaseTable> tables, ZipArchive zip, CancellationToken cancellationToken)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        return await DatabaseConnection.WithOpenAsync(db, async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            long rows = 0;
            foreach (var table in tables)
            {
                await using var stream = OpenEntry(zip, BackupManifest.TableEntry(table.Name));
                var source = TableRows.ReadAsync(stream, table, cancellationToken);
                if (table.SelfReferences.Count > 0)
                {
                    source = TableRows.ParentsFirst(table, await source.ToListAsync(cancellationToken)).ToAsyncEnumerable();
                }

                rows += await TableRows.InsertAsync(connection, transaction, sql, table, source, cancellationToken);
                if (table.IdentityColumn is { } identity && db.Database.IsNpgsql())
                {
                    await ResetIdentityAsync(connection, transaction, sql, table, identity, cancellationToken);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return rows;
        }, cancellationToken);
    }

    // Rows came with their ids; PostgreSQL's identity sequence must continue after the highest one.
    private static async Task ResetIdentityAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, ISqlGenerationHelper sql,
        DatabaseTable table, string column, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var name = sql.DelimitIdentifier(table.Name, table.Schema);
        command.CommandText = $"SELECT setval(pg_get_serial_sequence('{name.Replace("'", "''", StringComparison.Ordinal)}', '{column}'), "
            + $"COALESCE((SELECT MAX({sql.DelimitIdentifier(column)}) FROM {name}), 0) + 1, false)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Stream OpenEntry(ZipArchive zip, string name) =>
        (zip.GetEntry(name) ?? throw new CliException($"The archive has no {name}; it is incomplete. Nothing was restored.")).Open();

    /// <summary>Removes what a failed restore wrote: the content it stored, and everything in the data folder (which was empty when it began).</summary>
    private static async Task UndoAsync(IDocumentStore? store, List<string> written, string dataPath)
    {
        if (store is not null)
        {
            foreach (var key in written)
            {
                try
                {
                    await store.DeleteAsync(key, CancellationToken.None);
                }
                catch (Exception e) when (e is IOException or Azure.RequestFailedException)
                {
                    // Unreferenced content is removed by the site's orphan sweep later.
                }
            }
        }

        SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataPath))
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(dataPath))
            {
                if (Directory.Exists(entry))
                {
                    Directory.Delete(entry, recursive: true);
                }
                else
                {
                    File.Delete(entry);
                }
            }
        }
    }
}
