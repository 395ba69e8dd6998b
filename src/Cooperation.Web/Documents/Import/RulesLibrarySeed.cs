using Cooperation.Web.Data;
using Cooperation.Web.Documents.Upload;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Documents.Import;

/// <summary>
/// Fills the public Rules library with the sample rules texts embedded in this assembly (SampleData/rules),
/// through the same intake, version and extraction queue as an upload, so the queue extracts and indexes them.
/// Adds only what is missing, and never brings back a sample someone deleted.
/// </summary>
internal sealed partial class RulesLibrarySeed(DocumentIntake intake, DocumentService documents, ILogger<RulesLibrarySeed> logger) : IDemoSeedContributor
{
    private const string ResourcePrefix = "Cooperation.Web.SampleData.rules.";

    private static readonly Dictionary<string, (DocumentKind Kind, string? Country)> Known = new(StringComparer.Ordinal)
    {
        ["paris-convention-stockholm-1967-fr.md"] = (DocumentKind.Treaty, null),
        ["pct-treaty-en.md"] = (DocumentKind.Treaty, null),
        ["pct-regulations-en.md"] = (DocumentKind.Regulation, null),
        ["prc-foreign-related-ip-disputes-provisions-2025-zh.md"] = (DocumentKind.Regulation, "CN"),
        ["cnipa-shen-changyu-2020-strengthening-ip-protection-en.md"] = (DocumentKind.Other, "CN"),
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

        var present = await db.Documents.Where(d => d.WorkspaceId == workspaceId)
            .SelectMany(d => d.Versions.Select(v => v.FileName)).ToListAsync(cancellationToken);
        var assembly = typeof(RulesLibrarySeed).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order())
        {
            var fileName = resource[ResourcePrefix.Length..];
            if (present.Contains(fileName))
            {
                continue;
            }

            await using var stream = assembly.GetManifestResourceStream(resource)!;
            var title = await TitleAsync(assembly, resource, cancellationToken);
            var content = await intake.StoreAsync(workspaceId, stream, fileName, cancellationToken);
            var (kind, country) = Known.GetValueOrDefault(fileName, (DocumentKind.Other, null));
            var language = Path.GetFileNameWithoutExtension(fileName).Split('-')[^1];
            await documents.CreateAsync(workspaceId, actor, new DocumentMetadata(title, language, kind, null, country, ["sample"]), content, cancellationToken);
            LogSeeded(logger, fileName);
        }
    }

    /// <summary>The text of the file's first heading, shortened to fit a title.</summary>
    private static async Task<string> TitleAsync(System.Reflection.Assembly assembly, string resource, CancellationToken cancellationToken)
    {
        await using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var first = (await reader.ReadLineAsync(cancellationToken))?.TrimStart('#', ' ').Trim() ?? "";
        return first.Length == 0 ? resource[ResourcePrefix.Length..] : first.Length > Document.TitleMaxLength ? first[..Document.TitleMaxLength] : first;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added sample document {FileName} to the Rules library")]
    private static partial void LogSeeded(ILogger logger, string fileName);
}
