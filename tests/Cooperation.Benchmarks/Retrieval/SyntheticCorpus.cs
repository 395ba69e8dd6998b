using System.Text;
using System.Text.RegularExpressions;
using Cooperation.Knowledge;
using Cooperation.Knowledge.Text;

namespace Cooperation.Benchmarks.Retrieval;

/// <summary>
/// Makes further documents from the real materials so the index can grow to 10,000 and 100,000 chunks with
/// realistic statistics: each copy keeps a real document's lines and structure (headings, article and rule
/// markers, line lengths) and its language and vocabulary, but every body line is refilled with sentences
/// drawn at random from the whole source document, and about one word in ten is swapped for another word of
/// it. So a copy is never the real passage again (the real one stays the only coherent answer) yet it
/// competes on the same terms with the same frequencies. Seeded, so every run builds the same corpus.
/// </summary>
internal sealed partial class SyntheticCorpus(IReadOnlyList<DocumentToIndex> materials, int seed)
{
    private const double WordSwapShare = 0.1;

    /// <summary>A body line keeps this many leading words (or Han characters) so that its marker ("(a)", "Rule 4.1", "第五条") survives.</summary>
    private const int KeptLeadingWords = 3;

    private readonly Random _random = new(seed);
    private readonly List<Source> _sources = materials.Select(Source.Of).ToList();

    /// <summary>The copy <paramref name="copy"/> of every real document, in a new workspace of its own.</summary>
    public IEnumerable<DocumentToIndex> Copy(int copy, Guid workspace)
    {
        for (var i = 0; i < materials.Count; i++)
        {
            var real = materials[i];
            var pages = real.Pages.Select(p => new ExtractedPage(p.Number, Rewrite(p.Text, _sources[i]))).ToList();
            yield return real with { WorkspaceId = workspace, DocumentId = NewGuid(), Title = $"{real.Title} ({copy})", Pages = pages };
        }
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private string Rewrite(string page, Source source)
    {
        var output = new StringBuilder(page.Length + 256);
        foreach (var line in page.Split('\n'))
        {
            output.Append(IsStructure(line) ? line : RewriteBody(line, source)).Append('\n');
        }

        return output.ToString();
    }

    /// <summary>Headings, tables, blank and short lines (article titles, markers) are kept as they are.</summary>
    private static bool IsStructure(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.Length < 80 || trimmed[0] is '#' or '|' or '>';
    }

    private string RewriteBody(string line, Source source)
    {
        var han = line.Any(TextNormalizer.IsHan);
        var (lead, remainder) = han ? SplitHan(line) : SplitWords(line);
        var count = Math.Max(1, SentenceSplitter.Split(remainder).Count);
        var body = new StringBuilder(lead);
        for (var i = 0; i < count; i++)
        {
            if (!han && body.Length > 0)
            {
                body.Append(' ');
            }

            body.Append(source.Sentences[_random.Next(source.Sentences.Count)]);
        }

        return Word().Replace(body.ToString(), m => _random.NextDouble() < WordSwapShare ? source.Words[_random.Next(source.Words.Count)] : m.Value);
    }

    private static (string Lead, string Remainder) SplitWords(string line)
    {
        var position = 0;
        for (var words = 0; words < KeptLeadingWords && position < line.Length; words++)
        {
            var space = line.IndexOf(' ', position + 1);
            position = space < 0 ? line.Length : space;
        }

        return (line[..position], line[position..]);
    }

    private static (string Lead, string Remainder) SplitHan(string line)
    {
        var cut = Math.Min(line.Length, 4 * KeptLeadingWords);
        return (line[..cut], line[cut..]);
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    private sealed record Source(List<string> Sentences, List<string> Words)
    {
        public static Source Of(DocumentToIndex document)
        {
            var body = document.Pages.SelectMany(p => p.Text.Split('\n')).Where(l => !IsStructure(l)).ToList();
            var sentences = body.SelectMany(SentenceSplitter.Split).Where(s => s.Length >= 20).ToList();
            var words = body.SelectMany(l => Word().Matches(l).Select(m => m.Value)).ToList();
            if (sentences.Count == 0 || words.Count == 0)
            {
                throw new InvalidOperationException($"The document {document.Title} has no body text to make copies from.");
            }

            return new Source(sentences, words);
        }
    }
}
