namespace Cooperation.Knowledge.Text;

/// <summary>Reads Chinese numerals as written in legal texts: 二十九, 一百零三, 两, and Arabic digits.</summary>
internal static class ChineseNumerals
{
    public const string Characters = "〇零一二两三四五六七八九十百千万0123456789０１２３４５６７８９";

    public static bool TryParse(string text, out int value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text.All(c => c is >= '0' and <= '9' or >= '０' and <= '９'))
        {
            value = text.Aggregate(0, (total, c) => total * 10 + (c >= '０' ? c - '０' : c - '0'));
            return true;
        }

        int total = 0, section = 0, digit = 0;
        foreach (var c in text)
        {
            var d = Digit(c);
            if (d >= 0)
            {
                digit = d;
                continue;
            }

            var unit = c switch
            {
                '十' => 10,
                '百' => 100,
                '千' => 1000,
                '万' => 10000,
                _ => -1,
            };
            if (unit < 0)
            {
                return false;
            }

            if (unit == 10000)
            {
                total += (section + digit) * unit;
                section = 0;
            }
            else
            {
                // A bare 十 at the start means ten (十二 = 12).
                section += (digit == 0 ? 1 : digit) * unit;
            }

            digit = 0;
        }

        value = total + section + digit;
        return value > 0 || text.Contains('零') || text.Contains('〇');
    }

    /// <summary>Writes 1..9999 the way Chinese legal texts number articles (二十九, 一百零三).</summary>
    public static string Format(int value)
    {
        if (value <= 0 || value > 9999)
        {
            return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        const string digits = "零一二三四五六七八九";
        var parts = new System.Text.StringBuilder();
        int[] units = [1000, 100, 10, 1];
        string[] names = ["千", "百", "十", ""];
        var pendingZero = false;
        for (var i = 0; i < units.Length; i++)
        {
            var d = value / units[i] % 10;
            if (d == 0)
            {
                pendingZero = parts.Length > 0;
                continue;
            }

            if (pendingZero)
            {
                parts.Append('零');
                pendingZero = false;
            }

            if (!(units[i] == 10 && d == 1 && parts.Length == 0))
            {
                parts.Append(digits[d]);
            }

            parts.Append(names[i]);
        }

        return parts.ToString();
    }

    private static int Digit(char c) => c switch
    {
        '〇' or '零' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        >= '0' and <= '9' => c - '0',
        >= '０' and <= '９' => c - '０',
        _ => -1,
    };
}
