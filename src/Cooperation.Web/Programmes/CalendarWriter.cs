using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;
using IcalCalendar = Ical.Net.Calendar;

namespace Cooperation.Web.Programmes;

/// <summary>A session with what its calendar entry shows.</summary>
public sealed record CalendarEntry(ProgrammeSession Session, Programme Programme, string Link, IReadOnlyList<string> OfficeLines);

/// <summary>
/// Writes sessions as iCalendar with Ical.Net: one VEVENT per session with a stable UID and its SEQUENCE, times in
/// the session's zone with a VTIMEZONE for each zone used, cancelled sessions as STATUS:CANCELLED.
/// </summary>
public static class CalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string UidOf(Guid sessionId) => $"{sessionId}@cooperation-hub";

    public static string Write(string calendarName, IEnumerable<CalendarEntry> entries)
    {
        var list = entries.ToList();
        var calendar = new IcalCalendar { Method = "PUBLISH", ProductId = "-//Cooperation Hub//Programmes//EN" };
        calendar.AddProperty("X-WR-CALNAME", calendarName);

        var earliest = list.Count == 0 ? DateTime.UtcNow : list.Min(e => e.Session.StartUtc);
        foreach (var zoneId in list.Select(e => e.Session.TimeZone).Where(z => z != "UTC" && ZoneTimes.Find(z) is not null).Distinct().Order())
        {
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zoneId, earliest.AddYears(-1), includeHistoricalData: false));
        }

        foreach (var entry in list.OrderBy(e => e.Session.StartUtc))
        {
            calendar.Events.Add(ToEvent(entry));
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent ToEvent(CalendarEntry entry)
    {
        var (session, programme) = (entry.Session, entry.Programme);
        var cancelled = session.Status == SessionStatus.Cancelled || programme.Status == ProgrammeStatus.Cancelled;
        var online = session.OnlineLink is { } meeting && Uri.TryCreate(meeting, UriKind.Absolute, out var meetingUri) ? meetingUri : null;
        var description = string.Join("\n", new[] { programme.Description, online is null ? null : $"Online meeting: {online}" }
            .Concat(entry.OfficeLines).Append(entry.Link).Where(s => !string.IsNullOrWhiteSpace(s)));
        var calendarEvent = new CalendarEvent
        {
            Uid = UidOf(session.Id),
            Sequence = session.Sequence,
            Summary = SessionTitle.Of(session, programme.Title),
            Description = description,
            DtStart = Moment(session.StartUtc, session.TimeZone),
            DtEnd = Moment(session.EndUtc, session.TimeZone),
            DtStamp = new CalDateTime(session.UpdatedAt, CalDateTime.UtcTzId),
            LastModified = new CalDateTime(session.UpdatedAt, CalDateTime.UtcTzId),
            // Clients show LOCATION and open URL from the entry (RFC 5545 3.8.1.7, 3.8.4.6): a session held online
            // carries its meeting link in both, so one click joins it; the programme's page stays in the description.
            Location = (session.Location, online) switch
            {
                ({ } place, { } link) => $"{place} / {link}",
                ({ } place, null) => place,
                (null, { } link) => link.ToString(),
                _ => null,
            },
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Url = online ?? (Uri.TryCreate(entry.Link, UriKind.Absolute, out var page) ? page : null),
        };
        calendarEvent.Categories.Add(programme.Kind.ToString());
        return calendarEvent;
    }

    /// <summary>
    /// A wall-clock time with TZID, except when that wall-clock time happens twice (the hour repeated when clocks go
    /// back) and the session is in the second one: readers take the first, so such a time is written in UTC.
    /// </summary>
    private static CalDateTime Moment(DateTime utc, string zoneId)
    {
        var zone = ZoneTimes.Find(zoneId);
        if (zone is null || zone == DateTimeZone.Utc || zoneId == "UTC")
        {
            return new CalDateTime(utc, CalDateTime.UtcTzId);
        }

        var local = utc.InZone(zone).LocalDateTime;
        var mapping = zone.MapLocal(local);
        return mapping.Count == 1 || mapping.First().ToInstant() == utc.ToInstant()
            ? new CalDateTime(local.ToDateTimeUnspecified(), zoneId)
            : new CalDateTime(utc, CalDateTime.UtcTzId);
    }
}
