using System.Text;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Answers without a language model: picks the sentences of the top passages that cover the most of the
/// question, states the period or the yes/no they imply, and quotes them with their citations.
/// </summary>
public sealed class ExtractiveAnswerer(PassageMatcher matcher, TermGlossary glossary)
{
    private const int PassagesToConsider = 5;
    private const int MaxQuotes = 2;

    public IReadOnlyList<CandidateSentence> RankSentences(AnswerContext context)
    {
        var candidates = new List<CandidateSentence>();
        var rank = 0;
        foreach (var passage in context.Passages.Take(PassagesToConsider))
        {
            var around = matcher.Matches(context.Plan, passage.Title + "\n" + passage.Heading, passage.Language, alsoEnglish: true);
            var searchFrom = 0;
            foreach (var sentence in SentenceSplitter.Split(passage.Text))
            {
                var offset = passage.Text.IndexOf(sentence, searchFrom, StringComparison.Ordinal);
                if (offset < 0)
                {
                    continue;
                }

                searchFrom = offset + sentence.Length;
                if (sentence.Length < 8)
                {
                    continue;
                }

                var matched = matcher.Matches(context.Plan, sentence, passage.Language);
                matched.UnionWith(around);
                var support = context.Evidence.Coverage(matched) + IntentBonus(context.Plan.Intent, sentence) - (0.03 * rank);
                candidates.Add(new CandidateSentence(passage, sentence, offset, support));
            }

            rank++;
        }

        return candidates.OrderByDescending(c => c.Support).ToList();
    }

    public AssistantAnswer Answer(AnswerContext context, TimeSpan elapsed)
    {
        var ranked = RankSentences(context);
        if (ranked.Count == 0)
        {
            return AssistantAnswers.Decline(context, elapsed);
        }

        var chosen = new List<CandidateSentence> { ranked[0] };
        foreach (var next in ranked.Skip(1))
        {
            if (chosen.Count >= MaxQuotes || next.Support < ranked[0].Support * 0.85)
            {
                break;
            }

            if (next.Passage == ranked[0].Passage && !chosen.Any(c => c.Text == next.Text))
            {
                chosen.Add(next);
            }
        }

        chosen = chosen.OrderBy(c => c.Offset).ToList();
        var text = new StringBuilder();
        var lead = Lead(context.Plan, chosen);
        if (lead.Length > 0)
        {
            text.Append(lead).Append(' ');
        }

        var citations = new List<Citation>();
        foreach (var sentence in chosen)
        {
            var section = sentence.Passage.SectionAt(sentence.Offset);
            text.Append(AnswerLanguage.Source(context.Plan, sentence.Passage, section))
                .Append(AnswerLanguage.IsChinese(context.Plan) ? "：「" : ": \u201C")
                .Append(sentence.Text)
                .Append(AnswerLanguage.IsChinese(context.Plan) ? "」" : "\u201D")
                .Append(' ');
            citations.Add(new Citation(sentence.Passage.WorkspaceId, sentence.Passage.DocumentId, sentence.Passage.Title, sentence.Passage.Version, section, sentence.Passage.Page, sentence.Text));
        }

        var gloss = glossary.Gloss(chosen.Select(c => (c.Text, c.Passage.Language)), context.Plan.Language);
        if (gloss.Length > 0)
        {
            text.Append(AnswerLanguage.IsChinese(context.Plan) ? "（术语：" : "(Terms: ").Append(gloss).Append(AnswerLanguage.IsChinese(context.Plan) ? "）" : ")");
        }

        return new AssistantAnswer(text.ToString().Trim(), false, citations, [], elapsed);
    }

    private static string Lead(QueryPlan plan, List<CandidateSentence> chosen)
    {
        var first = chosen[0];
        switch (plan.Intent)
        {
            case QuestionIntent.YesNo:
                var negated = AnswerLanguage.IsNegated(first.Text, first.Passage.Language);
                return AnswerLanguage.IsChinese(plan) ? (negated ? "不。" : "是。") : (negated ? "No." : "Yes.");
            case QuestionIntent.Duration or QuestionIntent.Count:
                var durations = chosen.SelectMany(c => AnswerLanguage.Durations(c.Text)).Distinct().Take(3).ToList();
                return durations.Count == 0 ? string.Empty : string.Join("; ", durations) + ".";
            default:
                return string.Empty;
        }
    }

    private static double IntentBonus(QuestionIntent intent, string sentence)
    {
        switch (intent)
        {
            case QuestionIntent.Duration:
                return AnswerLanguage.Durations(sentence).Count > 0 ? 0.15 : 0;
            case QuestionIntent.Count or QuestionIntent.Date:
                return AnswerLanguage.Durations(sentence).Count > 0 ? 0.15 : sentence.Any(char.IsDigit) ? 0.1 : 0;
            default:
                return 0;
        }
    }
}
