namespace Cooperation.Knowledge.Extraction;

/// <summary>The media types a workspace accepts, as <see cref="ContentSignature"/> recognises them.</summary>
public static class DocumentMediaTypes
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Html = "text/html";
    public const string Markdown = "text/markdown";
    public const string PlainText = "text/plain";

    public static IReadOnlyList<string> All { get; } = [Pdf, Docx, Xlsx, Pptx, Png, Jpeg, Html, Markdown, PlainText];

    /// <summary>A name for the type that people understand, for messages such as "the content is a PDF document".</summary>
    public static string DisplayName(string mediaType) => Normalise(mediaType) switch
    {
        Pdf => "PDF document",
        Docx => "Word document (DOCX)",
        Xlsx => "Excel workbook (XLSX)",
        Pptx => "PowerPoint presentation (PPTX)",
        Png => "PNG image",
        Jpeg => "JPEG image",
        Html => "HTML page",
        Markdown => "Markdown text",
        PlainText => "plain text",
        var other => other,
    };

    /// <summary>Drops parameters such as "; charset=utf-8" and lower-cases the type.</summary>
    public static string Normalise(string mediaType)
    {
        ArgumentNullException.ThrowIfNull(mediaType);
        var semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        var bare = semicolon >= 0 ? mediaType[..semicolon] : mediaType;
        return bare.Trim().ToLowerInvariant();
    }
}
