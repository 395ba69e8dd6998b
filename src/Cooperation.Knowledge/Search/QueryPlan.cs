namespace Cooperation.Knowledge.Search;

internal enum QueryUnitKind
{
    Concept,
    Word,
    Number,
    Reference,
}

/// <summary>What kind of answer the question wants; shapes the extractive answer.</summary>
internal enum QuestionIntent
{
    General,
    Duration,
    Count,
    Amount,
    Date,
    YesNo,
}

/// <summary>One way a piece of the question can appear in an indexed field: the analysed terms of a word or phrase.</summary>
internal sealed record UnitAlternative(string Field, string Language, IReadOnlyList<string> Terms);

/// <summary>A piece of the question (a glossary concept, a word, a number, a reference to an article) and its wordings.</summary>
/// <param name="ConceptKey">For a glossary concept, the key its mentions are indexed under whatever their language.</param>
/// <param name="InQuotedName">
/// The question wrote it inside a quoted title (《…》, "…"): it says which document is meant, so any
/// passage of that document has it, whether or not its own sentences repeat it.
/// </param>
/// <param name="NamesScope">It names an instrument, office or jurisdiction the question is confined to ("under the Paris Convention", "in China").</param>
internal sealed record QueryUnit(QueryUnitKind Kind, string Source, IReadOnlyList<UnitAlternative> Alternatives, string? ConceptKey = null, bool InQuotedName = false, bool NamesScope = false);

/// <summary>The question broken into units, each expanded into the languages of the materials.</summary>
/// <param name="AnswerHints">
/// Concepts the kind of answer implies without the question naming them: "how long" or "by when" asks
/// for a time limit. They help find passages but are not part of what the question must be covered by.
/// </param>
internal sealed record QueryPlan(
    string Question,
    string Language,
    QuestionIntent Intent,
    IReadOnlyList<QueryUnit> Units,
    IReadOnlyList<string> Names,
    IReadOnlyList<QueryUnit>? AnswerHints = null)
{
    public IReadOnlyList<QueryUnit> Hints => AnswerHints ?? [];
}
