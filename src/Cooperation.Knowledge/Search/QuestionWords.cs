namespace Cooperation.Knowledge.Search;

/// <summary>Words that shape a question but say nothing about its subject.</summary>
internal static class QuestionWords
{
    public static readonly HashSet<string> English = new(StringComparer.OrdinalIgnoreCase)
    {
        "how", "what", "which", "when", "where", "who", "whom", "whose", "why", "does", "do", "did", "can", "could", "may", "might",
        "must", "shall", "should", "would", "is", "are", "was", "were", "be", "been", "being", "the", "a", "an", "of", "in", "on", "at", "to",
        "for", "by", "with", "from", "under", "according", "there", "it", "its", "this", "that", "these", "those", "any", "we", "our", "you",
        "your", "i", "me", "my", "us", "they", "their", "have", "has", "had", "get", "got", "and", "or", "if", "as", "into", "about", "than",
        "then", "so", "such", "some", "still", "also", "just", "tell", "please", "give", "need", "want", "happens", "happen", "kind", "type",
        "someone", "somebody", "one", "ones", "other", "others", "own", "much", "many", "long", "time", "will", "whether", "within",
        "until", "till", "during", "after", "before", "per", "each", "every", "all", "both", "either", "neither", "nor", "not", "no",
        "yes", "out", "up", "down", "over", "again", "once", "here", "very", "more", "most", "least", "less", "few", "same", "else",
        "ignore", "print", "show", "list", "say", "says", "said", "mean", "means", "meant", "am", "being", "doing", "done", "make", "made",

        // Hedges and frequency adverbs: they qualify a question without naming anything a passage would contain.
        "normally", "usually", "generally", "typically", "ordinarily", "commonly", "always", "often", "sometimes", "ever", "never",
        "actually", "really", "exactly", "precisely", "simply", "basically", "essentially", "currently", "presently", "nowadays",
        "already", "yet", "even", "anyway", "perhaps", "maybe", "possibly", "probably", "certainly", "necessarily", "approximately",
        "roughly", "around", "specifically", "particularly", "especially", "now", "today", "ok", "okay",
    };

    public static readonly HashSet<string> Chinese = new(StringComparer.Ordinal)
    {
        "什么", "哪些", "哪个", "哪部", "哪", "是否", "能否", "可否", "何时", "多少", "多久", "多长", "吗", "呢", "的", "了", "是", "在", "和", "与",
        "或", "及", "对", "可以", "应当", "怎么", "怎样", "如何", "为什么", "几", "起", "自", "由", "由于", "按照", "依照", "根据", "哪些规定",
        "我们", "我", "你", "他们", "该", "这", "那", "个", "之", "其", "等", "为", "中", "上", "下",
    };

    /// <summary>The words that ask ("when", "how", "多久"): they shape the answer and never stand for a subject.</summary>
    public static bool IsInterrogative(string language, string word) =>
        language == Text.LanguageDetector.Chinese ? ChineseInterrogatives.Contains(word) : Interrogatives.Contains(word);

    private static readonly HashSet<string> Interrogatives = new(StringComparer.OrdinalIgnoreCase)
    {
        "how", "what", "when", "where", "which", "who", "whom", "whose", "why", "whether", "quand", "comment", "combien", "quel", "quelle",
        "quels", "quelles", "pourquoi", "où", "cuándo", "cuando", "cómo", "cuánto", "cuanto", "qué", "dónde", "когда", "сколько", "как", "какой",
        "почему", "где", "متى", "كيف", "كم", "ماذا", "لماذا",
    };

    private static readonly HashSet<string> ChineseInterrogatives = new(StringComparer.Ordinal)
    {
        "什么", "哪些", "哪个", "哪", "何时", "多少", "多久", "多长", "怎么", "怎样", "如何", "为什么", "几", "吗", "呢",
    };

    public static bool IsQuestionWord(string language, string word) =>
        language == Text.LanguageDetector.Chinese ? Chinese.Contains(word) : English.Contains(word) || OtherLatin.Contains(word);

    private static readonly HashSet<string> OtherLatin = new(StringComparer.OrdinalIgnoreCase)
    {
        "quel", "quelle", "quels", "quelles", "comment", "combien", "quand", "est", "ce", "que", "qui", "le", "la", "les", "un", "une", "des",
        "du", "de", "selon", "cual", "cuál", "cuanto", "cuánto", "cuando", "cuándo", "qué", "que", "el", "los", "las", "según",
        "какой", "какая", "какие", "каков", "сколько", "когда", "как", "ли", "что", "в", "по", "на",
    };
}
