using System.Text;
using Cooperation.Knowledge;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Cooperation.Web.Documents.Upload;

/// <summary>One file received from a multipart form, already in the store, with the form's other fields.</summary>
public sealed record ReceivedUpload(StoredContent Content, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Reads a multipart/form-data request part by part with <see cref="MultipartReader"/>: the file part streams
/// straight into the store (never buffered whole, never an IFormFile), small fields are read into memory.
/// The request's size limit is the upload limit plus room for the form's headers and fields, so Kestrel stops
/// reading a body that is too big even before the file's own count does.
/// </summary>
public static class MultipartUpload
{
    /// <summary>Room for part headers and metadata fields on top of the file itself.</summary>
    public const long FormOverheadBytes = 1024 * 1024;

    private const int MaxFields = 20;
    private const int MaxFieldChars = 4_000;

    public static async Task<ReceivedUpload> ReceiveAsync(HttpContext http, Guid workspaceId, DocumentIntake intake, IReadOnlySet<string> allowedFields, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw UploadProblems.NotMultipart();
        }

        var limit = intake.MaxUploadBytes + FormOverheadBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge(http, intake);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        // A larger buffer than the default 4 KB means fewer, bigger reads and boundary scans on large files.
        var reader = new MultipartReader(boundary, request.Body, bufferSize: 64 * 1024) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        StoredContent? content = null;
        try
        {
            while (await ReadSectionAsync(reader, http, intake, cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw ProblemException.Invalid("file", "Every part of the form needs a 'Content-Disposition: form-data' header.");
                }

                if (disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
                {
                    if (content is not null)
                    {
                        throw UploadProblems.SeveralFiles();
                    }

                    var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    content = await intake.StoreAsync(workspaceId, new RequestBodyStream(section.Body, http, intake), fileName, cancellationToken);
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (!allowedFields.Contains(name))
                {
                    throw ProblemException.Invalid(name, $"The form has a field this endpoint does not know: '{name}'. Known fields: file, {string.Join(", ", allowedFields)}.");
                }

                if (fields.Count >= MaxFields || fields.ContainsKey(name))
                {
                    throw ProblemException.Invalid(name, $"The field '{name}' is given more than once.");
                }

                fields[name] = await ReadFieldAsync(name, new RequestBodyStream(section.Body, http, intake), cancellationToken);
            }
        }
        catch
        {
            if (content is not null)
            {
                await intake.DeleteQuietlyAsync(content.StorageKey);
            }

            throw;
        }

        return content is null ? throw UploadProblems.NoFile() : new ReceivedUpload(content, fields);
    }

    private static async Task<MultipartSection?> ReadSectionAsync(MultipartReader reader, HttpContext http, DocumentIntake intake, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadNextSectionAsync(cancellationToken);
        }
        catch (Exception e) when (Translate(e, http, intake) is { } problem)
        {
            throw problem;
        }
    }

    private static async Task<string> ReadFieldAsync(string name, Stream body, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
        var buffer = new char[MaxFieldChars + 1];
        var read = await text.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return read > MaxFieldChars
            ? throw ProblemException.Invalid(name, $"The field '{name}' is longer than {MaxFieldChars} characters.")
            : new string(buffer, 0, read);
    }

    private static ProblemException TooLarge(HttpContext http, DocumentIntake intake)
    {
        // Closing the connection tells Kestrel not to read (drain) the rest of a body it will never use.
        http.Response.Headers.Connection = "close";
        return UploadProblems.TooLarge(intake.MaxUploadBytes);
    }

    /// <summary>What a failure while reading the request means to the uploader; null for failures that are not about the request.</summary>
    private static ProblemException? Translate(Exception e, HttpContext http, DocumentIntake intake) => e switch
    {
        ProblemException => null,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(http, intake),
        BadHttpRequestException or IOException or InvalidDataException => UploadProblems.Truncated(),
        _ => null,
    };

    /// <summary>The request body as the store sees it, with reading failures turned into the uploader's problem.</summary>
    private sealed class RequestBodyStream(Stream inner, HttpContext http, DocumentIntake intake) : ReadOnlyPassThroughStream
    {
        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception e) when (Translate(e, http, intake) is { } problem)
            {
                throw problem;
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception e) when (Translate(e, http, intake) is { } problem)
            {
                throw problem;
            }
        }
    }
}
