using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooperation.Knowledge.Evaluation;

/// <summary>One line of a questions file (the dev-questions.jsonl format).</summary>
public sealed record EvaluationQuestion(
    string Id,
    string Question,
    bool Answerable,
    IReadOnlyList<string> MustContain,
    string? SourceDocument,
    string? SourceSection,
    string? Language,
    string? Kind,
    IReadOnlyList<string> Evidence);

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
                raw.Evidence ?? []));
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
        List<string>? Evidence);

    private sealed record RawSource(string? Document, string? Section);
}
