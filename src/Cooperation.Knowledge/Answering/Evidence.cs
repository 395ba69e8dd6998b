using Cooperation.Knowledge.Search;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// How well the materials support an answer: each unit of the question weighs by its rarity in the
/// readable materials (a unit they never mention weighs most), and the evidence of a passage is the
/// share of that weight it covers, through its text, title or heading.
/// </summary>
public sealed class Evidence
{
    private readonly Dictionary<QueryUnit, double> _weights = new(ReferenceEqualityComparer.Instance);

    public Evidence(QueryPlan plan, CorpusStatistics statistics)
    {
        var passages = Math.Max(1, statistics.PassageCount);
        foreach (var unit in plan.Units)
        {
            var frequency = statistics.UnitFrequencies.TryGetValue(unit, out var value) ? value : 0;
            _weights[unit] = Math.Log(1 + ((passages - frequency + 0.5) / (frequency + 0.5)));
        }

        Total = _weights.Values.Sum();
        MissingNames = statistics.NameWordFrequencies.Where(p => p.Value == 0).Select(p => p.Key).ToList();
    }

    public double Total { get; }

    /// <summary>Distinctive words of names in the question ("Berne", "2018") that no readable passage contains.</summary>
    public IReadOnlyList<string> MissingNames { get; }

    public double Weight(QueryUnit unit) => _weights.TryGetValue(unit, out var weight) ? weight : 0;

    public double Coverage(IEnumerable<QueryUnit> matched) => Total <= 0 ? 0 : matched.Distinct().Sum(Weight) / Total;
}
