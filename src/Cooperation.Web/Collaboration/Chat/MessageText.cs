using System.Text;
using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Collaboration;

/// <summary>Checks the text of a chat message or comment: not empty, not over the size cap, no control characters.</summary>
internal static class MessageText
{
    public static string Validate(string? text, int maxBytes, string field = "text")
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw ProblemException.Invalid(field, "The message is empty. Write something first.");
        }

        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > maxBytes)
        {
            throw new ProblemException(StatusCodes.Status413PayloadTooLarge, "Message too long",
                $"The message is {bytes / 1024.0:0.#} KB; the limit is {maxBytes / 1024.0:0.#} KB. Shorten it or share a document instead.",
                new Dictionary<string, string[]> { [field] = [$"At most {maxBytes} bytes."] });
        }

        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            throw ProblemException.Invalid(field, "The message contains control characters. Remove them and try again.");
        }

        return text;
    }
}
