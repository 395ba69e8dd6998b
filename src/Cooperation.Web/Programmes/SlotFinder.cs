using NodaTime;

namespace Cooperation.Web.Programmes;

public sealed record SlotOffice(Guid Id, string Name, string TimeZone, DateTime LocalStart, DateTime LocalEnd);

/// <summary>A time that suits <see cref="Offices"/>: suggested start and end, inside a window during which all of them work.</summary>
public sealed record Slot(DateTime StartUtc, DateTime EndUtc, DateTime WindowStartUtc, DateTime WindowEndUtc, IReadOnlyList<SlotOffice> Offices, IReadOnlyList<string> MissingOffices);

/// <summary>Hours in which one office cannot meet, and why.</summary>
public sealed record SlotBlock(Guid OfficeId, string OfficeName, DateTime FromUtc, DateTime ToUtc, string Reason);

public sealed record SlotSearchResult(IReadOnlyList<Slot> Slots, string? Explanation, IReadOnlyList<SlotBlock> Blocks);

/// <summary>
/// Finds times when at least <c>quorum</c> of the chosen offices are all inside their working hours. Works on instants:
/// each office's working intervals are swept together, so zones with odd offsets (+05:45) or daylight-saving
/// changes need no special cases.
/// </summary>
public static class SlotFinder
{
    private static readonly Duration Alignment = Duration.FromMinutes(15);

    public static SlotSearchResult Find(IReadOnlyList<OfficeCalendar> offices, Interval range, Duration duration, int quorum, int maxSlots)
    {
        var working = offices.Select((o, i) => (Index: i, Intervals: o.WorkingIntervals(range).ToList())).ToList();
        var boundaries = working.SelectMany(w => w.Intervals.SelectMany(i => new[] { i.Start, i.End }))
            .Append(range.Start).Append(range.End).Distinct().Order().ToList();

        // Segments between consecutive boundaries, each with the set of offices at work throughout it.
        var segments = new List<(Interval Span, HashSet<int> Present)>();
        for (var k = 0; k + 1 < boundaries.Count; k++)
        {
            var span = new Interval(boundaries[k], boundaries[k + 1]);
            var present = working.Where(w => w.Intervals.Any(i => i.Start <= span.Start && i.End >= span.End)).Select(w => w.Index).ToHashSet();
            segments.Add((span, present));
        }

        // For the group at work in each segment, the longest run of neighbouring segments in which all of it stays
        // at work (others may come and go): the window in which exactly that group can meet.
        var windows = new List<(Interval Window, HashSet<int> Offices)>();
        for (var k = 0; k < segments.Count; k++)
        {
            var group = segments[k].Present;
            if (group.Count < quorum || group.Count == 0)
            {
                continue;
            }

            var first = k;
            while (first > 0 && group.IsSubsetOf(segments[first - 1].Present))
            {
                first--;
            }

            var last = k;
            while (last + 1 < segments.Count && group.IsSubsetOf(segments[last + 1].Present))
            {
                last++;
            }

            windows.Add((new Interval(segments[first].Span.Start, segments[last].Span.End), group));
        }

        // Neighbouring segments with the same group give the same window: keep one.
        var slots = windows
            .Where(w => w.Window.Duration >= duration)
            .Select(w => ToSlot(offices, w.Window, w.Offices, duration))
            .DistinctBy(s => (s.StartUtc, string.Join(',', s.Offices.Select(o => o.Id))))
            .OrderByDescending(s => s.Offices.Count)
            .ThenBy(s => s.StartUtc)
            .Take(maxSlots)
            .ToList();

        return slots.Count > 0
            ? new SlotSearchResult(slots, null, [])
            : new SlotSearchResult([], Explain(offices, working.Select(w => w.Intervals).ToList(), range, duration, quorum), Blocks(offices, range));
    }

    private static Slot ToSlot(IReadOnlyList<OfficeCalendar> offices, Interval window, HashSet<int> present, Duration duration)
    {
        var start = AlignUp(window.Start);
        if (start + duration > window.End)
        {
            start = window.Start;
        }

        var end = start + duration;
        var attending = present.Order().Select(i => offices[i]).Select(o => new SlotOffice(
            o.Office.Id, o.Office.Name, o.Zone.Id,
            start.InZone(o.Zone).LocalDateTime.ToDateTimeUnspecified(),
            end.InZone(o.Zone).LocalDateTime.ToDateTimeUnspecified())).ToList();
        var missing = offices.Where((_, i) => !present.Contains(i)).Select(o => o.Office.Name).ToList();
        return new Slot(start.ToDateTimeUtc(), end.ToDateTimeUtc(), window.Start.ToDateTimeUtc(), window.End.ToDateTimeUtc(), attending, missing);
    }

