using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>When one office is at work: its working days and hours in its own zone, minus its holidays.</summary>
public sealed class OfficeCalendar
{
    private readonly IReadOnlyDictionary<LocalDate, string> _holidays;

    public OfficeCalendar(Office office, IEnumerable<OfficeHoliday> holidays)
    {
        Office = office;
        Zone = ZoneTimes.Find(office.TimeZone) ?? DateTimeZone.Utc;
        _holidays = holidays.Where(h => h.OfficeId == office.Id)
            .GroupBy(h => LocalDate.FromDateOnly(h.Date))
            .ToDictionary(g => g.Key, g => g.First().Name);
    }

    public Office Office { get; }
    public DateTimeZone Zone { get; }

    public LocalTime WorkdayStart => LocalTime.FromTimeOnly(Office.WorkdayStart);
    public LocalTime WorkdayEnd => LocalTime.FromTimeOnly(Office.WorkdayEnd);

    /// <summary>Why the office is closed all day, or null on a working day.</summary>
    public string? ClosedReason(LocalDate date) => ClosedText(date)?.ToString();

    /// <summary><see cref="ClosedReason"/> as a sentence pages translate.</summary>
    public LocalizedText? ClosedText(LocalDate date) =>
        _holidays.TryGetValue(date, out var name) ? new LocalizedText("holiday: {0}", name)
        : !Office.WorkingDays.Includes(date.DayOfWeek.ToDayOfWeek()) ? new LocalizedText("not a working day ({0:dddd})", date.ToDateOnly())
        : null;

    /// <summary>The working hours of that local day as instants, or null when the office is closed.</summary>
    public Interval? WorkingInterval(LocalDate date) =>
        ClosedReason(date) is not null
            ? null
            : new Interval(
                (date + WorkdayStart).InZoneLeniently(Zone).ToInstant(),
                (date + WorkdayEnd).InZoneLeniently(Zone).ToInstant());

    /// <summary>Working intervals overlapping <paramref name="range"/>, cut to it.</summary>
    public IEnumerable<Interval> WorkingIntervals(Interval range)
    {
        foreach (var date in LocalDatesCovering(range))
        {
            if (WorkingInterval(date) is { } work && Clip(work, range) is { } clipped)
            {
                yield return clipped;
            }
        }
    }

    /// <summary>Local days of this office that overlap the range (one either side, for zones far from UTC).</summary>
    public IEnumerable<LocalDate> LocalDatesCovering(Interval range)
    {
        var first = range.Start.InZone(Zone).Date;
        var last = range.End.InZone(Zone).Date;
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            yield return date;
        }
    }

    /// <summary>The whole local day as instants (23 or 25 hours on a daylight-saving change).</summary>
    public Interval Day(LocalDate date) => new(Zone.AtStartOfDay(date).ToInstant(), Zone.AtStartOfDay(date.PlusDays(1)).ToInstant());

    /// <summary>Null when the interval lies inside this office's working hours; otherwise why not.</summary>
    public string? OutsideWorkingHours(Instant start, Instant end) => OutsideWorkingHoursText(start, end)?.ToString();

    /// <summary><see cref="OutsideWorkingHours"/> as a sentence pages translate (the times are local wall-clock times).</summary>
    public LocalizedText? OutsideWorkingHoursText(Instant start, Instant end)
    {
        var localStart = start.InZone(Zone);
        var localEnd = end.InZone(Zone);
        if (ClosedText(localStart.Date) is { } closed)
        {
            return closed;
        }

        var work = WorkingInterval(localStart.Date)!.Value;
        if (start < work.Start || end > work.End)
        {
            var crossesMidnight = localEnd.Date > localStart.Date && localEnd.TimeOfDay != LocalTime.Midnight;
            return crossesMidnight
                ? new LocalizedText("runs past midnight ({0:HH:mm} {0:ddd d MMM} – {1:HH:mm} {1:ddd d MMM} local time)",
                    localStart.LocalDateTime.ToDateTimeUnspecified(), localEnd.LocalDateTime.ToDateTimeUnspecified())
                : new LocalizedText("{0:HH:mm}–{1:HH:mm} local time is outside working hours {2:HH:mm}–{3:HH:mm}",
                    localStart.TimeOfDay.ToTimeOnly(), localEnd.TimeOfDay.ToTimeOnly(), Office.WorkdayStart, Office.WorkdayEnd);
        }

        return null;
    }

    public static Interval? Clip(Interval interval, Interval range)
    {
        var start = Instant.Max(interval.Start, range.Start);
        var end = Instant.Min(interval.End, range.End);
        return start < end ? new Interval(start, end) : null;
    }
}

internal static class IsoDayOfWeekExtensions
{
    public static DayOfWeek ToDayOfWeek(this IsoDayOfWeek day) => day == IsoDayOfWeek.Sunday ? DayOfWeek.Sunday : (DayOfWeek)(int)day;
}
