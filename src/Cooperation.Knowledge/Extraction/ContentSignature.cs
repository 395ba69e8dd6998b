using System.Text;
using System.Xml;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Recognises the accepted content types from the content itself, never from the name: magic bytes
/// for PDF and images, markup for HTML, the absence of binary bytes for text, and for zip containers
/// the Office main part declared in [Content_Types].xml. Also tells whether a file name's extension
/// agrees with what the content is.
/// </summary>
public static class ContentSignature
{
    /// <summary>How many leading bytes <see cref="Recognise(ReadOnlySpan{byte})"/> wants to see.</summary>
    public const int PrefixLength = 8 * 1024;

    private const int PdfHeaderWindow = 1024;
    private const int MaxContentTypesBytes = 1024 * 1024;
    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const string ExcelMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
    private const string PowerPointMain = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml";

    private static ReadOnlySpan<byte> PngMagic => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static readonly Dictionary<string, string> ExtensionTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = DocumentMediaTypes.Pdf,
        [".docx"] = DocumentMediaTypes.Docx,
        [".xlsx"] = DocumentMediaTypes.Xlsx,
        [".pptx"] = DocumentMediaTypes.Pptx,
        [".png"] = DocumentMediaTypes.Png,
        [".jpg"] = DocumentMediaTypes.Jpeg,
        [".jpeg"] = DocumentMediaTypes.Jpeg,
        [".html"] = DocumentMediaTypes.Html,
        [".htm"] = DocumentMediaTypes.Html,
        [".md"] = DocumentMediaTypes.Markdown,
        [".markdown"] = DocumentMediaTypes.Markdown,
        [".txt"] = DocumentMediaTypes.PlainText,
        [".text"] = DocumentMediaTypes.PlainText,
    };

    /// <summary>
    /// The media type of content that starts with <paramref name="prefix"/>, or null when it is none of
    /// the accepted types. Zip containers (DOCX, XLSX, PPTX) cannot be told apart from a prefix: for
    /// them this returns null and <see cref="IsZipContainer"/> returns true; use
    /// <see cref="RecogniseAsync"/> on the whole content.
    /// </summary>
    public static string? Recognise(ReadOnlySpan<byte> prefix)
    {
        if (prefix.IsEmpty || IsZipContainer(prefix))
        {
            return null;
        }

        if (prefix.StartsWith(PngMagic))
        {
            return DocumentMediaTypes.Png;
        }

        if (prefix.StartsWith(JpegMagic))
        {
            return DocumentMediaTypes.Jpeg;
        }

        // Readers accept a PDF header after some leading junk; a text that merely mentions "%PDF-" is not a PDF.
        var pdfHeader = prefix[..Math.Min(prefix.Length, PdfHeaderWindow)].IndexOf("%PDF-"u8);
        if (pdfHeader >= 0 && (prefix[..pdfHeader].Trim(" \t\r\n"u8).IsEmpty || TextSignature.ContainsBinaryBytes(prefix[..pdfHeader])))
        {
            return DocumentMediaTypes.Pdf;
        }

        return TextSignature.Recognise(prefix);
    }

    /// <summary>True when the content is a zip archive, which only the whole content can identify.</summary>
    public static bool IsZipContainer(ReadOnlySpan<byte> prefix) => prefix.StartsWith("PK\u0003\u0004"u8);

    /// <summary>
    /// The media type of seekable content, looking inside zip containers for the Office main part.
    /// Reads from the start and leaves the stream positioned at the start.
    /// </summary>
    public static async Task<string?> RecogniseAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The content must be seekable; write it to storage first.", nameof(content));
        }

        try
        {
            content.Position = 0;
            var prefix = new byte[PrefixLength];
            var length = await content.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
            if (!IsZipContainer(prefix.AsSpan(0, length)))
            {
                return Recognise(prefix.AsSpan(0, length));
            }

            return await RecogniseOfficePackageAsync(content, cancellationToken);
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>
    /// Whether <paramref name="fileName"/>'s extension agrees with the recognised type. A mismatch
    /// (a PDF named .docx, a program named .pdf) is to be refused.
    /// </summary>
    public static bool ExtensionAgrees(string fileName, string recognisedMediaType) =>
        ResolveMediaType(fileName, recognisedMediaType) is not null;

    /// <summary>
    /// The media type to store and extract with, or null when the name and content disagree. Text
    /// formats cannot always be told apart by content, so among them the name decides: plain text
    /// named .md is Markdown, and a fragment of markup named .html is HTML. A full HTML document must
    /// be named .html or .htm.
    /// </summary>
    public static string? ResolveMediaType(string fileName, string recognisedMediaType)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(recognisedMediaType);
        if (!ExtensionTypes.TryGetValue(Path.GetExtension(fileName), out var named))
        {
            return null;
        }

        var recognised = DocumentMediaTypes.Normalise(recognisedMediaType);
        if (named == recognised)
        {
            return named;
        }

        var recognisedAsPlain = recognised is DocumentMediaTypes.PlainText or DocumentMediaTypes.Markdown;
        return recognisedAsPlain && named is DocumentMediaTypes.PlainText or DocumentMediaTypes.Markdown or DocumentMediaTypes.Html
            ? named
            : null;
    }

    private static async Task<string?> RecogniseOfficePackageAsync(Stream content, CancellationToken cancellationToken)
    {
        IReadOnlyList<ZipEntryInfo> entries;
        try
        {
            entries = await ZipCentralDirectory.ReadAsync(content, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or ExtractionFailedException)
        {
            return null;
        }

        var contentTypes = entries.FirstOrDefault(entry => entry.Name.Equals("[Content_Types].xml", StringComparison.OrdinalIgnoreCase));
        if (contentTypes is null)
        {
            return null;
        }

        byte[] xml;
        try
        {
            xml = await ZipCentralDirectory.ReadEntryAsync(content, contentTypes, MaxContentTypesBytes, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        var (overrides, defaults) = ReadContentTypes(xml);
        string? found = null;
        foreach (var entry in entries)
        {
            // A part's type is its Override if it has one, else the Default for its extension.
            var contentType = overrides.GetValueOrDefault(entry.Name)
                ?? defaults.GetValueOrDefault(Path.GetExtension(entry.Name).TrimStart('.'));
            var mediaType = contentType switch
            {
                WordMain => DocumentMediaTypes.Docx,
                ExcelMain => DocumentMediaTypes.Xlsx,
                PowerPointMain => DocumentMediaTypes.Pptx,
                _ => null,
            };
            if (mediaType is null)
            {
                continue;
            }

            if (found is not null && found != mediaType)
            {
                return null;
            }

            found = mediaType;
        }

        return found;
    }

    private static (Dictionary<string, string> Overrides, Dictionary<string, string> Defaults) ReadContentTypes(byte[] xml)
    {
        var overrides = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxContentTypesBytes,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml), settings);
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.GetAttribute("ContentType") is not { } contentType)
                {
                    continue;
                }

                contentType = contentType.Trim().ToLowerInvariant();
                if (reader.LocalName == "Override" && reader.GetAttribute("PartName") is { } partName)
                {
                    overrides[Uri.UnescapeDataString(partName).TrimStart('/')] = contentType;
                }
                else if (reader.LocalName == "Default" && reader.GetAttribute("Extension") is { } extension)
                {
                    defaults[extension] = contentType;
                }
            }
        }
        catch (XmlException)
        {
            overrides.Clear();
            defaults.Clear();
        }

        return (overrides, defaults);
    }
}
