using System.Text.RegularExpressions;
using Cooperation.Web.Localization;

namespace Cooperation.Web.Workspaces;

/// <summary>
/// The audit log as sentences for the workspace page: "moved “Rules 2027” to the trash" rather than "document.deleted".
/// The entries keep their action key and the details the services write (also what the API returns); the sentence is
/// read back from those details here, and an entry of a shape not known here shows its details as they are.
/// </summary>
public static partial class AuditSentences
{
    public static LocalizedText Describe(string action, string details)
    {
        var sentence = action switch
        {
            "workspace.created" => Text("created the workspace “{0}”", details),
            "workspace.renamed" when Arrow().Match(details) is { Success: true } m => Text("renamed the workspace from “{0}” to “{1}”", m.Groups["from"].Value, m.Groups["to"].Value),
            "workspace.made-public" => Text("made the workspace readable by everyone signed in"),
            "workspace.made-private" => Text("made the workspace private to its members"),
            "workspace.archived" => Text("archived the workspace"),
            "workspace.unarchived" => Text("unarchived the workspace"),
            "member.added" when AsRole().Match(details) is { Success: true } m => Text("added {0} as {1}", m.Groups["who"].Value, Role(m.Groups["role"].Value)),
            "member.invited" when AsRole().Match(details) is { Success: true } m => Text("invited {0} as {1}", m.Groups["who"].Value, Role(m.Groups["role"].Value)),
            "invitation.accepted" when AsRole().Match(details) is { Success: true } m => Text("accepted the invitation for {0} and joined as {1}", m.Groups["who"].Value, Role(m.Groups["role"].Value)),
            "member.role-changed" when RoleChange().Match(details) is { Success: true } m =>
                Text("changed the role of {0} from {1} to {2}", m.Groups["who"].Value, Role(m.Groups["from"].Value), Role(m.Groups["to"].Value)),
            "member.removed" => Text("removed {0} from the workspace", details),
            "member.left" => Text("left the workspace"),
            "invitation.revoked" => Text("withdrew the invitation for {0}", details),
            "document.deleted" => Text("moved “{0}” to the trash", details),
            "document.restored" => Text("restored “{0}” from the trash", details),
            "document.version-made-current" when VersionChange().Match(details) is { Success: true } m =>
                Text("made version {2} of “{0}” the current one (it was version {1})", m.Groups["title"].Value, m.Groups["from"].Value, m.Groups["to"].Value),
            "document.purged" when Purged().Match(details) is { Success: true } m => Text("removed “{0}” and all its versions for good", m.Groups["title"].Value),
            _ => null,
        };
        return sentence ?? (string.IsNullOrEmpty(details) ? Text("{0}", action) : Text("{0}: {1}", action, details));
    }

    private static LocalizedText Text(string format, params object[] arguments) => new(format, arguments);

    /// <summary>The role as the pages name it (the enum's name is its English label and translation key).</summary>
    private static object Role(string role) => Enum.TryParse<WorkspaceRole>(role, out var known) ? new LocalizedText(known.ToString()) : role;

    // The shapes WorkspaceService, InvitationService and DocumentService write (AuditSentencesTests writes each one).
    [GeneratedRegex(@"^(?<who>.+) as (?<role>\w+)$")]
    private static partial Regex AsRole();

    [GeneratedRegex(@"^(?<who>.+): (?<from>\w+) -> (?<to>\w+)$")]
    private static partial Regex RoleChange();

    [GeneratedRegex(@"^(?<from>.*) -> (?<to>.*)$")]
    private static partial Regex Arrow();

    [GeneratedRegex(@"^(?<title>.*): version (?<from>\d+) -> (?<to>\d+)$")]
    private static partial Regex VersionChange();

    [GeneratedRegex(@"^(?<title>.*) \(\d+ version\(s\)\)$")]
    private static partial Regex Purged();
}
