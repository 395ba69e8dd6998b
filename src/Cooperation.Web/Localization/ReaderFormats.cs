using System.Globalization;
using Humanizer;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Localization;

/// <summary>
/// How dates read in each language: "Mon 11 Jan 2027" in English (the day before the month, so that no office reads
/// 3/12 as the wrong day), "2027年1月11日 周一" in Chinese; other cultures their own long date. Patterns work for both
/// .NET and NodaTime values. Times are 24-hour everywhere: the offices meet across zones and read each other's times.
/// </summary>
public static class DateFormats
{
    public const string Time = "HH:mm";

    public static string Date(CultureInfo culture) => Language(culture) switch
    {
        "zh" => "yyyy'年'M'月'd'日' ddd",
        "en" => "ddd d MMM yyyy",
        _ => culture.DateTimeFormat.LongDatePattern,
    };

    public static string DateTime(CultureInfo culture) => $"{Date(culture)} {Time}";

    /// <summary>A day of the year without the year, with the time: the end of a range that runs into another day.</summary>
    public static string DayTime(CultureInfo culture) => Language(culture) switch
    {
        "zh" => "M'月'd'日' HH:mm",
        "en" => "d MMM HH:mm",
        _ => $"{culture.DateTimeFormat.MonthDayPattern} {Time}",
    };

    public static string MonthYear(CultureInfo culture) => Language(culture) switch
    {
        "zh" => "yyyy'年'M'月'",
        "en" => "MMMM yyyy",
        _ => culture.DateTimeFormat.YearMonthPattern,
    };

    private static string Language(CultureInfo culture) => culture.TwoLetterISOLanguageName;
}

public static class Quantities
{
    /// <summary>
    /// "1 member", "3 members": Humanizer's inflection of the English noun; in another language the translation of
    /// "{0} members" (Chinese has one form: "{0} 名成员"). The number is written in the reader's culture.
    /// </summary>
    public static string Quantity(this IStringLocalizer localizer, long count, string noun)
    {
        var number = count.ToString("N0", CultureInfo.CurrentCulture);
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName != "en")
        {
            var translated = localizer["{0} " + noun.Pluralize(inputIsKnownToBeSingular: true), number];
            if (!translated.ResourceNotFound)
            {
                return translated.Value;
            }
        }

        return noun.ToQuantity(count, "N0", CultureInfo.CurrentCulture);
    }
}
