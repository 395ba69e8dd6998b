using System.Text;
using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Workspaces;

/// <summary>
/// How workspace names are compared: "Rules Library", "RULES LIBRARY", "rules library" and the full-width
/// "Ｒｕｌｅｓ Ｌｉｂｒａｒｙ" are one name, in any script. The comparison happens here, in .NET, and the result is stored
/// beside the name (<see cref="Workspace.NormalizedName"/>) under a unique index, because neither SQLite (ASCII-only
/// lower()) nor every PostgreSQL collation can compare names this way in the database.
/// </summary>
public static partial class WorkspaceNames
{
    /// <summary>Compatibility-composed (NFKC), then upper-cased without regard to culture.</summary>
    public static string Normalize(string name)
    {
        name = name.Trim();
        try
        {
            return name.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
        }
        catch (ArgumentException)
        {
            // Broken UTF-16 (a lone surrogate) cannot be normalised; such names are refused before they are stored.
            return name.ToUpperInvariant();
        }
    }

    /// <summary>True when the name is whole UTF-16 (no lone surrogate), which every stored name must be.</summary>
    public static bool IsWellFormed(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Brings every stored <see cref="Workspace.NormalizedName"/> in line with <see cref="Normalize"/>: the migration
    /// that added the column filled it with each workspace's id (SQL cannot compute it, and names that only differ in
    /// case may predate the case-insensitive check). Two names that turn out to be one keep the older workspace's
    /// name; the younger gets " (2)" (or the next free number) added, and a warning is logged.
    /// </summary>
    public static async Task BackfillAsync(CooperationDb db, ILogger logger, CancellationToken cancellationToken)
    {
        var workspaces = await db.Workspaces.OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(cancellationToken);
        var stale = workspaces.Where(w => w.NormalizedName != Normalize(w.Name)).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        var taken = workspaces.Except(stale).Select(w => w.NormalizedName).ToHashSet(StringComparer.Ordinal);
        foreach (var workspace in stale)
        {
            var name = workspace.Name;
            for (var number = 2; taken.Contains(Normalize(name)); number++)
            {
                var suffix = $" ({number})";
                name = Infrastructure.TextCut.Prefix(workspace.Name, Workspace.NameMaxLength - suffix.Length) + suffix;
            }

            if (name != workspace.Name)
            {
                LogRenamed(logger, workspace.Id, workspace.Name, name);
            }

            // The setter computes the normalized name again, also when the name itself stays.
            workspace.Name = name;
            taken.Add(workspace.NormalizedName);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} was named '{Name}', which another workspace already is when names are compared regardless of case; it is now '{NewName}'")]
    private static partial void LogRenamed(ILogger logger, Guid workspaceId, string name, string newName);
}
