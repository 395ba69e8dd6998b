using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Data;

public static class DataExtensions
{
    public static IHostApplicationBuilder AddCooperationData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CooperationOptions>()
            .BindConfiguration(CooperationOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is Postgres.")
            .ValidateOnStart();

        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddDbContext<CooperationDb, PostgresCooperationDb>((_, options) =>
                options.UseNpgsql(database.ConnectionString));
        }
        else
        {
            builder.Services.AddDbContext<CooperationDb, SqliteCooperationDb>((services, options) =>
                options.UseSqlite(SqliteConnectionString(database, services.GetRequiredService<IOptions<CooperationOptions>>().Value)));
        }

        // First hosted service: the schema must exist before anything else starts (the data protection key ring
        // is loaded from the database by a hosted service of its own).
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddDataProtection().SetApplicationName("Cooperation Hub").PersistKeysToDbContext<CooperationDb>()
            .ProtectKeysWithConfiguredCertificate(builder.Configuration);
        builder.Services.AddScoped<DatabaseInitializer>();
        return builder;
    }

    private static string SqliteConnectionString(DatabaseOptions database, CooperationOptions cooperation)
    {
        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            return database.ConnectionString;
        }

        Directory.CreateDirectory(cooperation.FullDataPath);
        // A busy timeout lets the CLI and the site share one file without "database is locked" errors.
        return $"Data Source={SqliteFile(cooperation)};Cache=Shared;Default Timeout=30";
    }

    /// <summary>The SQLite file under the data folder, when no connection string names another.</summary>
    internal static string SqliteFile(CooperationOptions cooperation) => Path.Combine(cooperation.FullDataPath, "cooperation.db");
}

// Used only by `dotnet ef migrations add`; the running app configures the contexts in AddCooperationData.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCooperationDb>
{
    public SqliteCooperationDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCooperationDb>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCooperationDb>
{
    public PostgresCooperationDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCooperationDb>().UseNpgsql("Host=localhost").Options);
}
