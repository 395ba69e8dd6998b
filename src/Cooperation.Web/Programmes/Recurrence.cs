using Cooperation.Web.Infrastructure;
using NodaTime;

namespace Cooperation.Web.Programmes;

public enum RecurrenceFrequency
{
    Daily,
    Weekly,
}

/// <summary>Repeat a session every <see cref="Interval"/> days or weeks, ending after <see cref="Count"/> sessions or on <see cref="Until"/> (a date in the session's zone, inclusive).</summary>
public sealed record RecurrenceInput(RecurrenceFrequency Frequency, int? Interval = null, int? Count = null, DateOnly? Until = null, List<DayOfWeek>? Days = null);

/// <summary>
/// Expands a rule in the session's own zone: every occurrence keeps the wall-clock start time (10:00 in Berlin stays
/// 10:00 across the change to summer time) and the same length. A start skipped by a daylight-saving jump moves forward.
/// </summary>
public static class Recurrence
{
    public static List<(Instant Start, Instant End)> Expand(RecurrenceInput? rule, Instant start, Instant end, DateTimeZone zone, int maxOccurrences)
    {
        if (rule is null)
        {
            return [(start, end)];
        }

        if (!Enum.IsDefined(rule.Frequency))
        {
            throw ProblemException.Invalid("recurrence.frequency", "A recurrence is daily or weekly.");
        }

        if (rule.Count is null && rule.Until is null)
        {
            throw ProblemException.Invalid("recurrence", "A recurring session needs an end: give a count of sessions or an until date.");
        }

        if (rule.Count is not null && rule.Until is not null)
        {
            throw ProblemException.Invalid("recurrence", "Give either a count or an until date, not both.");
        }

        if (rule.Count is < 1)
        {
            throw ProblemException.Invalid("recurrence.count", "The count is at least 1.");
        }

        if (rule.Count > maxOccurrences)
        {
            throw ProblemException.Invalid("recurrence.count", $"A recurrence creates at most {maxOccurrences} sessions; {rule.Count} were asked for.");
        }

        var interval = rule.Interval ?? 1;
        if (interval is < 1 or > 52)
        {
            throw ProblemException.Invalid("recurrence.interval", "The interval is between 1 and 52.");
        }

        var first = start.InZone(zone);
        var length = end - start;
        var until = rule.Until is { } u ? LocalDate.FromDateOnly(u) : (LocalDate?)null;
        if (until < first.Date)
        {
            throw ProblemException.Invalid("recurrence.until", "The until date is before the first session.");
        }

        var days = rule.Frequency == RecurrenceFrequency.Weekly && rule.Days is { Count: > 0 }
            ? rule.Days.Distinct().ToHashSet()
            : null;
        if (days is not null && days.Any(d => !Enum.IsDefined(d)))
        {
            throw ProblemException.Invalid("recurrence.days", "Days are sunday to saturday.");
        }

        var dates = new List<LocalDate>();
        var limit = rule.Count ?? maxOccurrences + 1;
        foreach (var date in Dates(rule.Frequency, interval, days, first.Date))
        {
            if (dates.Count >= limit || (until is { } last && date > last))
            {
                break;
            }

            dates.Add(date);
        }

        if (dates.Count > maxOccurrences)
        {
            throw ProblemException.Invalid("recurrence.until", $"This rule creates more than {maxOccurrences} sessions, the most one recurrence may create. Choose an earlier until date or a count.");
        }

        return dates.Select(date =>
        {
            var occurrenceStart = (date + first.TimeOfDay).InZoneLeniently(zone).ToInstant();
            return (occurrenceStart, occurrenceStart + length);
        }).ToList();
    }

    private static IEnumerable<LocalDate> Dates(RecurrenceFrequency frequency, int interval, HashSet<DayOfWeek>? days, LocalDate first)
    {
        if (frequency == RecurrenceFrequency.Daily)
        {
            for (var date = first; ; date = date.PlusDays(interval))
            {
                yield return date;
            }
        }

        if (days is null)
        {
            for (var date = first; ; date = date.PlusWeeks(interval))
            {
                yield return date;
            }
        }

        // Weeks run Monday to Sunday; the first week is the one holding the first session.
        var weekStart = first.PlusDays(-((int)first.DayOfWeek - 1));
        for (var week = weekStart; ; week = week.PlusWeeks(interval))
        {
            for (var offset = 0; offset < 7; offset++)
            {
                var date = week.PlusDays(offset);
                if (date >= first && days.Contains(date.DayOfWeek.ToDayOfWeek()))
                {
                    yield return date;
                }
            }
        }
    }
}
