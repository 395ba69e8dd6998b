using Cooperation.Web.Localization;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// A request that cannot be carried out, with a message a person can act on. Thrown by feature services,
/// turned into ProblemDetails by <see cref="ProblemExceptionHandler"/> and shown as a form error by pages.
/// </summary>
public sealed class ProblemException(int status, string title, string detail, IDictionary<string, string[]>? errors = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IDictionary<string, string[]>? Errors { get; } = errors;

    /// <summary>
    /// The detail as a sentence pages can put into their reader's language (see <see cref="LocalizedTextExtensions"/>);
    /// the API keeps the English (the exception's Message). Null when the service gave the detail only as English text.
    /// </summary>
    public LocalizedText? Text { get; init; }

    public static ProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, $"{what} not found", $"There is no {what.ToLowerInvariant()} with that id, or you cannot see it.");

    public static ProblemException Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static ProblemException Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>A 409 whose sentence pages can translate.</summary>
    public static ProblemException Conflict(LocalizedText detail) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail.ToString()) { Text = detail };

    public static ProblemException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "Invalid input", message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A 400 whose sentence pages can translate.</summary>
    public static ProblemException Invalid(string field, LocalizedText message) =>
        new(StatusCodes.Status400BadRequest, "Invalid input", message.ToString(), new Dictionary<string, string[]> { [field] = [message.ToString()] }) { Text = message };
}
