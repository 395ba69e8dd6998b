using Cooperation.Knowledge.Extraction;
using Cooperation.Web.Infrastructure;
using Humanizer;

namespace Cooperation.Web.Documents.Upload;

/// <summary>The refusals an upload can meet, each with a message the uploader can act on.</summary>
internal static class UploadProblems
{
    private const string Accepted = "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), plain text, Markdown, HTML, PNG and JPEG";

    public static ProblemException TooLarge(long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "File too large",
            $"The file is larger than the {maxBytes.Bytes().Humanize("0.#", System.Globalization.CultureInfo.InvariantCulture)} a document may have. Split it, or ask an administrator to raise DocumentStorage:MaxUploadBytes.");

    public static ProblemException Empty(string fileName) =>
        ProblemException.Invalid("file", $"'{fileName}' is empty (0 bytes). Choose the file again; it may not have finished saving.");

    public static ProblemException UnknownType(string fileName) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported file type",
            $"The content of '{fileName}' is not one of the accepted types: {Accepted}. Files are recognised by their content, not their name.");

    public static ProblemException Mismatch(string fileName, string recognised)
    {
        var extension = Path.GetExtension(fileName);
        var named = extension.Length == 0 ? "has no extension" : $"is named {extension}";
        return new(StatusCodes.Status415UnsupportedMediaType, "File name and content disagree",
            $"'{fileName}' {named} but its content is a {DocumentMediaTypes.DisplayName(recognised)}. Give it the extension that matches its content, or upload the right file.");
    }

    /// <param name="reason">Knowledge's sentence saying which of extraction's limits the file breaks.</param>
    public static ProblemException Refused(string fileName, string reason) =>
        new(StatusCodes.Status422UnprocessableEntity, "File refused", $"'{fileName}' was refused: {reason} Nothing was stored.");

    public static ProblemException Truncated() =>
        ProblemException.Invalid("file", "The upload ended before the whole file arrived (the connection may have dropped). Nothing was stored; upload it again.");

    public static ProblemException NotMultipart() =>
        new(StatusCodes.Status415UnsupportedMediaType, "Multipart form expected",
            "Send the file as multipart/form-data with one part named 'file' (and optional fields title, language, kind, officeId, countryCode, tags).");

    public static ProblemException NoFile() =>
        ProblemException.Invalid("file", "The form has no file. Add one part named 'file' with a filename.");

    /// <summary>Declares, for the API description, the refusals an upload endpoint adds to its group's.</summary>
    public static RouteHandlerBuilder ProducesUploadProblems(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    public static ProblemException SeveralFiles() =>
        ProblemException.Invalid("file", "Send one file per request; each file becomes its own document.");
}
