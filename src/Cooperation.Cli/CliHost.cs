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
        Description = "Data folder (default: Cooperation:DataPath from configuration, else ./data).",
        Recursive = true,
    };

    public static Task<IHost> StartAsync(ParseResult parse, CancellationToken cancellationToken) =>
        StartAsync(parse.GetValue(DataPathOption) is { } dataPath ? new Dictionary<string, string?> { ["Cooperation:DataPath"] = dataPath } : [], cancellationToken);

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
            cancellationToken);

    private static async Task<IHost> StartAsync(IReadOnlyDictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Cooperation.Web", EnvironmentName = Environments.Production });
        foreach (var (key, value) in overrides)
        {
            builder.Configuration[key] = value;
        }

        // The demo seed is the site's to add, as its own configuration says; an administrator's command on the
        // site's data must never put sample workspaces into it.
        builder.Configuration["Cooperation:Seed:Demo"] = "false";

        // The console is for the command's own output; only warnings from the libraries below it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCooperationCore();
        var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken, createAdministratorIfMissing: false);
        return host;
    }
}
