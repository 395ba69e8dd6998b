namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// The cheap checks a file meets before it is stored, so that a hostile file is refused at upload rather than
/// accepted and failed later. They are extraction's own limits, judged without reading the content: an Office
/// package by its zip directory (too many parts, more unpacked bytes than allowed, a large part that compresses like
/// a zip bomb), a PDF by its page tree (more pages than allowed, a stream that inflates past the limit). A file that
/// passes can still fail extraction, whose reason is then shown on the version.
/// </summary>
public static class ContentScreening
{
    // PdfPig cannot be cancelled; past this the file goes on, and extraction's own time limit decides.
    private static readonly TimeSpan PdfScreeningTime = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Why the content must be refused (a sentence to show the uploader), or null when it passes. Reads seekable
    /// <paramref name="content"/> from the start and leaves it at the start.
    /// </summary>
    /// <param name="mediaType">The type recognised from the content (<see cref="ContentSignature"/>).</param>
    public static async Task<string?> FindRefusalAsync(Stream content, string mediaType, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(limits);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The content must be seekable; write it to storage first.", nameof(content));
        }

        try
        {
            content.Position = 0;
            return DocumentMediaTypes.Normalise(mediaType) switch
            {
                DocumentMediaTypes.Docx => await ScreenPackageAsync(content, limits, WordTextExtractor.FormatName, cancellationToken),
                DocumentMediaTypes.Xlsx => await ScreenPackageAsync(content, limits, SpreadsheetTextExtractor.FormatName, cancellationToken),
                DocumentMediaTypes.Pptx => await ScreenPackageAsync(content, limits, PresentationTextExtractor.FormatName, cancellationToken),
                DocumentMediaTypes.Pdf => await ScreenPdfAsync(content, limits, cancellationToken),
                _ => null,
            };
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static async Task<string?> ScreenPackageAsync(Stream content, ExtractionLimits limits, string formatName, CancellationToken cancellationToken) =>
        (await OpenXmlPackageGuard.ScreenAsync(content, limits.MaxDecompressedBytes, formatName, cancellationToken))?.Message;

    private static async Task<string?> ScreenPdfAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            return await Task.Run(() => PdfTextExtractor.Screen(content, limits), cancellationToken).WaitAsync(PdfScreeningTime, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
