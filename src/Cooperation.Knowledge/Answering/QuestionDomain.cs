using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Whether a question is about intellectual-property rules at all, from its words alone: a logistic regression over the
/// question's words, their first letters (so "патента" meets "патент"), Chinese characters and character pairs, and the
/// glossary concepts the question names, learned from the training questions and a set of on- and off-topic questions
/// (weather, arithmetic, travel...). Below <see cref="AnswerModel.OffTopicBelow"/> the assistant declines before it
/// searches; the log-odds is also one feature of the answer model, so that "What is the capital of Kazakhstan?" is
/// declined even though a Kazakh law names Kazakhstan.
/// </summary>
internal sealed class QuestionDomain
{
    /// <summary>Words longer than this also count by their first letters: a crude stem that works in every language.</summary>
    private const int PrefixLength = 5;

    [JsonPropertyName("bias")]
    public double Bias { get; init; }

    [JsonPropertyName("weights")]
    public required IReadOnlyDictionary<string, double> Weights { get; init; }

    /// <summary>Whether words also count by their letter triples ("^pa", "pat", "ate"...), as chosen by cross-validation.</summary>
    [JsonPropertyName("letterTriples")]
    public bool LetterTriples { get; init; }

    public double Logit(QueryPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Logit(Tokens(plan, LetterTriples));
    }

    public double Logit(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var logit = Bias;
        foreach (var token in tokens)
        {
            logit += Weights.GetValueOrDefault(token);
        }

        return logit;
    }

    /// <summary>The question's tokens and one per glossary concept of the plan (and whether it names any).</summary>
    public static HashSet<string> Tokens(QueryPlan plan, bool letterTriples)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var tokens = Tokens(plan.Question, letterTriples);
        var concepts = plan.Units.Select(u => u.ConceptKey).OfType<string>().ToList();
        foreach (var concept in concepts)
        {
            tokens.Add("concept:" + concept);
        }

        tokens.Add(concepts.Count > 0 ? "concepts:some" : "concepts:none");
        return tokens;
    }

    /// <summary>Distinct lower-cased words of two letters or more (and the first letters of long ones), and each Chinese character and pair of characters.</summary>
    public static HashSet<string> Tokens(string question, bool letterTriples = false)
    {
        ArgumentNullException.ThrowIfNull(question);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var text = question.ToLower(CultureInfo.InvariantCulture);
        var word = new StringBuilder();
        char? previousHan = null;
        foreach (var c in text)
        {
            if (TextNormalizer.IsHan(c))
            {
                Flush();
                tokens.Add(c.ToString());
                if (previousHan is { } p)
                {
                    tokens.Add(string.Concat(p, c));
                }

                previousHan = c;
                continue;
            }

            previousHan = null;
            if (char.IsLetter(c))
            {
                word.Append(c);
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return tokens;

        void Flush()
        {
            if (word.Length >= 2)
            {
                tokens.Add(word.ToString());
            }

            if (word.Length > PrefixLength)
            {
                tokens.Add(string.Concat(word.ToString(0, PrefixLength), "…"));
            }

            if (letterTriples && word.Length >= 2)
            {
                var framed = "^" + word + "$";
                for (var i = 0; i + 3 <= framed.Length; i++)
                {
                    tokens.Add("#" + framed.Substring(i, 3));
                }
            }

            word.Clear();
        }
    }
}
