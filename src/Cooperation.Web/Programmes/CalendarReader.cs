using System.Globalization;
using System.Runtime.Serialization;
using System.Text.RegularExpressions;
using Cooperation.Web.Infrastructure;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using IcalCalendar = Ical.Net.Calendar;

namespace Cooperation.Web.Programmes;

/// <summary>An event read from an .ics file, with the line its VEVENT began on for messages.</summary>
public sealed record ImportedEvent(int Line, string? Uid, string Title, Instant Start, Instant End, string ZoneId, string? Location, string? Url, string? Description);

/// <summary>An all-day event (a holiday): the dates it covers.</summary>
public sealed record ImportedDay(int Line, string Title, IReadOnlyList<LocalDate> Dates);

/// <summary>
/// Reads .ics files people upload. Every line is checked first so that a mistake is reported with its line number;
/// the events are then read with Ical.Net. Any mistake refuses the whole file.
/// </summary>
public static partial class CalendarReader
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxEvents = 500;

    public static List<ImportedEvent> ReadSessions(string text) => ReadEach(text, (info, calendarEvent) =>
    {
        if (info.DateOnly)
        {
            return Refused<ImportedEvent>(info.StartLine ?? info.Line, "this is an all-day event; a session needs a start and end time.");
        }

        var start = ToInstant(calendarEvent.DtStart);
        var end = calendarEvent.DtEnd is not null ? ToInstant(calendarEvent.DtEnd)
            : calendarEvent.Duration is { } duration && start is { } s ? s.Plus(NodaTime.Duration.FromTimeSpan(duration.ToTimeSpanUnspecified())) : null;
        if (start is null)
        {
            return Refused<ImportedEvent>(info.StartLine ?? info.Line, "DTSTART has no time zone: add a TZID or write the time in UTC with a final Z.");
        }

        if (end is null)
        {
            return Refused<ImportedEvent>(info.EndLine ?? info.Line, info.EndLine is null ? "the event has neither DTEND nor DURATION." : "DTEND has no time zone: add a TZID or write the time in UTC with a final Z.");
        }

        if (end <= start)
        {
            return Refused<ImportedEvent>(info.EndLine ?? info.Line, "the event ends before it starts.");
        }

        var title = calendarEvent.Summary?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            return Refused<ImportedEvent>(info.Line, "the event has no SUMMARY (title).");
        }

        return Read(new ImportedEvent(info.Line, calendarEvent.Uid, title, start.Value, end.Value,
            calendarEvent.DtStart!.TzId is { } tz && !calendarEvent.DtStart.IsUtc ? tz : "UTC",
            calendarEvent.Location, calendarEvent.Url?.ToString(), calendarEvent.Description));
    });

    public static List<ImportedDay> ReadDays(string text) => ReadEach(text, (info, calendarEvent) =>
    {
        if (calendarEvent.DtStart is not { } start)
        {
            return Refused<ImportedDay>(info.Line, "the event has no DTSTART.");
        }

        var first = LocalDate.FromDateOnly(start.Date);
        var afterLast = calendarEvent.DtEnd is { } end ? LocalDate.FromDateOnly(end.Date) : first.PlusDays(1);
        if (calendarEvent.DtEnd is { HasTime: true } timedEnd && timedEnd.Time != TimeOnly.MinValue)
        {
            afterLast = LocalDate.FromDateOnly(timedEnd.Date).PlusDays(1);
        }

        if (afterLast <= first)
        {
            return Refused<ImportedDay>(info.EndLine ?? info.Line, "the event ends before it starts.");
        }

        if (NodaTime.Period.DaysBetween(first, afterLast) > 366)
        {
            return Refused<ImportedDay>(info.Line, "a holiday lasts at most 366 days.");
        }

        var dates = new List<LocalDate>();
        for (var date = first; date < afterLast; date = date.PlusDays(1))
        {
            dates.Add(date);
        }

        var title = string.IsNullOrWhiteSpace(calendarEvent.Summary) ? "Holiday" : calendarEvent.Summary.Trim();
        return Read(new ImportedDay(info.Line, title.Length > OfficeHoliday.NameMaxLength ? title[..OfficeHoliday.NameMaxLength] : title, dates));
    });

    /// <summary>One event read, or why it cannot be, with the line to point at.</summary>
    private readonly record struct EventOutcome<T>(T? Value, int Line, string? Problem) where T : class;

    private static EventOutcome<T> Read<T>(T value) where T : class => new(value, 0, null);

    private static EventOutcome<T> Refused<T>(int line, string problem) where T : class => new(null, line, problem);

    /// <summary>
    /// Reads every event of the file with <paramref name="read"/>. Every event's mistakes are reported at once, by line,
    /// so a file is fixed in one go; a file with no event at all is refused too.
    /// </summary>
    private static List<T> ReadEach<T>(string text, Func<EventLines, CalendarEvent, EventOutcome<T>> read) where T : class
    {
        var scan = Scan(text);
        var events = Matched(Load(text), scan);
        var problems = new List<(int Line, string Message)>();
        var result = new List<T>();
        for (var i = 0; i < events.Count; i++)
        {
            var outcome = read(scan.Events[i], events[i]);
            if (outcome.Problem is { } problem)
            {
                problems.Add((outcome.Line, problem));
            }
            else
            {
                result.Add(outcome.Value!);
            }
        }

        ThrowIfAny(problems);
        return result.Count == 0
            ? throw ProblemException.Invalid("file", "The file holds no events (VEVENT) to import.")
            : result;
    }

    private sealed record EventLines(int Line, int? StartLine, int? EndLine, bool DateOnly);

    private sealed record ScanResult(List<EventLines> Events);

    /// <summary>Checks every content line and the BEGIN/END nesting; reports the first mistakes by line number.</summary>
    private static ScanResult Scan(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ProblemException.Invalid("file", "The file is empty.");
        }

        var problems = new List<(int Line, string Message)>();
        var stack = new Stack<(string Name, int Line)>();
        var events = new List<EventLines>();
        (int Line, int? Start, int? End, bool DateOnly)? current = null;
        var sawCalendar = false;

        foreach (var (number, line) in Unfold(text))
        {
            var match = ContentLine().Match(line);
            if (!match.Success)
            {
                problems.Add((number, $"'{Shorten(line)}' is not an iCalendar line (NAME:value or NAME;PARAMETER=value:value)."));
                continue;
            }

            var name = match.Groups["name"].Value.ToUpperInvariant();
            var value = match.Groups["value"].Value;
            var parameters = match.Groups["params"].Value.ToUpperInvariant();
            switch (name)
            {
                case "BEGIN":
                    var component = value.Trim().ToUpperInvariant();
                    if (stack.Count == 0 && component != "VCALENDAR")
                    {
                        problems.Add((number, $"the file must start with BEGIN:VCALENDAR, not BEGIN:{value}."));
                    }

                    sawCalendar |= component == "VCALENDAR";
                    if (component == "VEVENT" && stack.Count == 1)
                    {
                        current = (number, null, null, false);
                    }

                    stack.Push((component, number));
                    break;
                case "END":
                    var ending = value.Trim().ToUpperInvariant();
                    if (stack.Count == 0 || stack.Peek().Name != ending)
                    {
                        problems.Add((number, stack.Count == 0 ? $"END:{value} without a matching BEGIN." : $"END:{value} where END:{stack.Peek().Name} (opened on line {stack.Peek().Line}) was expected."));
                        break;
                    }

                    stack.Pop();
                    if (ending == "VEVENT" && current is { } done && stack.Count == 1)
                    {
                        events.Add(new EventLines(done.Line, done.Start, done.End, done.DateOnly));
                        current = null;
                    }

                    break;
                case "DTSTART" or "DTEND" when current is not null && stack.Peek().Name == "VEVENT":
                    var isDate = parameters.Contains("VALUE=DATE", StringComparison.Ordinal) && !parameters.Contains("VALUE=DATE-TIME", StringComparison.Ordinal);
                    if (!(isDate ? DateValue() : DateTimeValue()).IsMatch(value.Trim()))
                    {
                        problems.Add((number, $"{name} '{Shorten(value)}' is not {(isDate ? "a date like 20270101" : "a date and time like 20270301T100000 or 20270301T080000Z")}."));
                    }
                    else if (!isDate && !DateTimeParses(value.Trim()))
                    {
                        problems.Add((number, $"{name} '{value}' is not a real date and time."));
                    }

                    if (TzidParameter().Match(match.Groups["params"].Value) is { Success: true } tzid && ZoneTimes.Find(tzid.Groups["zone"].Value.Trim('"')) is null)
                    {
                        problems.Add((number, $"TZID '{tzid.Groups["zone"].Value}' is not an IANA time zone (for example Europe/Berlin)."));
                    }

                    current = name == "DTSTART"
                        ? current.Value with { Start = number, DateOnly = isDate }
                        : current.Value with { End = number };
                    break;
                case "RRULE" or "RDATE" when current is not null && stack.Peek().Name == "VEVENT":
                    problems.Add((number, "repeating events cannot be imported; export the single occurrences instead."));
                    break;
            }

            if (problems.Count >= 10)
            {
                break;
            }
        }

        if (problems.Count == 0 && stack.Count > 0)
        {
            problems.Add((stack.Peek().Line, $"BEGIN:{stack.Peek().Name} is never closed with END:{stack.Peek().Name}."));
        }

        if (problems.Count == 0 && !sawCalendar)
        {
            problems.Add((1, "the file has no BEGIN:VCALENDAR."));
        }

        if (problems.Count == 0 && events.Count > MaxEvents)
        {
            problems.Add((events[MaxEvents].Line, $"at most {MaxEvents} events can be imported at once."));
        }

        ThrowIfAny(problems);
        return new ScanResult(events);
    }

    private static IcalCalendar Load(string text)
    {
        try
        {
            return IcalCalendar.Load(text) ?? throw ProblemException.Invalid("file", "The file holds no calendar.");
        }
        catch (Exception exception) when (exception is SerializationException or FormatException or ArgumentException)
        {
            throw ProblemException.Invalid("file", $"The calendar could not be read: {exception.Message}");
        }
    }

    private static List<CalendarEvent> Matched(IcalCalendar calendar, ScanResult scan)
    {
        var events = calendar.Events.ToList();
        return events.Count == scan.Events.Count
            ? events
            : throw ProblemException.Invalid("file", $"The file holds {scan.Events.Count} events but only {events.Count} could be read; check for repeated UIDs.");
    }

    private static Instant? ToInstant(CalDateTime? value)
    {
        if (value is null || !value.HasTime)
        {
            return null;
        }

        var local = LocalDateTime.FromDateTime(value.Value);
        if (value.IsUtc)
        {
            return local.InUtc().ToInstant();
        }

        return value.TzId is { } tz && ZoneTimes.Find(tz) is { } zone ? local.InZoneLeniently(zone).ToInstant() : null;
    }

    /// <summary>Joins folded lines (RFC 5545: a line starting with a space or tab continues the previous one).</summary>
    private static IEnumerable<(int Number, string Line)> Unfold(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        (int Number, string Line)? pending = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > 0 && (line[0] == ' ' || line[0] == '\t') && pending is { } open)
            {
                pending = (open.Number, open.Line + line[1..]);
                continue;
            }

            if (pending is { } complete)
            {
                yield return complete;
            }

            pending = line.Length == 0 ? null : (i + 1, line);
        }

        if (pending is { } last)
        {
            yield return last;
        }
    }

    private static bool DateTimeParses(string value) =>
        DateTime.TryParseExact(value.TrimEnd('Z'), "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static void ThrowIfAny(List<(int Line, string Message)> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var errors = problems.OrderBy(p => p.Line).GroupBy(p => $"line {p.Line}").ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        var first = problems.OrderBy(p => p.Line).First();
        throw new ProblemException(StatusCodes.Status400BadRequest, "The calendar file is not valid",
            $"Line {first.Line}: {first.Message}" + (problems.Count > 1 ? $" ({problems.Count - 1} more problem(s) listed in errors.)" : "") + " Nothing was imported.",
            errors);
    }

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

    // RFC 5545 section 3.1: name *(";" param) ":" value.
    [GeneratedRegex("""^(?<name>[A-Za-z0-9-]+)(?<params>(;[A-Za-z0-9-]+=("[^"\x00-\x08\x0A-\x1F\x7F]*"|[^";:,\x00-\x08\x0A-\x1F\x7F]*)(,("[^"\x00-\x08\x0A-\x1F\x7F]*"|[^";:,\x00-\x08\x0A-\x1F\x7F]*))*)*):(?<value>[^\x00-\x08\x0A-\x1F\x7F]*)$""")]
    private static partial Regex ContentLine();

    [GeneratedRegex("""(?i)(^|;)TZID=(?<zone>"[^"]*"|[^;:]*)""")]
    private static partial Regex TzidParameter();

    [GeneratedRegex(@"^\d{8}T\d{6}Z?$")]
    private static partial Regex DateTimeValue();

    [GeneratedRegex(@"^\d{8}$")]
    private static partial Regex DateValue();
}
