using Cooperation.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cooperation.Web.Data;

/// <summary>
/// Whether the configured database already exists, asked without creating it (opening a SQLite file that is not
/// there makes an empty one), and where it is, in words for messages.
/// </summary>
public static class DatabasePresence
{
    public static async Task<bool> ExistsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (SqliteFile(services) is { } file && !File.Exists(file))
        {
            return false;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        return await db.Database.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
            && (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
    }

    /// <summary>"the data folder /srv/hub/data" or "the PostgreSQL database hub on db.example".</summary>
    public static string Describe(IServiceProvider services)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var postgres = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            return $"the PostgreSQL database {postgres.Database} on {postgres.Host}";
        }

        var file = SqliteFile(services)!;
        var folder = services.GetRequiredService<IOptions<CooperationOptions>>().Value.FullDataPath;
        return Path.GetDirectoryName(file) == folder ? $"the data folder {folder}" : $"the SQLite file {file}";
    }

    private static string? SqliteFile(IServiceProvider services)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        return string.IsNullOrWhiteSpace(database.ConnectionString)
            ? DataExtensions.SqliteFile(services.GetRequiredService<IOptions<CooperationOptions>>().Value)
            : Path.GetFullPath(new SqliteConnectionStringBuilder(database.ConnectionString).DataSource);
    }
}
