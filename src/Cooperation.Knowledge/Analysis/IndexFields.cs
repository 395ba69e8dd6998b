namespace Cooperation.Knowledge.Analysis;

internal static class IndexFields
{
    public const string Kind = "kind";
    public const string ChunkKind = "chunk";
    public const string DocumentKind = "document";
    public const string Workspace = "ws";
    public const string DocumentId = "doc";
    public const string Version = "ver";
    public const string Title = "title";
    public const string Language = "lang";
    public const string Ordinal = "ord";
    public const string SectionPath = "path";
    public const string Label = "label";
    public const string Heading = "heading";
    public const string DocumentHeading = "dochead";
    public const string Page = "page";
    public const string Text = "text";
    public const string Anchors = "anchors";
    public const string NeutralText = "t_all";
    public const string LabelText = "t_label";

    public const string NeutralContext = "h_all";

    /// <summary>The glossary concepts a passage mentions, one key per mention, whatever the language.</summary>
    public const string Concepts = "concepts";

    public static string TextField(string language) => "t_" + language;

    /// <summary>Document title and section headings, analysed for one language.</summary>
    public static string ContextField(string language) => "h_" + language;

    /// <summary>The context field that pairs with a text field.</summary>
    public static string ContextFor(string field) => field == LabelText ? LabelText : "h_" + field[2..];
}
