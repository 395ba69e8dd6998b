using System.Text;

namespace Cooperation.Knowledge.Chunking;

/// <summary>Turns a section path into the citation label lawyers write: "Article 4C(1)", "Rule 26bis.1(a)".</summary>
internal static class SectionLabels
{
    public static string PathText(IReadOnlyList<PathPart> path)
    {
        var unitIndex = LastUnitIndex(path);
        var start = unitIndex >= 0 ? unitIndex : 0;
        return string.Join(" > ", path.Skip(start).Select(p => p.Display));
    }

    public static string Label(IReadOnlyList<PathPart> path, string language)
    {
        if (path.Count == 0)
        {
            return language switch
            {
                Text.LanguageDetector.Chinese => "序言",
                Text.LanguageDetector.French => "Préambule",
                _ => "Introduction",
            };
        }

        var unitIndex = LastUnitIndex(path);
        if (unitIndex < 0)
        {
            var headingIndex = path.Count - 1;
            while (headingIndex > 0 && !path[headingIndex].IsContainer)
            {
                headingIndex--;
            }

            var builder = new StringBuilder(Shorten(path[headingIndex].Display));
            var subs = path.Skip(headingIndex + 1).ToList();
            if (subs.Count > 0)
            {
                builder.Append(", item ").Append(string.Concat(subs.Select(s => s.Kind == PartKind.Number && subs.Count == 1 ? s.Token : Piece(s, language))));
            }

            return builder.ToString();
        }

        var unit = path[unitIndex];
        // Citations write "Article 1(2)" even where the text says "Article premier".
        var label = new StringBuilder(unit.Display == "Article premier" ? "Article 1" : unit.Display);
        foreach (var part in path.Skip(unitIndex + 1))
        {
            if (part.Kind == PartKind.SubRule)
            {
                // "Rule 26bis" + "26bis.1" reads "Rule 26bis.1".
                var space = unit.Display.LastIndexOf(' ');
                label.Clear().Append(space > 0 ? unit.Display[..(space + 1)] : string.Empty).Append(part.Token);
                continue;
            }

            label.Append(Piece(part, language));
        }

        return label.ToString();
    }

    private static string Piece(PathPart part, string language) => part.Kind switch
    {
        PartKind.Letter => part.Token,
        PartKind.Item => part.Display,
        PartKind.Alinea => language == Text.LanguageDetector.Chinese ? part.Display : ", " + part.Display,
        _ => "(" + part.Token + ")",
    };

    private static int LastUnitIndex(IReadOnlyList<PathPart> path)
    {
        for (var i = path.Count - 1; i >= 0; i--)
        {
            if (path[i].Kind == PartKind.Unit)
            {
                return i;
            }
        }

        return -1;
    }

    private static string Shorten(string heading)
    {
        var comma = heading.IndexOfAny([',', '，', ':', '：']);
        if (comma is > 0 and < 40)
        {
            return heading[..comma];
        }

        return heading.Length <= 60 ? heading : heading[..60].TrimEnd() + "…";
    }
}
