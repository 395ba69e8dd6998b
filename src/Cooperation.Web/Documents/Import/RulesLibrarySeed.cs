using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Documents.Import;

/// <summary>Fills the public Rules library with the sample rules texts (SampleData/rules).</summary>
internal sealed class RulesLibrarySeed(SampleDocuments samples) : IDemoSeedContributor
{
    private static readonly Dictionary<string, SampleDocuments.Filing> Known = new(StringComparer.Ordinal)
    {
        ["paris-convention-stockholm-1967-fr.md"] = new(DocumentKind.Treaty),
        ["pct-treaty-en.md"] = new(DocumentKind.Treaty),
        ["pct-regulations-en.md"] = new(DocumentKind.Regulation),
        ["prc-foreign-related-ip-disputes-provisions-2025-zh.md"] = new(DocumentKind.Regulation, "CN"),
        ["cnipa-shen-changyu-2020-strengthening-ip-protection-en.md"] = new(DocumentKind.Other, "CN"),
    };

    // After DemoSeed, which creates the library.
    public int Order => 10;

    public async Task SeedAsync(CooperationDb db, CancellationToken cancellationToken)
    {
        var libraryName = WorkspaceNames.Normalize(DemoSeed.RulesLibraryName);
        var library = await db.Workspaces.Where(w => w.NormalizedName == libraryName).Select(w => (Guid?)w.Id).FirstOrDefaultAsync(cancellationToken);
        var actor = await db.Users.Where(u => u.IsAdministrator).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        if (library is not { } workspaceId || actor is null)
        {
            // No administrator yet (a CLI command before the site's first run): the site seeds when it starts.
            return;
        }

        await samples.AddMissingAsync(db, workspaceId, actor, "rules", Known, cancellationToken);
    }
}
