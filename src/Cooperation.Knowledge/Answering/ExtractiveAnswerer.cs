using System.Text;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Search.Ranking;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Answers without a language model: quotes the span the ranking model put first (and, when the question asks for a
/// period or amount that span does not give, the best span of the same passage that does), with its citation, and
/// glosses the legal terms of a quote in another language. A short lead (yes/no, a period, an amount) is stated only
/// when the quoted words state it about what was asked; otherwise the quote speaks for itself.
/// </summary>
internal sealed class ExtractiveAnswerer(TermGlossary glossary, AnswerModel model)
{
    public AssistantAnswer Answer(AnswerContext context, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spans = context.QuotableSpans();
        if (spans.Count == 0)
        {
            return AssistantAnswers.Decline(context, elapsed);
        }

        var best = spans[0];
        var chosen = Quotes(context.Plan, spans, model.SecondQuoteMargin);
        var chinese = AnswerLanguage.IsChinese(context.Plan);
        var text = new StringBuilder();
        var lead = Lead(context.Plan, best, chosen, model.LeadCoverage);
        if (lead is not null)
        {
            text.Append(lead).Append(' ');
        }

        var citations = new List<Citation>();
        foreach (var span in chosen)
        {
            var section = span.Passage.SectionAt(span.Offset);
            text.Append(AnswerLanguage.Source(context.Plan, span.Passage, section))
                .Append(chinese ? "：「" : ": \u201C")
                .Append(span.Text)
                .Append(chinese ? "」" : "\u201D")
                .Append(' ');
            citations.Add(new Citation(span.Passage.WorkspaceId, span.Passage.DocumentId, span.Passage.Title, span.Passage.Version, section, span.Passage.Page, span.Text));
        }

        var gloss = glossary.Gloss(chosen.Select(c => (c.Text, c.Passage.Language)), context.Plan.Language);
        if (gloss.Length > 0)
        {
            text.Append(chinese ? "（术语：" : "(Terms: ").Append(gloss).Append(chinese ? "）" : ")");
        }

        return new AssistantAnswer(text.ToString().Trim(), false, citations, [], elapsed, Lead: lead);
    }

    /// <summary>
    /// The best span, the next span of the same passage when it scores nearly as well, and when the question asks for a
    /// period or amount that the best span does not give, the best span of the same passage that does ("When is it published?" answered by "The International Bureau shall publish..." needs the
    /// sentence that gives the period as well); in the order they stand in the passage.
    /// </summary>
    /// <param name="secondQuoteMargin">How close in score another span of the best passage must come to be quoted as well.</param>
    internal static List<RankedSpan> Quotes(QueryPlan plan, IReadOnlyList<RankedSpan> spans, double secondQuoteMargin)
    {
        var best = spans[0];
        var chosen = new List<RankedSpan> { best };
        var second = spans.Skip(1).FirstOrDefault(s => s.Passage == best.Passage && !Overlaps(s, best));
        if (second is not null && best.Score - second.Score <= secondQuoteMargin)
        {
            chosen.Add(second);
        }

        if (AsksForFigure(plan.Intent) && !PassageReranker.FitsAnswerType(plan.Intent, best.Text))
        {
            var stating = spans.FirstOrDefault(s => s.Passage == best.Passage && PassageReranker.FitsAnswerType(plan.Intent, s.Text) && !Overlaps(s, best));
            if (stating is not null && !chosen.Contains(stating))
            {
                chosen.Add(stating);
            }
        }

        return [.. chosen.OrderBy(c => c.Offset)];
    }

    private static bool AsksForFigure(QuestionIntent intent) =>
        intent is QuestionIntent.Duration or QuestionIntent.Date or QuestionIntent.Count or QuestionIntent.Amount;

    private static bool Overlaps(RankedSpan a, RankedSpan b) =>
        a.Offset < b.Offset + b.Text.Length && b.Offset < a.Offset + a.Text.Length;

    /// <summary>
    /// The short answer, or null. It is read only from a quoted span that itself covers at least
    /// <paramref name="leadCoverage"/> of the question (a share learned from the training questions): a yes or no from
    /// the best span, decided by a negation in it, and only for a question whether something may, must or need be done
    /// (<see cref="YesNoReading"/>); a period or amount only when exactly one such figure stands in a
    /// quoted span that names what was asked, since two figures in one sentence ("two months ... fifteen years") leave
    /// open which one answers.
    /// </summary>
    internal static string? Lead(QueryPlan plan, RankedSpan best, IReadOnlyList<RankedSpan> chosen, double leadCoverage)
    {
        var coverage = best.Features[SpanFeatures.SpanCoverage];
        if (coverage < leadCoverage)
        {
            return null;
        }

        var chinese = AnswerLanguage.IsChinese(plan);
        switch (plan.Intent)
        {
            case QuestionIntent.YesNo when !YesNoReading.AsksWhetherAllowed(plan.Question, plan.Language):
                return null;
            case QuestionIntent.YesNo:
                var negated = YesNoReading.IsNegated(best.Text, best.Passage.Language);
                return chinese ? (negated ? "不。" : "是。") : (negated ? "No." : "Yes.");
            case QuestionIntent.Amount:
                return SingleFigure(chosen.Where(NamesTheSubject).Select(c => TimeExpressions.Amounts(c.Text)));
            case QuestionIntent.Duration or QuestionIntent.Count or QuestionIntent.Date:
                return SingleFigure(chosen.Where(NamesTheSubject).Select(c => TimeExpressions.Durations(c.Text)));
            default:
                return null;
        }
    }

    /// <summary>A span names what was asked when it matches a unit of the question by itself, not only through its heading.</summary>
    private static bool NamesTheSubject(RankedSpan span) => span.Features[SpanFeatures.SpanCoverage] > 0;

    private static string? SingleFigure(IEnumerable<IReadOnlyList<string>> figuresPerSpan)
    {
        var figures = figuresPerSpan.SelectMany(f => f).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return figures.Count == 1 ? figures[0] + "." : null;
    }
}
