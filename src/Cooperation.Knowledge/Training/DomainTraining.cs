using System.Globalization;
using Cooperation.Knowledge.Answering;

namespace Cooperation.Knowledge.Training;

/// <summary>
/// Trains <see cref="QuestionDomain"/>: L2-regularised logistic regression over the questions' words by gradient
/// descent (a few hundred short questions need nothing more), with out-of-fold log-odds for the answer model.
/// </summary>
internal static class DomainTraining
{
    private const double Lambda = 0.05;
    private const int Rounds = 300;
    private const double Step = 0.5;

    public static (double[] OutOfFold, QuestionDomain Final) Train(List<(string Question, bool InDomain)> questions, List<int> folds, TextWriter log)
    {
        var tokens = questions.Select(q => QuestionDomain.Tokens(q.Question)).ToList();
        var oof = new double[questions.Count];
        for (var fold = 0; fold < AssistantTrainer.FoldCount; fold++)
        {
            var model = Fit(Enumerable.Range(0, questions.Count).Where(i => folds[i] != fold).Select(i => (tokens[i], questions[i].InDomain)).ToList());
            for (var i = 0; i < questions.Count; i++)
            {
                if (folds[i] == fold)
                {
                    oof[i] = model.Logit(questions[i].Question);
                }
            }
        }

        var right = questions.Where((q, i) => (oof[i] >= 0) == q.InDomain).Count();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  question domain: cross-validated {right} of {questions.Count} questions told apart (on-topic or not)"));
        return (oof, Fit(tokens.Select((t, i) => (t, questions[i].InDomain)).ToList()));
    }

    private static QuestionDomain Fit(List<(HashSet<string> Tokens, bool InDomain)> rows)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var token in rows.SelectMany(r => r.Tokens))
        {
            weights[token] = 0;
        }

        // Off-topic questions are the fewer: each class weighs half, whatever its size.
        var positives = Math.Max(1, rows.Count(r => r.InDomain));
        var negatives = Math.Max(1, rows.Count - positives);
        var bias = 0.0;
        for (var round = 0; round < Rounds; round++)
        {
            var gradient = new Dictionary<string, double>(StringComparer.Ordinal);
            var biasGradient = 0.0;
            foreach (var (tokens, inDomain) in rows)
            {
                var logit = bias + tokens.Sum(t => weights[t]);
                var error = (1 / (1 + Math.Exp(-logit))) - (inDomain ? 1 : 0);
                error *= 0.5 / (inDomain ? positives : negatives);
                biasGradient += error;
                foreach (var token in tokens)
                {
                    gradient[token] = gradient.GetValueOrDefault(token) + error;
                }
            }

            bias -= Step * biasGradient;
            foreach (var token in weights.Keys.ToList())
            {
                weights[token] -= Step * (gradient.GetValueOrDefault(token) + (Lambda * weights[token] / rows.Count));
            }
        }

        return new QuestionDomain { Bias = bias, Weights = weights.Where(w => Math.Abs(w.Value) > 1e-4).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal) };
    }
}
