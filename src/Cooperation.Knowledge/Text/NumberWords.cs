using System.Globalization;

namespace Cooperation.Knowledge.Text;

/// <summary>
/// Number words of the supported languages mapped to their value, so that "twelve", "douze", "十二" and
/// "12" can be recognised as the same number in questions, passages and answers.
/// </summary>
internal static class NumberWords
{
    private static readonly Dictionary<string, int> Words = Build();

    private static Dictionary<string, int> Build()
    {
        var words = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        void Add(int value, params string[] names)
        {
            foreach (var name in names)
            {
                words.TryAdd(name, value);
            }
        }

        Add(1, "one", "un", "une", "uno", "una", "один", "одна", "одного", "одной", "واحد");
        Add(2, "two", "deux", "dos", "два", "две", "двух", "اثنان", "اثنين", "شهرين");
        Add(3, "three", "trois", "tres", "три", "трех", "трёх", "ثلاثة");
        Add(4, "four", "quatre", "cuatro", "четыре", "четырех", "четырёх", "أربعة", "اربعة");
        Add(5, "five", "cinq", "cinco", "пять", "пяти", "خمسة");
        Add(6, "six", "seis", "шесть", "шести", "ستة");
        Add(7, "seven", "sept", "siete", "семь", "семи", "سبعة");
        Add(8, "eight", "huit", "ocho", "восемь", "восьми", "ثمانية");
        Add(9, "nine", "neuf", "nueve", "девять", "девяти", "تسعة");
        Add(10, "ten", "dix", "diez", "десять", "десяти", "عشرة");
        Add(11, "eleven", "onze", "once", "одиннадцать");
        Add(12, "twelve", "douze", "doce", "двенадцать", "двенадцати");
        Add(13, "thirteen", "treize", "trece", "тринадцать");
        Add(14, "fourteen", "quatorze", "catorce", "четырнадцать");
        Add(15, "fifteen", "quinze", "quince", "пятнадцать");
        Add(16, "sixteen", "seize", "dieciséis", "dieciseis", "шестнадцать", "шестнадцати");
        Add(17, "seventeen", "dix-sept", "diecisiete", "семнадцать");
        Add(18, "eighteen", "dix-huit", "dieciocho", "восемнадцать", "восемнадцати");
        Add(19, "nineteen", "dix-neuf", "diecinueve", "девятнадцать");
        Add(20, "twenty", "vingt", "veinte", "двадцать", "двадцати");
        Add(22, "twenty-two", "vingt-deux", "veintidós", "veintidos");
        Add(24, "twenty-four", "vingt-quatre", "veinticuatro");
        Add(30, "thirty", "trente", "treinta", "тридцать", "тридцати");
        Add(40, "forty", "quarante", "cuarenta", "сорок");
        Add(50, "fifty", "cinquante", "cincuenta", "пятьдесят");
        Add(60, "sixty", "soixante", "sesenta", "шестьдесят");
        Add(100, "hundred", "cent", "cien", "сто");
        return words;
    }

    /// <summary>The value of a single token: digits, a number word, or a Chinese numeral.</summary>
    public static bool TryParse(string token, out int value)
    {
        value = 0;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        if (Words.TryGetValue(token, out value))
        {
            return true;
        }

        return token.All(c => ChineseNumerals.Characters.Contains(c)) && ChineseNumerals.TryParse(token, out value);
    }

    /// <summary>Word forms of a value in every supported language, for expanding a query.</summary>
    public static IEnumerable<string> Spellings(int value)
    {
        yield return value.ToString(CultureInfo.InvariantCulture);
        foreach (var (word, wordValue) in Words)
        {
            if (wordValue == value && word != "un" && word != "une")
            {
                yield return word;
            }
        }

        if (value is > 0 and < 10000)
        {
            yield return ChineseNumerals.Format(value);
        }
    }

    public static string English(int value) => value switch
    {
        1 => "one",
        2 => "two",
        3 => "three",
        4 => "four",
        5 => "five",
        6 => "six",
        7 => "seven",
        8 => "eight",
        9 => "nine",
        10 => "ten",
        11 => "eleven",
        12 => "twelve",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
