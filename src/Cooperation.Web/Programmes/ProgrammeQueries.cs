using System.Globalization;
using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>What to look for: any of kind, an office or country (name, "Kazakhstan", or code "KZ"), words of the title.</summary>
public sealed record ProgrammeQuery(ProgrammeKind? Kind = null, string? OfficeOrCountry = null, string? Text = null, int Take = 5);

public sealed record ScheduleMatch(
    Guid WorkspaceId, string WorkspaceName, Guid ProgrammeId, string ProgrammeTitle, ProgrammeKind Kind, Guid SessionId, string Title,
    DateTime StartUtc, DateTime EndUtc, string HostTimeZone, IReadOnlyList<string> Offices, string Link);

/// <summary>A question about the schedule answered in one sentence with a link, or a plain "none found".</summary>
public sealed record ScheduleAnswer(string Text, ScheduleMatch? Match, IReadOnlyList<ScheduleMatch> Others);

/// <summary>
/// Schedule questions for the assistant and the bot ("When is the next examiner exchange with Kazakhstan?"). Callers
/// pass the workspaces the asker may read (WorkspaceAccess.ReadableWorkspaceIdsAsync), so nothing else is ever used.
/// </summary>
public sealed class ProgrammeQueries(CooperationDb db, AgendaService agenda, TimeProvider clock)
{
    private static readonly (ProgrammeKind Kind, string[] Words)[] KindWords =
    [
        (ProgrammeKind.ExaminerExchange, ["examiner exchange", "examiners exchange", "exchange of examiners", "审查员交流"]),
        (ProgrammeKind.WorkingGroup, ["working group", "工作组"]),
        (ProgrammeKind.Training, ["training", "course", "培训"]),
        (ProgrammeKind.Seminar, ["seminar", "workshop", "研讨会"]),
        (ProgrammeKind.Conference, ["conference", "会议"]),
    ];

    /// <summary>Upcoming sessions (not cancelled) that match, soonest first.</summary>
    public async Task<List<ScheduleMatch>> NextSessionsAsync(IReadOnlyCollection<Guid> readableWorkspaceIds, ProgrammeQuery query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var items = await agenda.ItemsAsync(readableWorkspaceIds, null, now, now.AddYears(3), cancellationToken);
        var officeFilter = await OfficeIdsMatchingAsync(query.OfficeOrCountry, cancellationToken);
        var programmeOffices = await ProgrammeOfficesAsync(items.Select(i => i.ProgrammeId).Distinct().ToList(), cancellationToken);
        return items
            .Where(i => i.Session.Status == SessionStatus.Scheduled && i.ProgrammeStatus != ProgrammeStatus.Cancelled && i.Session.StartUtc > now)
            .Where(i => query.Kind is null || i.Kind == query.Kind)
            .Where(i => officeFilter is null || programmeOffices[i.ProgrammeId].Any(officeFilter.Contains))
            .Where(i => string.IsNullOrWhiteSpace(query.Text) || i.Title.Contains(query.Text.Trim(), StringComparison.OrdinalIgnoreCase))
            .Take(Math.Clamp(query.Take, 1, 50))
            .Select(i => new ScheduleMatch(i.WorkspaceId, i.WorkspaceName, i.ProgrammeId, i.ProgrammeTitle, i.Kind, i.Session.Id, i.Title,
                i.Session.StartUtc, i.Session.EndUtc, i.Session.TimeZone, i.Offices.Select(o => o.Name).ToList(), i.Link))
            .ToList();
    }

    /// <summary>
    /// Answers a question in plain words: picks out a programme kind and an office or country it names, and gives the
    /// next matching session in the asker's zone and the host's. <paramref name="baseUrl"/> makes the link absolute.
    /// </summary>
    public async Task<ScheduleAnswer> AnswerAsync(IReadOnlyCollection<Guid> readableWorkspaceIds, string question, DateTimeZone askerZone, Uri? baseUrl, CancellationToken cancellationToken)
    {
        var lower = question.ToLowerInvariant();
        var kind = KindWords.Where(k => k.Words.Any(w => lower.Contains(w, StringComparison.Ordinal))).Select(k => (ProgrammeKind?)k.Kind).FirstOrDefault();
        var place = await PlaceNamedAsync(question, cancellationToken);
        var matches = await NextSessionsAsync(readableWorkspaceIds, new ProgrammeQuery(kind, place), cancellationToken);
        var what = (kind is { } k ? Words(k) : "programme session") + (place is null ? "" : $" with {place}");
        if (matches.Count == 0)
        {
            return new ScheduleAnswer($"I found no upcoming {what} in the workspaces you can see.", null, []);
        }

        var next = matches[0] with { Link = baseUrl is null ? matches[0].Link : new Uri(baseUrl, matches[0].Link).ToString() };
        var host = ZoneTimes.Find(next.HostTimeZone) ?? DateTimeZone.Utc;
        var asker = next.StartUtc.InZone(askerZone);
        var hostTime = next.StartUtc.InZone(host);
        var text = $"The next {what} is \"{next.Title}\" on {asker.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} your time ({askerZone.Id})"
            + (host.Id == askerZone.Id ? "" : $", {hostTime.ToString("HH:mm", CultureInfo.InvariantCulture)} in {host.Id}")
            + $", in the workspace \"{next.WorkspaceName}\": {next.Link}";
        return new ScheduleAnswer(text, next, matches.Skip(1).ToList());
    }

    private static string Words(ProgrammeKind kind) => kind switch
    {
        ProgrammeKind.ExaminerExchange => "examiner exchange",
        ProgrammeKind.WorkingGroup => "working group meeting",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private async Task<string?> PlaceNamedAsync(string question, CancellationToken cancellationToken)
    {
        var offices = await db.Offices.AsNoTracking().Select(o => new { o.Name, o.CountryCode }).ToListAsync(cancellationToken);
        foreach (var office in offices)
        {
            if (question.Contains(office.Name, StringComparison.OrdinalIgnoreCase))
            {
                return office.Name;
            }

            var country = CountryName(office.CountryCode);
            if (country is not null && question.Contains(country, StringComparison.OrdinalIgnoreCase))
            {
                return country;
            }
        }

        return null;
    }

    /// <returns>Null when there is no filter; otherwise the offices named (possibly none).</returns>
    private async Task<HashSet<Guid>?> OfficeIdsMatchingAsync(string? officeOrCountry, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(officeOrCountry))
        {
            return null;
        }

        var wanted = officeOrCountry.Trim();
        var offices = await db.Offices.AsNoTracking().Select(o => new { o.Id, o.Name, o.CountryCode }).ToListAsync(cancellationToken);
        return offices.Where(o => o.Name.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(o.CountryCode, wanted, StringComparison.OrdinalIgnoreCase)
                || string.Equals(CountryName(o.CountryCode), wanted, StringComparison.OrdinalIgnoreCase))
            .Select(o => o.Id).ToHashSet();
    }

    private async Task<Dictionary<Guid, List<Guid>>> ProgrammeOfficesAsync(List<Guid> programmeIds, CancellationToken cancellationToken) =>
        (await db.Set<Programme>().AsNoTracking().Where(p => programmeIds.Contains(p.Id)).ToListAsync(cancellationToken))
            .ToDictionary(p => p.Id, p => p.OfficeIds.ToList());

    private static string? CountryName(string code)
    {
        try
        {
            return new RegionInfo(code).EnglishName;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
