using System.Text.Json;

namespace Cooperation.Knowledge.Evaluation;

/// <summary>
/// The evaluation's question files are JSON Lines: one object a line, field names in any case, blank lines skipped,
/// and a line that is not JSON named by its number, so the file can be fixed where it is wrong.
/// </summary>
internal static class JsonLines
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Each non-blank line's number and object (null for a line that says null); the caller checks the fields.</summary>
    /// <param name="fileName">How messages name the file, e.g. "questions file".</param>
    public static IEnumerable<(int Number, T? Value)> Read<T>(TextReader reader, string fileName) where T : class
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            T? value;
            try
            {
                value = JsonSerializer.Deserialize<T>(line, Options);
            }
            catch (JsonException exception)
            {
                throw new FormatException($"Line {number} of the {fileName} is not valid JSON: {exception.Message}", exception);
            }

            yield return (number, value);
        }
    }
}
