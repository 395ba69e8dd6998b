using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Data;

/// <summary>Something a feature adds to the demo seed (sample offices, the rules library's documents...).</summary>
public interface IDemoSeedContributor
{
    /// <summary>Lower runs first.</summary>
    int Order { get; }

    Task SeedAsync(CooperationDb db, CancellationToken cancellationToken);
}

/// <summary>
/// Brings an empty or older database up to date: migrations, the first administrator, the demo seed.
/// The site and the CLI both run it, so either may be first to touch a data folder.
/// </summary>
public sealed partial class DatabaseInitializer(
    CooperationDb db,
    AdministratorBootstrap administrators,
    IOptions<CooperationOptions> options,
    IEnumerable<IDemoSeedContributor> seeders,
    ILookupNormalizer normalizer,
    ILogger<DatabaseInitializer> logger)
{
    /// <param name="createAdministratorIfMissing">The site creates one with a generated password on first run; CLI commands other than create-admin do not.</param>
    public async Task InitializeAsync(CancellationToken cancellationToken, bool createAdministratorIfMissing = true)
    {
        await db.Database.MigrateAsync(cancellationToken);
        // Values SQL cannot compute, filled in .NET after the migration that added their columns (a no-op afterwards).
        await WorkspaceNames.BackfillAsync(db, logger, cancellationToken);
        await InvitationService.BackfillNormalizedEmailsAsync(db, normalizer, cancellationToken);

        var admin = options.Value.Admin;
        if (!string.IsNullOrWhiteSpace(admin.Email) && !string.IsNullOrEmpty(admin.Password))
        {
            await administrators.EnsureAsync(admin.Email, admin.Password, cancellationToken);
        }
        else if (createAdministratorIfMissing && !await administrators.AnyAdministratorAsync(cancellationToken))
        {
            var created = await administrators.EnsureAsync(admin.Email, null, cancellationToken);
            // Printed, not logged: it is shown once to the person starting the site and must not sit in log stores.
            Console.WriteLine($"""

                ==============================================================
                 First administrator created
                   email:    {created.Email}
                   password: {created.GeneratedPassword}
                 Sign in and change it; it is not shown again.
                ==============================================================

                """);
        }

        if (options.Value.Seed.Demo)
        {
            foreach (var seeder in seeders.OrderBy(s => s.Order))
            {
                await seeder.SeedAsync(db, cancellationToken);
            }
        }

        LogReady(logger, db.Database.ProviderName ?? "unknown");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider})")]
    private static partial void LogReady(ILogger logger, string provider);
}
