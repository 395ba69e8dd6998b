namespace Cooperation.Web.Infrastructure;

/// <summary>The site's own page addresses (paths from the site's root), built here and nowhere else.</summary>
public static class SiteLinks
{
    public static string Workspace(Guid workspaceId) => $"/workspaces/{workspaceId}";

    public static string Document(Guid workspaceId, Guid documentId) => $"{Workspace(workspaceId)}/documents/{documentId}";

    public static string Programme(Guid workspaceId, Guid programmeId) => $"{Workspace(workspaceId)}/programmes/{programmeId}";
}

/// <summary>Cutting text to a length without splitting a surrogate pair (half of one can be neither shown nor escaped).</summary>
public static class TextCut
{
    /// <summary>The text if it is at most <paramref name="max"/> chars long, else its first <paramref name="max"/> (or one fewer).</summary>
    public static string Prefix(string text, int max) =>
        text.Length <= max ? text : text[..(char.IsHighSurrogate(text[max - 1]) ? max - 1 : max)];
}
