using Cooperation.Web.Data;
using Cooperation.Web.Offices;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// Partner offices in different time zones and the public rules library, so that a newcomer running the site
/// for the first time has something to look at. Idempotent: only what is missing is added.
/// </summary>
internal sealed class DemoSeed : IDemoSeedContributor
{
    public const string RulesLibraryName = "Rules library";

    private static readonly Office[] DemoOffices =
    [
        new() { Name = "China National Intellectual Property Administration", CountryCode = "CN", TimeZone = "Asia/Shanghai", Languages = ["zh", "en"] },
        new() { Name = "National Institute of Intellectual Property of Kazakhstan", CountryCode = "KZ", TimeZone = "Asia/Almaty", Languages = ["kk", "ru"] },
        new() { Name = "Egyptian Patent Office", CountryCode = "EG", TimeZone = "Africa/Cairo", Languages = ["ar", "en"], WorkingDays = WorkingDays.SundayToThursday },
        new() { Name = "Instituto Nacional de Propiedad Industrial (Chile)", CountryCode = "CL", TimeZone = "America/Santiago", Languages = ["es"] },
        new() { Name = "Department of Industry (Nepal)", CountryCode = "NP", TimeZone = "Asia/Kathmandu", Languages = ["ne", "en"], WorkingDays = WorkingDays.SundayToThursday | WorkingDays.Friday },
    ];

    public int Order => 0;

    public async Task SeedAsync(CooperationDb db, CancellationToken cancellationToken)
    {
        var existing = await db.Offices.Select(o => o.Name).ToListAsync(cancellationToken);
        foreach (var office in DemoOffices.Where(o => !existing.Contains(o.Name)))
        {
            db.Offices.Add(new Office
            {
                Name = office.Name, CountryCode = office.CountryCode, TimeZone = office.TimeZone, Languages = [.. office.Languages],
                WorkdayStart = office.WorkdayStart, WorkdayEnd = office.WorkdayEnd, WorkingDays = office.WorkingDays,
            });
        }

        var libraryName = WorkspaceNames.Normalize(RulesLibraryName);
        if (!await db.Workspaces.AnyAsync(w => w.NormalizedName == libraryName, cancellationToken))
        {
            var library = new Workspace
            {
                Name = RulesLibraryName,
                Description = "Treaties, laws and procedures shared by all partner offices. Ask the assistant about them.",
                IsPublic = true,
            };
            var admin = await db.Users.Where(u => u.IsAdministrator).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
            if (admin is not null)
            {
                library.Members.Add(new Membership { UserId = admin, Role = WorkspaceRole.Coordinator });
            }

            db.Workspaces.Add(library);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
