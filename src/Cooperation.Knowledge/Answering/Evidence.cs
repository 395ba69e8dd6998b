using Cooperation.Knowledge.Search;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// How well the materials support an answer: each unit of the question weighs by its rarity in the
/// readable materials (a unit they never mention weighs most), and the evidence of a passage is the
/// share of that weight it covers, through its text, title or heading.
/// </summary>
internal sealed class Evidence
{
    private const int PassagesWeighed = 3;
    private readonly Dictionary<QueryUnit, double> _weights = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<QueryUnit> _unseen = new(ReferenceEqualityComparer.Instance);

    public Evidence(QueryPlan plan, CorpusStatistics statistics)
    {
        var passages = Math.Max(1, statistics.PassageCount);
        foreach (var unit in plan.Units)
        {
            var frequency = statistics.UnitFrequencies.TryGetValue(unit, out var value) ? value : 0;
            if (frequency == 0)
            {
                _unseen.Add(unit);
            }

            _weights[unit] = Math.Log(1 + ((passages - frequency + 0.5) / (frequency + 0.5)));
        }

        Total = _weights.Values.Sum();
        MissingNames = statistics.NameWordFrequencies.Where(p => p.Value == 0).Select(p => p.Key).ToList();
    }

    public double Total { get; }

    /// <summary>Distinctive words of names in the question ("Berne", "2018") that no readable passage contains.</summary>
    public IReadOnlyList<string> MissingNames { get; }

    /// <summary>No readable passage mentions the unit in any of its wordings.</summary>
    public bool IsUnseen(QueryUnit unit) => _unseen.Contains(unit);

    public double Weight(QueryUnit unit) => _weights.TryGetValue(unit, out var weight) ? weight : 0;

    public double Coverage(IEnumerable<QueryUnit> matched) => Total <= 0 ? 0 : matched.Distinct().Sum(Weight) / Total;

    /// <summary>
    /// How much of the question the best of the first passages covers, through its text, title and
    /// headings. A passage that never names the instrument, office or jurisdiction the question is confined
    /// to ("under the Berne Convention", "in China") covers nothing: it speaks of something else.
    /// </summary>
    public double BestCoverage(QueryPlan plan, IEnumerable<KnowledgeHit> passages, PassageMatcher matcher)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(passages);
        ArgumentNullException.ThrowIfNull(matcher);
        var best = 0.0;
        foreach (var passage in passages.Take(PassagesWeighed))
        {
            var matched = matcher.Matches(plan, passage.Text, passage.Language);
            matched.UnionWith(matcher.Matches(plan, passage.Title + "\n" + passage.DocumentHeading + "\n" + passage.Heading, passage.Language, alsoEnglish: true));
            if (plan.Units.Any(u => u.NamesScope && !matched.Contains(u)))
            {
                continue;
            }

            best = Math.Max(best, Coverage(matched));
        }

        return best;
    }
}
