using System.Collections.Concurrent;
using Cooperation.Knowledge.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Ar;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Es;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Ru;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Cooperation.Knowledge.Analysis;

/// <summary>
/// One analyzer per supported language (stemming, stop words, Chinese word segmentation) and a
/// language-neutral one. Analyzers are thread-safe, so one set serves the whole process.
/// </summary>
internal sealed class LanguageAnalyzers : IDisposable
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly Dictionary<string, Analyzer> _byLanguage;
    private readonly Analyzer _conceptKeys = new WhitespaceAnalyzer(Version);

    public LanguageAnalyzers()
    {
        _byLanguage = new Dictionary<string, Analyzer>(StringComparer.Ordinal)
        {
            [LanguageDetector.English] = new EnglishAnalyzer(Version),
            [LanguageDetector.French] = new FrenchAnalyzer(Version),
            [LanguageDetector.Chinese] = new SmartChineseAnalyzer(Version),
            [LanguageDetector.Russian] = new RussianAnalyzer(Version),
            [LanguageDetector.Spanish] = new SpanishAnalyzer(Version),
            [LanguageDetector.Arabic] = new ArabicAnalyzer(Version),
        };
        Neutral = new NeutralAnalyzer();
        var perField = new Dictionary<string, Analyzer>(StringComparer.Ordinal);
        foreach (var (language, analyzer) in _byLanguage)
        {
            perField[IndexFields.TextField(language)] = analyzer;
            perField[IndexFields.ContextField(language)] = analyzer;
        }

        perField[IndexFields.NeutralText] = Neutral;
        perField[IndexFields.NeutralContext] = Neutral;
        perField[IndexFields.LabelText] = Neutral;
        perField[IndexFields.Concepts] = _conceptKeys;
        PerField = new PerFieldAnalyzerWrapper(Neutral, perField);
    }

    public Analyzer Neutral { get; }

    /// <summary>The analyzer the index writer uses: each field with its language's analysis.</summary>
    public Analyzer PerField { get; }

    public Analyzer For(string language) => _byLanguage.TryGetValue(language, out var analyzer) ? analyzer : Neutral;

    /// <summary>The terms a text becomes in a language's field.</summary>
    public IReadOnlyList<string> Terms(string language, string text) => Tokens(For(language), IndexFields.TextField(language), text);

    public IReadOnlyList<string> NeutralTerms(string text) => Tokens(Neutral, IndexFields.NeutralText, text);

    /// <summary>
    /// The terms a text becomes with their positions, which count the stop words left out as phrase
    /// queries do, and where in the text each comes from.
    /// </summary>
    public IReadOnlyList<AnalysedTerm> Analyse(string language, string text) => Analyse(For(language), IndexFields.TextField(language), text);

    public IReadOnlyList<AnalysedTerm> AnalyseNeutral(string text) => Analyse(Neutral, IndexFields.NeutralText, text);

    private static List<AnalysedTerm> Analyse(Analyzer analyzer, string field, string text)
    {
        // About one term per six characters of running text; a list grown by doubling from empty allocates twice that.
        var terms = new List<AnalysedTerm>(text.Length / 6 + 4);
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            terms.Add(new AnalysedTerm(Vocabulary.Word(term), position, offset.StartOffset));
        }

        stream.End();
        return terms;
    }

    private static List<string> Tokens(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(Vocabulary.Word(term));
        }

        stream.End();
        return terms;
    }

    public void Dispose()
    {
        foreach (var analyzer in _byLanguage.Values)
        {
            analyzer.Dispose();
        }

        Neutral.Dispose();
        _conceptKeys.Dispose();
    }

    /// <summary>Lower-cased, accent-folded words; Han text as overlapping pairs; number words as digits.</summary>
    private sealed class NeutralAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, tokenizer);
            stream = new ASCIIFoldingFilter(stream);
            stream = new CJKBigramFilter(stream);
            stream = new NumberNormalizingFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }
    }

    /// <summary>"twelve", "douze", "十二" and "12" all become "12".</summary>
    private sealed class NumberNormalizingFilter : TokenFilter
    {
        private readonly ICharTermAttribute _term;

        public NumberNormalizingFilter(TokenStream input)
            : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }

            var text = _term.ToString();
            if (text.Length <= 16 && !text.All(char.IsAsciiDigit) && NumberWords.TryParse(text, out var value))
            {
                _term.SetEmpty().Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return true;
        }
    }
}

/// <summary>A term of analysed text, its position (stop words counted) and the character where it starts.</summary>
internal readonly record struct AnalysedTerm(string Term, int Position, int Start);

/// <summary>
/// The words analysis has met, each kept as one string. Questions analyse their best passages afresh, and a library's
/// vocabulary is small next to its text, so most words of a passage are met again: taking the kept string instead of
/// making a new one for every occurrence removes most of what analysis allocates, and analyses kept in the cache share
/// their words. Bounded: past <see cref="MaxWords"/> new words are simply not kept.
/// </summary>
internal static class Vocabulary
{
    private const int MaxWords = 200_000;
    private static readonly ConcurrentDictionary<string, string> Words = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> BySpan = Words.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int _count;

    public static string Word(ICharTermAttribute term)
    {
        var characters = term.Buffer.AsSpan(0, term.Length);
        if (BySpan.TryGetValue(characters, out var known))
        {
            return known;
        }

        var word = new string(characters);
        if (Volatile.Read(ref _count) < MaxWords && Words.TryAdd(word, word))
        {
            Interlocked.Increment(ref _count);
        }

        return word;
    }
}
