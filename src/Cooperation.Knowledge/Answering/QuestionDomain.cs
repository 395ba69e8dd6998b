using System.Globalization;
using System.Text.Json.Serialization;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Whether a question is about intellectual-property rules at all, from its words alone: a logistic regression over the
/// question's words (Chinese as characters and character pairs) learned from the training questions, where the
/// off-topic ones (weather, arithmetic, travel...) are the negatives. Its log-odds is one feature of the answer model,
/// so that "What is the capital of Kazakhstan?" is declined even though a Kazakh law names Kazakhstan.
/// </summary>
internal sealed class QuestionDomain
{
    [JsonPropertyName("bias")]
    public double Bias { get; init; }

    [JsonPropertyName("weights")]
    public required IReadOnlyDictionary<string, double> Weights { get; init; }

    public double Logit(string question)
    {
        var logit = Bias;
        foreach (var token in Tokens(question))
        {
            logit += Weights.GetValueOrDefault(token);
        }

        return logit;
    }

    /// <summary>Distinct lower-cased words of two letters or more, and each Chinese character and pair of characters.</summary>
    public static HashSet<string> Tokens(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var text = question.ToLower(CultureInfo.InvariantCulture);
        var word = new System.Text.StringBuilder();
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

            word.Clear();
        }
    }
}
