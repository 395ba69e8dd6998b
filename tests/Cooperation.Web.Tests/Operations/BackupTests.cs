using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cooperation.Cli.Backup;
using Cooperation.Web.Assistant;
using Cooperation.Web.Collaboration.Comments;
using Cooperation.Web.Data;
using Cooperation.Web.Documents;
using Cooperation.Web.Documents.Storage;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Tests.Programmes;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooperation.Web.Tests.Operations;

/// <summary>Backup and restore through the same code the `cooperation backup` and `restore` commands run.</summary>
public sealed class BackupTests
{
    private static readonly JsonSerializerOptions EntityJson = new() { ReferenceHandler = ReferenceHandler.IgnoreCycles };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARestoredBackupHasTheSameWorkspacesDocumentsVersionsCommentsAndProgrammes()
    {
        var archive = Path.Combine(Directory.CreateTempSubdirectory("cooperation-backup-").FullName, "backup.zip");
        var target = Path.Combine(Path.GetTempPath(), $"cooperation-restored-{Guid.NewGuid():N}");
        await using var source = new CooperationApp(settings: SourceSettings());
        var coordinator = await source.CreateUserAsync("coordinator@backup.example");
        var member = await source.CreateUserAsync("member@backup.example");
        var workspace = await coordinator.Client.CreateWorkspaceAsync("Backup");
        await source.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        var paris = await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.Materials, "paris-convention-stockholm-1967-fr.md"), Ct);
        var treaty = await coordinator.Client.UploadOkAsync(workspace, "paris-convention.md", paris);
        var notes = await member.Client.UploadOkAsync(workspace, "notes.txt", TestFiles.Text("Seminar notes, first draft."));
        var second = await DocumentApi.ReadCreatedAsync(await member.Client.UploadVersionAsync(workspace, notes.Document.Id, "notes.txt", TestFiles.Text("Seminar notes, second draft.")));
        await coordinator.WaitForExtractionAsync(workspace, treaty.Document.Id, 1);
        await coordinator.WaitForExtractionAsync(workspace, notes.Document.Id, 1);
        await coordinator.WaitForExtractionAsync(workspace, notes.Document.Id, second.Version.Number);
        var comment = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/documents/{treaty.Document.Id}/comments", new { text = "Article 4 is the one we need." }, Ct);
        var parent = (await comment.Content.ReadFromJsonAsync<CommentDto>(ApiJson.Options, Ct))!;
        (await member.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/documents/{treaty.Document.Id}/comments", new { text = "Agreed.", parentId = parent.Id }, Ct)).EnsureSuccessStatusCode();
        var offices = await ProgrammeTestData.AddOfficesAsync(source);
        await ProgrammeTestData.CreateProgrammeAsync(coordinator, workspace, offices["Beijing"], [offices["Cairo"]]);

        var backup = await BackupWriter.WriteAsync(source.Services, archive, Ct);
        Assert.Equal(3, backup.Versions);
        Assert.Equal(paris.Length + "Seminar notes, first draft.".Length + "Seminar notes, second draft.".Length, backup.ContentBytes);

        using (var host = RestoreHost(target))
        {
            var restoredSummary = await BackupRestorer.RestoreAsync(host.Services, archive, Ct);
            Assert.Equal(3, restoredSummary.Versions);
            Assert.Equal(2, restoredSummary.IndexedDocuments);
        }

        await using var restored = new CooperationApp(dataPath: target, settings: SourceSettings());
        foreach (var entities in new Func<CooperationDb, Task<List<string>>>[]
        {
            db => RowsAsync(db.Workspaces), db => RowsAsync(db.Memberships), db => RowsAsync(db.Documents), db => RowsAsync(db.DocumentVersions),
            db => RowsAsync(db.DocumentPages), db => RowsAsync(db.Set<Comment>()), db => RowsAsync(db.Programmes), db => RowsAsync(db.ProgrammeSessions),
            db => RowsAsync(db.AccessTokens),
            // The test site resets its configured administrator's password on every start; everyone else must be exactly as they were.
            db => RowsAsync(db.Users.Where(u => u.Email != CooperationApp.AdminEmail)),
        })
        {
            Assert.Equal(await source.WithDbAsync(entities), await restored.WithDbAsync(entities));
        }

        // Bearer tokens were restored with their accounts: the same person reads the same bytes from the restored site.
        var again = restored.ClientWithToken(member.Token);
        foreach (var (document, number, expected) in new[] { (treaty.Document.Id, 1, paris), (notes.Document.Id, 2, TestFiles.Text("Seminar notes, second draft.")) })
        {
            var bytes = await again.GetByteArrayAsync($"/api/workspaces/{workspace}/documents/{document}/versions/{number}/content", Ct);
            Assert.Equal(TestFiles.Sha256(expected), TestFiles.Sha256(bytes));
        }

        // The search index was rebuilt by the restore: the assistant answers from the restored treaty.
        var asked = await again.PostAsJsonAsync("/api/assistant/ask", new { question = "Under the Paris Convention, how long is the priority period for a patent application?" }, Ct);
        var answer = (await asked.Content.ReadFromJsonAsync<AskResult>(ApiJson.Options, Ct))!;
        Assert.False(answer.Declined, answer.Answer);
        Assert.Contains(answer.Citations, c => c.DocumentId == treaty.Document.Id);
    }

    public static TheoryData<TestDatabase> Databases => new(TestDatabase.Sqlite, TestDatabase.Postgres);

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task ABackupTakenWhileUploadsRunRestoresToAConsistentState(TestDatabase database)
    {
        var archive = Path.Combine(Directory.CreateTempSubdirectory("cooperation-backup-").FullName, "backup.zip");
        var blobs = database == TestDatabase.Postgres;
        await using var source = new CooperationApp(database, settings: SourceSettings(blobs ? $"source-{Guid.NewGuid():N}" : null));
        var uploader = await source.CreateUserAsync("uploader@backup.example");
        var workspace = await uploader.Client.CreateWorkspaceAsync("Busy");
        var completed = new ConcurrentQueue<(Guid Document, int Version, string Sha256)>();
        var backupDone = 0;
        var afterBackup = 0;

        async Task UploadUntilAfterTheBackupAsync(int worker)
        {
            Guid? document = null;
            for (var i = 0; Volatile.Read(ref backupDone) == 0 || Volatile.Read(ref afterBackup) < 2; i++)
            {
                var bytes = TestFiles.Text($"Worker {worker}, upload {i}, {Guid.NewGuid()}\n" + new string('x', 20_000 + (i * 997 % 50_000)));
                var response = document is { } id && i % 2 == 1
                    ? await uploader.Client.UploadVersionAsync(workspace, id, $"w{worker}.txt", bytes)
                    : await uploader.Client.UploadAsync(workspace, $"w{worker}-{i}.txt", bytes);
                var result = await DocumentApi.ReadCreatedAsync(response);
                document = result.Document.Id;
                completed.Enqueue((result.Document.Id, result.Version.Number, TestFiles.Sha256(bytes)));
                if (Volatile.Read(ref backupDone) == 1)
                {
                    Interlocked.Increment(ref afterBackup);
                }
            }
        }

        var workers = Enumerable.Range(0, 3).Select(w => Task.Run(() => UploadUntilAfterTheBackupAsync(w), Ct)).ToList();
        while (completed.Count < 4)
        {
            await Task.Delay(20, Ct);
        }

        var beforeBackup = completed.ToList();
        var backup = await BackupWriter.WriteAsync(source.Services, archive, Ct);
        Volatile.Write(ref backupDone, 1);
        await Task.WhenAll(workers);

        var targetDatabase = blobs ? CooperationApp.CreatePostgresDatabase() : null;
        var targetSettings = RestoreSettings(database, targetDatabase, blobs ? $"restored-{Guid.NewGuid():N}" : null);
        var target = Path.Combine(Path.GetTempPath(), $"cooperation-restored-{Guid.NewGuid():N}");
        using var host = RestoreHost(target, targetSettings);
        await BackupRestorer.RestoreAsync(host.Services, archive, Ct);

        await using var scope = host.Services.CreateAsyncScope();
        var restoredVersions = await scope.ServiceProvider.GetRequiredService<CooperationDb>().DocumentVersions.AsNoTracking().ToListAsync(Ct);
        var store = host.Services.GetRequiredService<IDocumentStore>();
        Assert.Equal(backup.Versions, restoredVersions.Count);
        // Every restored version is whole: its content is there and hashes to what its row says.
        foreach (var version in restoredVersions)
        {
            await using var content = await store.OpenReadAsync(version.StorageKey, Ct);
            Assert.Equal(version.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(content, Ct)));
        }

        // Nothing else was restored: no content without a version, no leftovers of an upload in flight.
        var keys = new List<string>();
        await foreach (var item in store.ListAsync(Ct))
        {
            keys.Add(item.Key);
        }

        Assert.Equal(restoredVersions.Select(v => v.StorageKey).Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        // Each restored version is one the uploaders really made, with the bytes they sent.
        var sent = completed.ToDictionary(c => (c.Document, c.Version), c => c.Sha256);
        Assert.All(restoredVersions, v => Assert.Equal(sent[(v.DocumentId, v.Number)], v.Sha256));
        // Everything finished before the backup began is in it; uploads finished after it are not.
        var restored = restoredVersions.Select(v => (v.DocumentId, v.Number)).ToHashSet();
        Assert.All(beforeBackup, b => Assert.Contains((b.Document, b.Version), restored));
        Assert.True(completed.Count > restoredVersions.Count, "Uploads went on after the backup, so the source has versions the backup has not.");
        // Rows came back with their ids; new rows in tables with generated ids still get fresh ones.
        var keysDb = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        Assert.NotEmpty(await keysDb.DataProtectionKeys.AsNoTracking().ToListAsync(Ct));
        keysDb.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "after-restore", Xml = "<key/>" });
        await keysDb.SaveChangesAsync(Ct);
        if (targetDatabase is not null)
        {
            await scope.DisposeAsync();
            host.Dispose();
            await DropPostgresDatabaseAsync(targetDatabase);
        }
    }

    private static async Task DropPostgresDatabaseAsync(string name)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await using var connection = new Npgsql.NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task TheCommandLineBacksUpAndRestoresOnlyIntoAnEmptyFolderAndRefusesADamagedArchive()
    {
        var folder = Directory.CreateTempSubdirectory("cooperation-cli-backup-").FullName;
        var archive = Path.Combine(folder, "backup.zip");
        string dataPath;
        await using (var source = new CooperationApp(settings: SourceSettings()))
        {
            var coordinator = await source.CreateUserAsync("coordinator@cli-backup.example");
            var workspace = await coordinator.Client.CreateWorkspaceAsync("CLI");
            await coordinator.Client.UploadOkAsync(workspace, "minutes.txt", TestFiles.Text("Minutes of the joint meeting."));
            source.KeepDataOnDispose();
            dataPath = source.DataPath;
        }

        var backedUp = await CliAsync("backup", archive, "--data-path", dataPath);
        Assert.True(backedUp.ExitCode == 0, backedUp.Describe());
        Assert.Contains("1 document versions", backedUp.Output, StringComparison.Ordinal);
        var again = await CliAsync("backup", archive, "--data-path", dataPath);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);

        var intoUsedFolder = await CliAsync("restore", archive, "--data-path", dataPath);
        Assert.Equal(1, intoUsedFolder.ExitCode);
        Assert.Contains("is not empty", intoUsedFolder.Error, StringComparison.Ordinal);

        var target = Path.Combine(folder, "restored");
        var restored = await CliAsync("restore", archive, "--data-path", target);
        Assert.True(restored.ExitCode == 0, restored.Describe());
        Assert.Contains("every hash verified", restored.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(target, "cooperation.db")));

        var damaged = Path.Combine(folder, "damaged.zip");
        File.Copy(archive, damaged);
        using (var zip = System.IO.Compression.ZipFile.Open(damaged, System.IO.Compression.ZipArchiveMode.Update))
        {
            var content = zip.Entries.Single(e => e.FullName.StartsWith("content/", StringComparison.Ordinal));
            var name = content.FullName;
            content.Delete();
            await using var replaced = zip.CreateEntry(name).Open();
            await replaced.WriteAsync(TestFiles.Text("Minutes of the joint meeting, altered."), Ct);
        }

        var secondTarget = Path.Combine(folder, "restored-damaged");
        var refused = await CliAsync("restore", damaged, "--data-path", secondTarget);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("does not match its recorded SHA-256", refused.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(secondTarget) ? Directory.EnumerateFileSystemEntries(secondTarget) : []);

        var notAnArchive = await CliAsync("restore", Path.Combine(target, "cooperation.db"), "--data-path", Path.Combine(folder, "third"));
        Assert.Equal(1, notAnArchive.ExitCode);
        Assert.Contains("not a backup archive", notAnArchive.Error, StringComparison.Ordinal);
        Directory.Delete(dataPath, recursive: true);
        Directory.Delete(folder, recursive: true);
    }

    private static Dictionary<string, string?> SourceSettings(string? container = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["DocumentExtraction:PollInterval"] = "00:00:00.200",
        };
        if (container is not null)
        {
            settings["DocumentStorage:Provider"] = "AzureBlob";
            settings["DocumentStorage:ConnectionString"] = TestEnvironment.Azurite;
            settings["DocumentStorage:Container"] = container;
        }

        return settings;
    }

    private static Dictionary<string, string?> RestoreSettings(TestDatabase database, string? postgresDatabase, string? container)
    {
        var settings = SourceSettings(container);
        if (database == TestDatabase.Postgres)
        {
            settings["Database:Provider"] = "Postgres";
            settings["Database:ConnectionString"] = CooperationApp.PostgresConnectionString(postgresDatabase!);
        }

        return settings;
    }

    /// <summary>A host built the way `cooperation restore` builds it: the site's services, nothing initialised.</summary>
    private static IHost RestoreHost(string dataPath, Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Cooperation.Web", EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? SourceSettings()) { ["Cooperation:DataPath"] = dataPath });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCooperationCore();
        return builder.Build();
    }

    private static async Task<List<string>> RowsAsync<T>(IQueryable<T> rows) where T : class =>
        (await rows.AsNoTracking().ToListAsync(Ct)).Select(r => JsonSerializer.Serialize(r, EntityJson)).Order(StringComparer.Ordinal).ToList();

    private static Task<ProcessResult> CliAsync(params string[] arguments)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var cli = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Cooperation.Cli", "bin", configuration, "net10.0");
        return ExternalProcess.RunAsync("dotnet", [Path.Combine(cli, "cooperation.dll"), .. arguments], Ct, cli,
            new Dictionary<string, string?> { ["Cooperation__Seed__Demo"] = "false", ["DOTNET_ENVIRONMENT"] = "Production" });
    }
}
