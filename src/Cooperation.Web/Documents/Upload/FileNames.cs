using System.Globalization;
using System.Text;
using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Documents.Upload;

/// <summary>
/// Makes an uploaded file's name safe to show and to offer as a download name: no folders, no control or
/// invisible formatting characters (bidi overrides can make "evil‮fdp.exe" look like "evilexe.pdf"), no
/// characters that file systems reject, and a length cap that keeps the extension.
/// </summary>
public static class FileNames
{
    public const string Fallback = "document";

    public static string Sanitise(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fallback;
        }

        name = name.Normalize(NormalizationForm.FormC);
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            clean.Append(c is '"' or '<' or '>' or ':' or '|' or '?' or '*' ? '_' : c);
        }

        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            return Fallback;
        }

        return result.Length <= DocumentVersion.FileNameMaxLength ? result : Shorten(result);
    }

    private static string Shorten(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > 16)
        {
            extension = "";
        }

        return TextCut.Prefix(name, DocumentVersion.FileNameMaxLength - extension.Length).TrimEnd() + extension;
    }
}
