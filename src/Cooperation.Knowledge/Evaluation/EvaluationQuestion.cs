using Cooperation.Knowledge.Text;
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
        var questions = new List<EvaluationQuestion>();
        foreach (var (number, raw) in JsonLines.Read<RawQuestion>(reader, "questions file"))
        {
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

    /// <summary>
    /// The first way a question set does not fit a corpus, as one sentence, or null: a question about a document that is
    /// not in it, or whose evidence quote is not in its document (whitespace normalised, as the evaluation matches it).
    /// </summary>
    /// <param name="documentTexts">Each file of the corpus by name, with its text, or null where it cannot be read as text (PDF, DOCX).</param>
    public static string? EvidenceProblem(IReadOnlyList<EvaluationQuestion> questions, IReadOnlyDictionary<string, string?> documentTexts)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(documentTexts);
        foreach (var question in questions.Where(q => q.Answerable && q.SourceDocument is not null))
        {
            if (!documentTexts.TryGetValue(question.SourceDocument!, out var text))
            {
                return $"Question {question.Id} is about {question.SourceDocument}, which is not in the corpus.";
            }

            var missing = text is null ? null : question.Evidence.FirstOrDefault(quote => !TextNormalizer.ContainsQuote(text, quote));
            if (missing is not null)
            {
                return $"The evidence of question {question.Id} is not in {question.SourceDocument}: \"{(missing.Length > 60 ? missing[..60] + "…" : missing)}\".";
            }
        }

        return null;
    }

    public static IReadOnlyList<EvaluationQuestion> Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

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
