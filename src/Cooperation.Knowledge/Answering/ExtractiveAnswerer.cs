using System.Text;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Answers without a language model: picks the spans of the top passages that cover the most of the
/// question, states the period, date or yes/no they imply, quotes them with their citations and glosses
/// the legal terms of a quote in another language.
/// </summary>
internal sealed class ExtractiveAnswerer(PassageMatcher passageMatcher, TermGlossary glossary)
{
    private readonly UnitMatcher _matcher = passageMatcher.Units;

    private const int PassagesToConsider = 5;
    private const int MaxQuotes = 2;

    /// <summary>The search has already weighed the passages; a lower one must cover clearly more to be quoted first.</summary>
    private const double RankPenalty = 0.05;

    /// <summary>What stating the kind of answer asked for (a period for "how long") is worth next to covering the question.</summary>
    private const double AnswerTypeBonus = 0.15;

    private const double ContextShare = 0.5;

    /// <summary>How well a quote from another passage must support the question to complete an answer that lacks the period or amount asked for.</summary>
    private const double CompletionShare = 0.6;

    public IReadOnlyList<CandidateSentence> RankSentences(AnswerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var candidates = new List<CandidateSentence>();
        var rank = 0;
        foreach (var passage in context.Passages.Take(PassagesToConsider))
        {
            // Units named only in the heading or elsewhere in the passage still frame each sentence of it,
            // but count half: the sentence that names them itself is the sharper quote.
            var frameText = passage.Title + "\n" + passage.DocumentHeading + "\n" + passage.Heading;
            var frameRead = _matcher.Read(frameText, passage.Language, alsoEnglish: true);
            var frame = _matcher.Matches(context.Plan, frameRead);
            var named = frame.Where(u => u.InQuotedName).ToList();

            // A section headed "Time Limit for ..." is where a "by when" question is answered.
            var hinted = context.Plan.Hints.Count > 0
                && _matcher.Matches(context.Plan with { Units = context.Plan.Hints }, frameRead, frameText.Length - passage.Heading.Length).Count > 0;
            var text = _matcher.Read(passage.Text, passage.Language);
            var around = new HashSet<QueryUnit>(frame, ReferenceEqualityComparer.Instance);
            around.UnionWith(_matcher.Matches(context.Plan, text));
            foreach (var span in ExtractiveAnswererSpans.Of(passage.Text))
            {
                var direct = _matcher.Matches(context.Plan, text, span.Offset, span.Offset + span.Text.Length);
                if (direct.Count == 0)
                {
                    continue;
                }

                direct.UnionWith(named);
                var support = context.Evidence.Coverage(direct)
                    + (ContextShare * context.Evidence.Coverage(around.Except(direct)))
                    + (PassageReranker.FitsAnswerType(context.Plan.Intent, span.Text) ? AnswerTypeBonus : 0)
                    + (hinted ? AnswerTypeBonus : 0)
                    - (RankPenalty * rank);
                candidates.Add(new CandidateSentence(passage, span.Text, span.Offset, support));
            }

            rank++;
        }

        // Between equals, the shorter span is the sharper quote.
        return candidates.OrderByDescending(c => c.Support).ThenBy(c => c.Text.Length).ToList();
    }

    public AssistantAnswer Answer(AnswerContext context, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(context);
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

            if (next.Passage == ranked[0].Passage && !chosen.Any(c => Overlaps(c, next)))
            {
                chosen.Add(next);
            }
        }

        // "When is it published?" answered by "The International Bureau shall publish..." needs the sentence
        // of the same passage that gives the period as well.
        if (context.Plan.Intent is QuestionIntent.Duration or QuestionIntent.Date or QuestionIntent.Count or QuestionIntent.Amount
            && !chosen.Any(c => PassageReranker.FitsAnswerType(context.Plan.Intent, c.Text)))
        {
            // Preferably from the same passage; otherwise from another one that supports the question nearly as well
            // ("The amount of the fee is as set out in the Schedule" is completed by the Schedule's row).
            var stating = ranked.FirstOrDefault(c => c.Passage == ranked[0].Passage && PassageReranker.FitsAnswerType(context.Plan.Intent, c.Text) && !chosen.Any(o => Overlaps(o, c)))
                ?? ranked.FirstOrDefault(c => c.Support >= ranked[0].Support * CompletionShare && PassageReranker.FitsAnswerType(context.Plan.Intent, c.Text));
            if (stating is not null)
            {
                if (chosen.Count >= MaxQuotes)
                {
                    chosen.RemoveAt(chosen.Count - 1);
                }

                chosen.Add(stating);
            }
        }

        chosen = chosen.OrderBy(c => c.Offset).ToList();
        var chinese = AnswerLanguage.IsChinese(context.Plan);
        var text = new StringBuilder();
        var lead = Lead(context.Plan, ranked[0], chosen);
        if (lead.Length > 0)
        {
            text.Append(lead).Append(' ');
        }

        var citations = new List<Citation>();
        foreach (var sentence in chosen)
        {
            var section = sentence.Passage.SectionAt(sentence.Offset);
            text.Append(AnswerLanguage.Source(context.Plan, sentence.Passage, section))
                .Append(chinese ? "：「" : ": \u201C")
                .Append(sentence.Text)
                .Append(chinese ? "」" : "\u201D")
                .Append(' ');
            citations.Add(new Citation(sentence.Passage.WorkspaceId, sentence.Passage.DocumentId, sentence.Passage.Title, sentence.Passage.Version, section, sentence.Passage.Page, sentence.Text));
        }

        var gloss = glossary.Gloss(chosen.Select(c => (c.Text, c.Passage.Language)), context.Plan.Language);
        if (gloss.Length > 0)
        {
            text.Append(chinese ? "（术语：" : "(Terms: ").Append(gloss).Append(chinese ? "）" : ")");
        }

        return new AssistantAnswer(text.ToString().Trim(), false, citations, [], elapsed, Lead: lead.Length > 0 ? lead : null);
    }

    private static bool Overlaps(CandidateSentence a, CandidateSentence b) =>
        a.Offset < b.Offset + b.Text.Length && b.Offset < a.Offset + a.Text.Length;

    /// <param name="best">The best-supported quote, which decides a yes or no.</param>
    private static string Lead(QueryPlan plan, CandidateSentence best, List<CandidateSentence> chosen)
    {
        var first = best;
        switch (plan.Intent)
        {
            case QuestionIntent.YesNo:
                var negated = AnswerLanguage.IsNegated(first.Text, first.Passage.Language);
                return AnswerLanguage.IsChinese(plan) ? (negated ? "不。" : "是。") : (negated ? "No." : "Yes.");
            case QuestionIntent.Amount:
                var amounts = chosen.SelectMany(c => TimeExpressions.Amounts(c.Text)).Distinct().Take(3).ToList();
                return amounts.Count == 0 ? string.Empty : string.Join("; ", amounts) + ".";
            case QuestionIntent.Duration or QuestionIntent.Count or QuestionIntent.Date:
                var durations = chosen.SelectMany(c => TimeExpressions.Durations(c.Text)).Distinct().Take(3).ToList();
                return durations.Count == 0 ? string.Empty : string.Join("; ", durations) + ".";
            default:
                return string.Empty;
        }
    }
}
