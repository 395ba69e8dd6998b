using System.Globalization;
using Cooperation.Web.Localization;
using Humanizer;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>Formats instants for one viewer: in their zone, in other zones, and relative to now in the UI language.</summary>
public sealed class TimeDisplay(DateTimeZone viewerZone, DateTime nowUtc, CultureInfo culture, IStringLocalizer text)
{
    public DateTimeZone Zone => viewerZone;
    public DateTime NowUtc => nowUtc;

    public ZonedDateTime InViewer(DateTime utc) => utc.InZone(viewerZone);

    public CultureInfo Culture => culture;

    public string Range(DateTime startUtc, DateTime endUtc, DateTimeZone zone)
    {
        var start = startUtc.InZone(zone);
        var end = endUtc.InZone(zone);
        var endText = end.Date == start.Date ? end.ToString(DateFormats.Time, culture) : end.ToString(DateFormats.DayTime(culture), culture);
        return $"{start.ToString(DateFormats.DateTime(culture), culture)}–{endText} ({start.OffsetLabel()})";
    }

    /// <summary>"Mon 11 Jan 2027" / "2027年1月11日 周一": the day in the viewer's zone.</summary>
    public string DateText(DateTime utc) => InViewer(utc).ToString(DateFormats.Date(culture), culture);

    /// <summary>"Mon 11 Jan 2027 09:30": the moment in the viewer's zone.</summary>
    public string DateTimeText(DateTime utc) => InViewer(utc).ToString(DateFormats.DateTime(culture), culture);

    /// <summary>A time element: relative words ("3 days ago"), with the exact moment in the viewer's zone on hover.</summary>
    public IHtmlContent Tag(DateTime utc)
    {
        var tag = new TagBuilder("time");
        tag.Attributes["datetime"] = DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture);
        tag.Attributes["title"] = $"{DateTimeText(utc)} ({InViewer(utc).OffsetLabel()})";
        tag.InnerHtml.Append(Relative(utc));
        return tag;
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
