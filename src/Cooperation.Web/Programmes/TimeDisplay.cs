using System.Globalization;
using Humanizer;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>Formats instants for one viewer: in their zone, in other zones, and relative to now in the UI language.</summary>
public sealed class TimeDisplay(DateTimeZone viewerZone, DateTime nowUtc, CultureInfo culture, IStringLocalizer text)
{
    public DateTimeZone Zone => viewerZone;
    public DateTime NowUtc => nowUtc;

    public ZonedDateTime InViewer(DateTime utc) => utc.InZone(viewerZone);

    public string Range(DateTime startUtc, DateTime endUtc, DateTimeZone zone)
    {
        var start = startUtc.InZone(zone);
        var end = endUtc.InZone(zone);
        var endText = end.Date == start.Date ? end.ToString("HH:mm", culture) : end.ToString("d MMM HH:mm", culture);
        return $"{start.ToString("ddd d MMM yyyy HH:mm", culture)}–{endText} ({start.OffsetLabel()})";
    }

    public string ViewerRange(DateTime startUtc, DateTime endUtc) => Range(startUtc, endUtc, viewerZone);

    public string ZoneRange(DateTime startUtc, DateTime endUtc, string zoneId) => Range(startUtc, endUtc, ZoneTimes.Find(zoneId) ?? DateTimeZone.Utc);

    /// <summary>"in 3 days", "2 hours ago", "now" — Humanizer's words for the span, in the UI language.</summary>
    public string Relative(DateTime utc)
    {
        var span = utc - nowUtc;
        if (span.Duration() < TimeSpan.FromMinutes(1))
        {
            return text["now"];
        }

        var words = span.Duration().Humanize(1, culture, maxUnit: Humanizer.TimeUnit.Year, minUnit: Humanizer.TimeUnit.Minute);
        return span > TimeSpan.Zero ? text["in {0}", words] : text["{0} ago", words];
    }

    /// <summary>"1 hour 30 minutes".</summary>
    public string Length(DateTime startUtc, DateTime endUtc) =>
        (endUtc - startUtc).Humanize(3, culture, maxUnit: Humanizer.TimeUnit.Day, minUnit: Humanizer.TimeUnit.Minute, collectionSeparator: " ");
}
