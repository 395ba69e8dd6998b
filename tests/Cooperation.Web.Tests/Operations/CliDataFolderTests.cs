using System.Reflection;
using System.Text.Json;
using Cooperation.Web.Tests.Infrastructure;
using Npgsql;

namespace Cooperation.Web.Tests.Operations;

/// <summary>
/// The `cooperation` command finds the site's data folder the way the README runs it, and a command that expects the
/// site's database never starts an empty one somewhere else.
/// </summary>
public sealed class CliDataFolderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static string Root => TestEnvironment.RepositoryRoot;

    /// <summary>The configuration the test binaries were built in (test.sh builds Release), for `dotnet run --no-build`.</summary>
    private static string Configuration => typeof(CliDataFolderTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>What `dotnet run` runs: the CLI project's own build output.</summary>
    internal static string ProjectCli => Path.Combine(Root, "src", "Cooperation.Cli", "bin", Configuration, "net10.0", "cooperation.dll");

    internal static IDictionary<string, string?> Clean => new Dictionary<string, string?>
    {
        // Neither the test site's settings nor an inherited data path may steer the command.
        ["Cooperation__Admin__Email"] = null,
        ["Cooperation__Admin__Password"] = null,
        ["Cooperation__DataPath"] = null,
        ["DOTNET_LAUNCH_PROFILE"] = null,
        ["Database__Provider"] = null,
        ["Database__ConnectionString"] = null,
    };

    [Fact]
    public async Task DotnetRunFromTheRepositoryRootLooksInTheRepositorysDataFolderAndCreatesNothing()
    {
        var data = Path.Combine(Root, "data");
        var hadData = Directory.Exists(data);
        var outside = Path.GetFullPath(Path.Combine(Root, "..", "..", "data"));
        var hadOutside = Directory.Exists(outside);

        var run = await ExternalProcess.RunAsync("dotnet",
            ["run", "--no-build", "-c", Configuration, "--project", "src/Cooperation.Cli", "--", "ask", "How long is the priority period?", "--as", "nobody@cli.example"],
            Ct, workingDirectory: Root, environment: Clean);

        Assert.True(run.ExitCode == 1, run.Describe());
        // One sentence naming the repository's data folder: there is no database there yet (a fresh clone), or there is
        // and it has no such account. Either way it is the folder `dotnet run --project src/Cooperation.Web` uses.
        var sentence = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"the data folder {data}", sentence, StringComparison.Ordinal);
        Assert.Equal(hadData, Directory.Exists(data));
        Assert.Equal(hadOutside, Directory.Exists(outside));
        Assert.StartsWith(hadData ? "There is no account with the email nobody@cli.example" : "There is no Cooperation Hub database", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandUnderTheLaunchProfileReadsTheSitesDataFolderFromAnyWorkingDirectory()
    {
        // The site's own launch profile names ../../data from its project folder; the CLI's names the same.
        var site = LaunchProfileDataPath("Cooperation.Web");
        Assert.Equal(site, LaunchProfileDataPath("Cooperation.Cli"));
        Assert.Equal(Path.Combine(Root, "data"), Path.GetFullPath(Path.Combine(Root, "src", "Cooperation.Web", site)));

        // A site on a data folder inside the repository; the command started as `dotnet run` starts it (the profile's
        // variables, DOTNET_LAUNCH_PROFILE, the caller's working directory), with the path given as the profile gives it.
        var folder = Path.Combine(TestEnvironment.ArtifactsFolder, $"cli-data-{Guid.NewGuid():N}");
        var app = new CooperationApp(dataPath: folder, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        _ = app.Services;
        var relative = Path.GetRelativePath(Path.Combine(Root, "src", "Cooperation.Cli"), folder);
        try
        {
            foreach (var workingDirectory in new[] { Root, Path.Combine(Root, "src"), Path.GetTempPath() })
            {
                var environment = Clean;
                environment["DOTNET_LAUNCH_PROFILE"] = "cooperation";
                environment["Cooperation__DataPath"] = relative;
                var run = await ExternalProcess.RunAsync("dotnet", [ProjectCli, "ask", "How long is the priority period?", "--as", CooperationApp.AdminEmail, "--json"], Ct,
                    workingDirectory: workingDirectory, environment: environment);

                Assert.True(run.ExitCode == 0, $"from {workingDirectory}: {run.Describe()}");
                using var answer = JsonDocument.Parse(run.Output);
                Assert.True(answer.RootElement.TryGetProperty("answer", out _), run.Output);
            }
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ACommandOnAFolderWithoutADatabaseSaysSoAndCreatesNothing()
    {
        var scratch = Directory.CreateTempSubdirectory("cooperation-cli-empty-").FullName;
        var missing = Path.Combine(scratch, "no-data-here");
        try
        {
            foreach (var command in new[] { new[] { "token", "create", "--email", "someone@cli.example" }, ["reindex"], ["backup", Path.Combine(scratch, "backup.zip")] })
            {
                var run = await ExternalProcess.RunAsync("dotnet", [ProjectCli, .. command, "--data-path", missing], Ct, workingDirectory: scratch, environment: Clean);

                Assert.True(run.ExitCode == 1, run.Describe());
                Assert.Equal(
                    $"There is no Cooperation Hub database in the data folder {missing}: start the site on it once or run create-admin, or name the right folder with --data-path.",
                    run.Error.Trim());
                Assert.Empty(Directory.EnumerateFileSystemEntries(scratch));
            }

            // create-admin is the command that sets a folder up.
            var created = await ExternalProcess.RunAsync("dotnet", [ProjectCli, "create-admin", "--email", "chief@cli.example", "--data-path", missing], Ct, workingDirectory: scratch, environment: Clean);
            Assert.True(created.ExitCode == 0, created.Describe());
            Assert.True(File.Exists(Path.Combine(missing, "cooperation.db")));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public async Task ACommandOnAnEmptyPostgresDatabaseSaysSoAndCreatesNoTables()
    {
        var database = CooperationApp.CreatePostgresDatabase();
        try
        {
            var environment = Clean;
            environment["Database__Provider"] = "Postgres";
            environment["Database__ConnectionString"] = CooperationApp.PostgresConnectionString(database);
            var run = await ExternalProcess.RunAsync("dotnet", [ProjectCli, "token", "create", "--email", "someone@cli.example"], Ct, workingDirectory: Path.GetTempPath(), environment: environment);

            Assert.True(run.ExitCode == 1, run.Describe());
            Assert.StartsWith($"There is no Cooperation Hub database in the PostgreSQL database {database} on ", run.Error.Trim(), StringComparison.Ordinal);
            await using var connection = new NpgsqlConnection(CooperationApp.PostgresConnectionString(database));
            await connection.OpenAsync(Ct);
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
            Assert.Equal(0L, await tables.ExecuteScalarAsync(Ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
            await connection.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }

    private static string LaunchProfileDataPath(string project)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", project, "Properties", "launchSettings.json")));
        return settings.RootElement.GetProperty("profiles").EnumerateObject().Single().Value
            .GetProperty("environmentVariables").GetProperty("Cooperation__DataPath").GetString()!;
    }
}
