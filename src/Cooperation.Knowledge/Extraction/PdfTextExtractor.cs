using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace Cooperation.Knowledge.Extraction;

/// <summary>PDF: one page of text per PDF page, in content order; the page count is checked before any page is read.</summary>
internal sealed class PdfTextExtractor : IFormatTextExtractor
{
    public const string PasswordReason =
        "The PDF is protected with a password, so its text cannot be read. Upload a copy without the password.";

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Pdf];

    public bool NeedsSeekableContent => true;

    public string DamagedReason => "The PDF is damaged or is not a valid PDF file, so its text cannot be read.";

    public Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var streams = new PdfStreamGuard(limits.MaxDecompressedBytes);
        try
        {
            using var document = Open(content, streams);
            if (document.NumberOfPages > limits.MaxPages)
            {
                throw PageCollector.TooMany(limits.MaxPages, "pages", document.NumberOfPages);
            }

            if (document.NumberOfPages < 1)
            {
                throw new ExtractionFailedException("The PDF has no pages.");
            }

            var pages = new PageCollector(limits.MaxPages);
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                // PdfPig reads synchronously; checking between pages is what makes the time limit bite.
                cancellationToken.ThrowIfCancellationRequested();
                var page = document.GetPage(number);
                var text = ContentOrderTextExtractor.GetText(page);
                streams.ThrowIfRefused();
                pages.Add(text);
            }

            return Task.FromResult(pages.Pages);
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new ExtractionFailedException(PasswordReason);
        }
        catch (Exception) when (streams.Refusal is { } refusal)
        {
            // PdfPig may wrap the refusal in an exception of its own.
            throw refusal;
        }
    }

    /// <summary>
    /// The refusal that upload screening gives from the page tree alone: more pages than the limit, or a compressed
    /// stream that inflates past it while the tree is read. Null for a PDF that passes, and for one that is encrypted
    /// or damaged, which extraction judges with its own reason.
    /// </summary>
    public static string? Screen(Stream content, ExtractionLimits limits)
    {
        var streams = new PdfStreamGuard(limits.MaxDecompressedBytes);
        try
        {
            using var document = Open(content, streams);
            return document.NumberOfPages > limits.MaxPages ? PageCollector.TooMany(limits.MaxPages, "pages", document.NumberOfPages).Message : null;
        }
        catch (Exception) when (streams.Refusal is { } refusal)
        {
            return refusal.Message;
        }
#pragma warning disable CA1031 // Whatever else goes wrong with the file, extraction says why on the version.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static PdfDocument Open(Stream content, PdfStreamGuard streams)
    {
        var document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true, FilterProvider = streams });
        if (streams.Refusal is { } refusal)
        {
            document.Dispose();
            throw refusal;
        }

        return document;
    }
}
