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

    public static async Task<IHost> StartAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Cooperation.Web", EnvironmentName = Environments.Production });
        if (parse.GetValue(DataPathOption) is { } dataPath)
        {
            builder.Configuration["Cooperation:DataPath"] = dataPath;
        }

        // The console is for the command's own output; only warnings from the libraries below it.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCooperationCore();
        var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken, createAdministratorIfMissing: false);
        return host;
    }
}
