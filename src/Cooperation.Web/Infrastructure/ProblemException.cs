using System.Globalization;

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

    /// <summary>The detail as a sentence pages can translate; null when the service gave it only in English.</summary>
    public Localization.LocalizedText? Text { get; private init; }

    public static ProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, $"{what} not found", $"There is no {what.ToLowerInvariant()} with that id, or you cannot see it.");

    public static ProblemException Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static ProblemException Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "Invalid input", message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>
    /// The English format of the message and its values, when the message was made from one: pages show the sentence
    /// in the reader's language by looking the format up (it is the localizer's key), the API keeps the English.
    /// </summary>
    public string? Format { get; init; }

    public object?[] Arguments { get; init; } = [];

    /// <summary>A 400 whose sentence pages can translate; <paramref name="format"/> is a composite format in English.</summary>
    public static ProblemException Invalid(string field, string format, object?[] arguments)
    {
        var message = string.Format(CultureInfo.InvariantCulture, format, arguments);
        return new(StatusCodes.Status400BadRequest, "Invalid input", message, new Dictionary<string, string[]> { [field] = [message] })
        {
            Format = format,
            Arguments = arguments,
        };
    }

    /// <summary>A 409 whose sentence pages can translate.</summary>
    public static ProblemException Conflict(string format, object?[] arguments) =>
        new(StatusCodes.Status409Conflict, "Conflict", string.Format(CultureInfo.InvariantCulture, format, arguments)) { Format = format, Arguments = arguments };

    public static ProblemException Invalid(string field, Localization.LocalizedText message) =>
        new(StatusCodes.Status400BadRequest, "Invalid input", message.ToString(), new Dictionary<string, string[]> { [field] = [message.ToString()] }) { Text = message };
}
