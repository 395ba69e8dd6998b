namespace Cooperation.Knowledge.Answering;

internal static class AssistantAnswers
{
    private const int NearestSectionCount = 3;

    public static AssistantAnswer Decline(AnswerContext context, TimeSpan elapsed)
    {
        var nearest = context.Passages
            .Select(p => new SectionReference(p.WorkspaceId, p.DocumentId, p.Title, p.Version, p.Section, p.Page))
            .DistinctBy(s => (s.DocumentId, s.Section))
            .Take(NearestSectionCount)
            .ToList();
        return new AssistantAnswer(AnswerLanguage.Declined(context.Plan, nearest), true, [], nearest, elapsed);
    }

    /// <summary>A question that is not about IP rules at all: declined before any search, so nothing is quoted or pointed to.</summary>
    public static AssistantAnswer OffTopic(Search.QueryPlan plan, TimeSpan elapsed) => new(AnswerLanguage.OffTopic(plan), true, [], [], elapsed);

    public static AssistantAnswer Refuse(string message, TimeSpan elapsed) => new(message, true, [], [], elapsed);
}
