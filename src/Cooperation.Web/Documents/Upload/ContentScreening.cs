using System.IO.Compression;
using Cooperation.Knowledge.Extraction;
using Cooperation.Web.Infrastructure;
using Humanizer;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;

namespace Cooperation.Web.Documents.Upload;

/// <summary>
/// Cheap checks on stored content before it becomes a version, so that a hostile file is refused at upload
/// with a clear 4xx rather than accepted and failed later: an Office package whose parts declare more than
/// the decompression cap (or compress absurdly well), a PDF with more pages than the page cap. Files that
/// pass can still fail extraction (a zip header that lies about its size is caught there, and the reason
/// shown on the version).
/// </summary>
public sealed class ContentScreening(IOptions<DocumentExtractionOptions> options)
{
    private const int MaxParts = 10_000;
    private const int MaxCompressionRatio = 200;
    private const long RatioCheckMinimumBytes = 1024 * 1024;
    private static readonly TimeSpan PdfPageCountTime = TimeSpan.FromSeconds(15);

    public async Task ScreenAsync(Stream content, string mediaType, string fileName, CancellationToken cancellationToken)
    {
        switch (mediaType)
        {
            case DocumentMediaTypes.Docx or DocumentMediaTypes.Xlsx or DocumentMediaTypes.Pptx:
                ScreenPackage(content, fileName);
                break;
            case DocumentMediaTypes.Pdf:
                await ScreenPdfAsync(content, fileName, cancellationToken);
                break;
        }
    }

    private void ScreenPackage(Stream content, string fileName)
    {
        var cap = options.Value.MaxDecompressedBytes;
        try
        {
            content.Position = 0;
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxParts)
            {
                throw Refused(fileName, $"it has {zip.Entries.Count:N0} parts, more than the {MaxParts:N0} a document may have");
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.Length >= RatioCheckMinimumBytes && entry.Length > (long)MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    throw Refused(fileName, $"its part {entry.FullName} unpacks {entry.Length / Math.Max(1, entry.CompressedLength):N0} times larger than it is stored, the mark of a zip bomb");
                }
            }

            if (total > cap)
            {
                throw Refused(fileName, $"it unpacks to {total.Bytes().Humanize("0.#")}, more than the {cap.Bytes().Humanize("0.#")} allowed (a possible zip bomb)");
            }
        }
        catch (InvalidDataException)
        {
            throw Refused(fileName, "its zip structure is damaged");
        }
        finally
        {
            content.Position = 0;
        }
    }

    private async Task ScreenPdfAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var maxPages = options.Value.MaxPages;
        int? pages;
        try
        {
            content.Position = 0;
            // PdfPig cannot be cancelled; past the time allowed the upload goes on and extraction's own caps decide.
            pages = await Task.Run(() => CountPages(content), cancellationToken).WaitAsync(PdfPageCountTime, cancellationToken);
        }
        catch (TimeoutException)
        {
            pages = null;
        }
        finally
        {
            content.Position = 0;
        }

        if (pages > maxPages)
        {
            throw Refused(fileName, $"it has {pages:N0} pages, more than the {maxPages:N0} a document may have");
        }
    }

    private static int? CountPages(Stream content)
    {
        try
        {
            using var pdf = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            return pdf.NumberOfPages;
        }
#pragma warning disable CA1031 // Encrypted or damaged files are judged, with a reason, by extraction.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static ProblemException Refused(string fileName, string why) =>
        new(StatusCodes.Status422UnprocessableEntity, "File refused", $"'{fileName}' was refused because {why}. Nothing was stored.");
}
