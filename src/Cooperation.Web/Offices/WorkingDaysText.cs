using System.Globalization;

namespace Cooperation.Web.Offices;

public static class WorkingDaysText
{
    /// <summary>
    /// The working days as people write them, with the culture's day names: "Mon–Fri", "Sun–Thu", "Mon, Wed, Fri";
    /// "周一至周五" in Chinese. Runs of consecutive days may wrap past the end of the week (Sat–Wed).
    /// </summary>
    public static string Describe(this WorkingDays days, CultureInfo culture)
    {
        var included = Enumerable.Range(0, 7).Select(d => days.Includes((DayOfWeek)d)).ToArray();
        if (included.All(d => !d))
        {
            return "—";
        }

        var names = culture.DateTimeFormat.AbbreviatedDayNames;
        if (included.All(d => d))
        {
            return $"{names[(int)culture.DateTimeFormat.FirstDayOfWeek]}{RangeSeparator(culture)}{names[((int)culture.DateTimeFormat.FirstDayOfWeek + 6) % 7]}";
        }

        // Start just after a day off, so that a run across the week's end (Sun–Thu) stays one run.
        var start = Enumerable.Range(0, 7).First(d => included[d] && !included[(d + 6) % 7]);
        var runs = new List<string>();
        for (var offset = 0; offset < 7;)
        {
            var day = (start + offset) % 7;
            if (!included[day])
            {
                offset++;
                continue;
            }

            var length = 0;
            while (offset + length < 7 && included[(start + offset + length) % 7])
            {
                length++;
            }

            var last = (day + length - 1) % 7;
            runs.Add(length switch
            {
                1 => names[day],
                2 => $"{names[day]}{ListSeparator(culture)}{names[last]}",
                _ => $"{names[day]}{RangeSeparator(culture)}{names[last]}",
            });
            offset += length;
        }

        return string.Join(ListSeparator(culture), runs);
    }

    private static string RangeSeparator(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh" ? "至" : "–";

    private static string ListSeparator(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh" ? "、" : ", ";
}
