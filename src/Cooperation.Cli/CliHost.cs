using System.CommandLine;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooperation.Cli;

/// <summary>Builds the same services the site uses, configured the same way (appsettings, environment).</summary>
internal static class CliHost
{
    public static readonly Option<string?> DataPathOption = new("--data-path")
    {
        Description = "Data folder (default: Cooperation:DataPath from configuration, else ./data; under `dotnet run`, the repository's data folder, as for the site).",
        Recursive = true,
    };

    /// <param name="mayCreate">
    /// Only commands that set a data folder up (create-admin) may create a database; the others work on the site's
    /// data, and finding none means the folder is the wrong one, which they say rather than starting an empty one.
    /// </param>
    public static Task<IHost> StartAsync(ParseResult parse, CancellationToken cancellationToken, bool mayCreate = false) =>
        StartAsync(DataPathOverride(parse), cancellationToken, mayCreate);

    /// <summary>
    /// A host whose database, document store and index all live in <paramref name="dataPath"/>, whatever the
    /// configuration says about PostgreSQL or blob storage: a data folder of its own.
    /// </summary>
    public static Task<IHost> StartIsolatedAsync(string dataPath, CancellationToken cancellationToken) =>
        StartAsync(
            new Dictionary<string, string?>
            {
                ["Cooperation:DataPath"] = dataPath,
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = "",
                ["DocumentStorage:Provider"] = "FileSystem",
                ["DocumentStorage:Path"] = "",
                ["Knowledge:IndexPath"] = "",
            },
            cancellationToken,
            mayCreate: true);

    private static async Task<IHost> StartAsync(IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken, bool mayCreate)
    {
        var builder = CreateBuilder(overrides);

        // The demo seed is the site's to add, as its own configuration says; an administrator's command on the
        // site's data must never put sample workspaces into it.
        builder.Configuration["Cooperation:Seed:Demo"] = "false";

        // The console is for the command's own output; only warnings from the libraries below it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCooperationCore();
        var host = builder.Build();
        try
        {
            if (!mayCreate && !await DatabasePresence.ExistsAsync(host.Services, cancellationToken))
            {
                throw new CliException($"There is no Cooperation Hub database in {DatabasePresence.Describe(host.Services)}: start the site on it once or run create-admin, or name the right folder with --data-path.");
            }

            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken, createAdministratorIfMissing: false);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The site's configuration (appsettings, environment) with the command's own settings on top.</summary>
    public static HostApplicationBuilder CreateBuilder(IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Cooperation.Web", EnvironmentName = Environments.Production });
        AnchorLaunchProfileDataPath(builder.Configuration);
        foreach (var (key, value) in overrides)
        {
            builder.Configuration[key] = value;
        }

        return builder;
    }

    public static IReadOnlyDictionary<string, string?> DataPathOverride(ParseResult parse) =>
        parse.GetValue(DataPathOption) is { } dataPath ? new Dictionary<string, string?> { ["Cooperation:DataPath"] = dataPath } : [];

    /// <summary>
    /// `dotnet run` starts the site in its project folder but this command in the caller's folder. Both launch profiles
    /// name the repository's data folder relative to their project folder ("../../data"), so under a launch profile a
    /// relative data path is read from this project's folder too: the command then finds the site's data from the
    /// repository root or anywhere else. A --data-path typed on the command line stays relative to where it was typed.
    /// </summary>
    private static void AnchorLaunchProfileDataPath(IConfigurationManager configuration)
    {
        var dataPath = configuration["Cooperation:DataPath"];
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_LAUNCH_PROFILE")) || string.IsNullOrWhiteSpace(dataPath) || Path.IsPathRooted(dataPath)
            || ProjectFolder() is not { } project)
        {
            return;
        }

        configuration["Cooperation:DataPath"] = Path.GetFullPath(Path.Combine(project, dataPath));
    }

    /// <summary>The project folder when running from its build output (bin/Release/net10.0 below it), else null.</summary>
    private static string? ProjectFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Cooperation.Cli.csproj")))
            {
                return folder.FullName;
            }
        }

        return null;
    }
}
