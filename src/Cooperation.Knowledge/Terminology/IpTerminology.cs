using System.Reflection;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Terminology;

/// <summary>One IP concept with its wording in each supported language ("priority period", "délai de priorité", "优先权期限"…).</summary>
/// <param name="NamesScope">
/// An instrument, office or jurisdiction ("Paris Convention", "EPO", "China"): a question naming it asks
/// about that one, and passages that never name it cannot answer it.
/// </param>
internal sealed record TermConcept(int Id, IReadOnlyDictionary<string, IReadOnlyList<string>> Variants, bool NamesScope = false);

/// <summary>
/// The curated multilingual IP glossary shipped inside the assembly. It lets a question in one language
/// find passages in another without any model or network.
/// </summary>
internal sealed class IpTerminology
{
    private const string ResourceName = "Cooperation.Knowledge.Terminology.ip-terminology.tsv";
    private const string ScopeTag = "scope";

    public IpTerminology(IReadOnlyList<TermConcept> concepts) => Concepts = concepts;

    public IReadOnlyList<TermConcept> Concepts { get; }

    /// <summary>Column order of the data file.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        [LanguageDetector.English, LanguageDetector.Chinese, LanguageDetector.French, LanguageDetector.Russian, LanguageDetector.Spanish, LanguageDetector.Arabic];

    public static IpTerminology LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The IP terminology is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>
    /// Reads the tab-separated glossary: one concept a line, variants separated by '|', '#' starts a
    /// comment; after the languages, an optional column "scope" marks instruments, offices and jurisdictions.
    /// </summary>
    public static IpTerminology Parse(string text)
    {
        var concepts = new List<TermConcept>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            var variants = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Length && i < Columns.Count; i++)
            {
                var values = columns[i].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (values.Length > 0)
                {
                    variants[Columns[i]] = values;
                }
            }

            var scope = columns.Length > Columns.Count && columns[Columns.Count].Trim().Equals(ScopeTag, StringComparison.OrdinalIgnoreCase);
            if (variants.Count >= 2)
            {
                concepts.Add(new TermConcept(concepts.Count, variants, scope));
            }
        }

        return new IpTerminology(concepts);
    }
}