    private static Instant AlignUp(Instant instant)
    {
        var ticks = instant.ToUnixTimeTicks();
        var step = Alignment.BclCompatibleTicks;
        var remainder = ((ticks % step) + step) % step;
        return remainder == 0 ? instant : Instant.FromUnixTimeTicks(ticks - remainder + step);
    }

    private static string Explain(IReadOnlyList<OfficeCalendar> offices, List<List<Interval>> working, Interval range, Duration duration, int quorum)
    {
        var minutes = (int)duration.TotalMinutes;
        var closedThroughout = offices.Where((_, i) => working[i].Count == 0).Select(o => o.Office.Name).ToList();
        var text = $"No {minutes}-minute time between {range.Start:uuuu-MM-dd HH:mm} and {range.End:uuuu-MM-dd HH:mm} UTC in which at least {quorum} of the {offices.Count} offices are all at work.";
        if (closedThroughout.Count > 0)
        {
            text += $" Not at work at all in that range: {string.Join(", ", closedThroughout)}.";
        }

        // Name the pairs whose working hours never meet, the usual cause across distant zones.
        var apart = new List<string>();
        for (var a = 0; a < offices.Count; a++)
        {
            for (var b = a + 1; b < offices.Count; b++)
            {
                var longest = working[a].SelectMany(x => working[b].Select(y => OfficeCalendar.Clip(x, y))).Where(i => i is not null)
                    .Select(i => i!.Value.Duration).DefaultIfEmpty(Duration.Zero).Max();
                if (longest < duration && working[a].Count > 0 && working[b].Count > 0)
                {
                    apart.Add(longest == Duration.Zero
                        ? $"{offices[a].Office.Name} and {offices[b].Office.Name} never work at the same time"
                        : $"{offices[a].Office.Name} and {offices[b].Office.Name} share at most {(int)longest.TotalMinutes} minutes");
                }
            }
        }

        if (apart.Count > 0)
        {
            text += " " + string.Join("; ", apart) + ".";
        }

        return text + " The blocked hours of each office are listed below.";
    }

    /// <summary>For each office, the parts of the range it is not at work, merged, with the reason.</summary>
    public static List<SlotBlock> Blocks(IReadOnlyList<OfficeCalendar> offices, Interval range)
    {
        var blocks = new List<SlotBlock>();
        foreach (var office in offices)
        {
            var pieces = new List<(Interval Span, string Reason)>();
            foreach (var date in office.LocalDatesCovering(range))
            {
                if (OfficeCalendar.Clip(office.Day(date), range) is not { } day)
                {
                    continue;
                }

                var closed = office.ClosedReason(date);
                if (closed is not null)
                {
                    pieces.Add((day, closed));
                    continue;
                }

                var reason = $"outside working hours {office.WorkdayStart:HH:mm}–{office.WorkdayEnd:HH:mm} {office.Zone.Id}";
                var work = office.WorkingInterval(date)!.Value;
                if (day.Start < work.Start)
                {
                    pieces.Add((new Interval(day.Start, Instant.Min(work.Start, day.End)), reason));
                }

                if (work.End < day.End)
                {
                    pieces.Add((new Interval(Instant.Max(work.End, day.Start), day.End), reason));
                }
            }

            foreach (var piece in Merge(pieces.Where(p => p.Span.Start < p.Span.End).OrderBy(p => p.Span.Start)))
            {
                blocks.Add(new SlotBlock(office.Office.Id, office.Office.Name, piece.Span.Start.ToDateTimeUtc(), piece.Span.End.ToDateTimeUtc(), piece.Reason));
            }
        }

        return blocks;
    }

    private static IEnumerable<(Interval Span, string Reason)> Merge(IEnumerable<(Interval Span, string Reason)> pieces)
    {
        (Interval Span, string Reason)? current = null;
        foreach (var piece in pieces)
        {
            if (current is { } c && c.Reason == piece.Reason && c.Span.End >= piece.Span.Start)
            {
                current = (new Interval(c.Span.Start, Instant.Max(c.Span.End, piece.Span.End)), c.Reason);
                continue;
            }

            if (current is not null)
            {
                yield return current.Value;
            }

            current = piece;
        }

        if (current is not null)
        {
            yield return current.Value;
        }
    }
}
