namespace Cooperation.Knowledge.Evaluation;

/// <summary>
/// One line of a domain file (tests/evaluation/domain.jsonl): a question and whether it is about IP rules at all. These
/// teach the assistant what an off-topic question looks like; they name no document and are never asked.
/// </summary>
public sealed record DomainQuestion(string Question, bool OnTopic);

public static class DomainQuestions
{
    /// <summary>Reads JSON Lines of {"question": "...", "onTopic": true|false}; a line that is not one raises an error naming its number.</summary>
    public static IReadOnlyList<DomainQuestion> Parse(TextReader reader)
    {
        var questions = new List<DomainQuestion>();
        foreach (var (number, raw) in JsonLines.Read<Raw>(reader, "domain questions file"))
        {
            if (raw is null || string.IsNullOrWhiteSpace(raw.Question) || raw.OnTopic is null)
            {
                throw new FormatException($"Line {number} of the domain questions file needs a \"question\" and \"onTopic\": true or false.");
            }

            questions.Add(new DomainQuestion(raw.Question, raw.OnTopic.Value));
        }

        return questions;
    }

    public static IReadOnlyList<DomainQuestion> Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    private sealed record Raw(string? Question, bool? OnTopic);
}
