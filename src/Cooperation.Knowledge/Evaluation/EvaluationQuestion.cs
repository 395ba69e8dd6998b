using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooperation.Knowledge.Evaluation;

/// <summary>One line of a questions file (the dev-questions.jsonl format).</summary>
/// <param name="Tags">"cross-lingual", "paraphrase", "wording", "decline", "off-topic"...: what the figures are broken down by.</param>
/// <param name="Lead">
/// The short answer a correct reply may lead with: "yes" or "no" for a yes/no question, the figure for a period or amount
/// ("30 months"). A lead the assistant states is judged against it and against <see cref="MustContain"/>.
/// </param>
public sealed record EvaluationQuestion(
    string Id,
    string Question,
    bool Answerable,
    IReadOnlyList<string> MustContain,
    string? SourceDocument,
    string? SourceSection,
    string? Language,
    string? Kind,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<string>? Tags = null,
    string? Lead = null)
{
    public bool IsOffTopic => Tags?.Contains("off-topic", StringComparer.OrdinalIgnoreCase) == true;

    public bool IsCrossLingual => Tags?.Contains("cross-lingual", StringComparer.OrdinalIgnoreCase) == true;
}

public static class EvaluationQuestions
{
    /// <summary>Reads JSON Lines; a line that is not a valid question raises an error naming its line number.</summary>
    public static IReadOnlyList<EvaluationQuestion> Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var questions = new List<EvaluationQuestion>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            RawQuestion? raw;
            try
            {
                raw = JsonSerializer.Deserialize<RawQuestion>(line, JsonOptions);
            }
            catch (JsonException exception)
            {
                throw new FormatException($"Line {number} of the questions file is not valid JSON: {exception.Message}", exception);
            }

            if (raw is null || string.IsNullOrWhiteSpace(raw.Question))
            {
                throw new FormatException($"Line {number} of the questions file has no \"question\".");
            }

            questions.Add(new EvaluationQuestion(
                raw.Id ?? "line-" + number,
                raw.Question,
                raw.Answerable ?? true,
                raw.MustContain ?? [],
                raw.Source?.Document,
                raw.Source?.Section,
                raw.Language,
                raw.Kind,
                raw.Evidence ?? [],
                raw.Tags ?? [],
                raw.Lead));
        }

        return questions;
    }

    public static IReadOnlyList<EvaluationQuestion> Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record RawQuestion(
        string? Id,
        string? Question,
        bool? Answerable,
        [property: JsonPropertyName("must_contain")] List<string>? MustContain,
        RawSource? Source,
        string? Language,
        string? Kind,
        List<string>? Evidence,
        List<string>? Tags,
        string? Lead);

    private sealed record RawSource(string? Document, string? Section);
}
