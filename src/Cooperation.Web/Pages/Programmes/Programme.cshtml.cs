using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Pages.Programmes;

/// <summary>One programme: its sessions in the viewer's zone and every office's, the slot finder, scheduling and replies.</summary>
public sealed class ProgrammeModel(
    CooperationDb db, ProgrammeService programmes, SessionService sessions, SessionImport import, SlotSearch slots,
    ConflictFinder conflicts, CalendarFeeds feeds, WorkspaceAccess access, WorkspaceService workspaces, TimeProvider clock, IStringLocalizer<Ui> text)
    : WorkspacePageModel(access)
{
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }

    // Slot finder (GET, so a result can be bookmarked) and the values it hands to the session form.
    [BindProperty(SupportsGet = true)] public List<Guid> SlotOffices { get; set; } = [];
    [BindProperty(SupportsGet = true)] public int SlotMinutes { get; set; } = 60;
    [BindProperty(SupportsGet = true)] public DateOnly? SlotFrom { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? SlotTo { get; set; }
    [BindProperty(SupportsGet = true)] public int? SlotQuorum { get; set; }
    [BindProperty(SupportsGet = true)] public string? Start { get; set; }
    [BindProperty(SupportsGet = true)] public string? End { get; set; }
    [BindProperty(SupportsGet = true)] public string? Zone { get; set; }

    /// <summary>The offices a chosen slot suits: the session form ticks these alone (all of the programme's when empty).</summary>
    [BindProperty(SupportsGet = true)] public List<Guid> SessionOffices { get; set; } = [];

    /// <summary>Set after a session was edited on its own page, which returns here.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Changed { get; set; }

    public ProgrammeDto? Programme { get; private set; }
    public List<SessionDto> Sessions { get; private set; } = [];
    public Dictionary<Guid, Office> Offices { get; private set; } = [];
    public List<SessionWarning> Warnings { get; private set; } = [];
    public Dictionary<Guid, ParticipantReply> MyReplies { get; private set; } = [];
    public Dictionary<Guid, List<ParticipantDto>> Participants { get; private set; } = [];
    public List<MemberDto> Members { get; private set; } = [];
    public SlotSearchResult? SlotResult { get; private set; }
    public TimeDisplay Time { get; private set; } = null!;
    public string? FeedUrl { get; private set; }
    public bool CanManage => Access?.Role == WorkspaceRole.Coordinator && !Access.IsArchived;
    public bool CanReply => Access?.Role >= WorkspaceRole.Member && !Access.IsArchived;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        if (Changed is { } changed && Sessions.Any(x => x.Id == changed))
        {
            Notice = text["The session was changed."];
        }

        if (Request.Query.ContainsKey("findSlots"))
        {
            await RunAsync(async () => SlotResult = await slots.FindAsync(new SlotRequest(
                SlotOffices, SlotMinutes, SlotFrom ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), SlotTo ?? SlotFrom ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime),
                SlotQuorum, Time.Zone.Id), cancellationToken));
        }

        return Page();
    }

    public Task<IActionResult> OnPostScheduleAsync(
        string start, string end, string? timeZone, string? title, string? location, string? onlineLink, int? capacity, List<Guid> officeIds,
        RecurrenceFrequency? frequency, int? count, DateOnly? until, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, async () =>
        {
            var recurrence = frequency is { } f ? new RecurrenceInput(f, Count: count, Until: until) : null;
            var saved = await sessions.CreateAsync(WorkspaceId, ProgrammeId,
                new SessionInput(start, end, timeZone, title, location, onlineLink, capacity, officeIds, recurrence), await VisibleAsync(cancellationToken), cancellationToken);
            Notice = saved.Sessions.Count == 1 ? text["The session was scheduled."] : text["{0} sessions were scheduled.", saved.Sessions.Count];
        }, cancellationToken);

    public Task<IActionResult> OnPostReplyAsync(Guid sessionId, ParticipantReply reply, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Contribute, async () =>
        {
            var saved = await sessions.ReplyAsync(WorkspaceId, ProgrammeId, sessionId, User.UserId(), reply, await VisibleAsync(cancellationToken), cancellationToken);
            Notice = saved.Warnings.Count > 0 ? string.Join(" ", saved.Warnings.Select(w => w.Text is { } warning ? text.Text(warning) : w.Message)) : text["Your reply was saved."];
        }, cancellationToken);

    /// <summary>A coordinator adds a member to a session or records whether they attended.</summary>
    public Task<IActionResult> OnPostParticipantAsync(Guid sessionId, string userId, bool? attended, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, () => sessions.SetParticipantAsync(WorkspaceId, ProgrammeId, sessionId, userId, new ParticipantInput(Attended: attended), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostCancelAsync(Guid sessionId, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, () => sessions.CancelAsync(WorkspaceId, ProgrammeId, sessionId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(ProgrammeStatus status, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, async () =>
        {
            var p = await programmes.GetAsync(WorkspaceId, ProgrammeId, cancellationToken);
            await programmes.UpdateAsync(WorkspaceId, ProgrammeId,
                new ProgrammeInput(p.Title, p.Kind, p.Host.Id, p.Partners.Select(o => o.Id).ToList(), p.Description, [.. p.DocumentIds], status), cancellationToken);
        }, cancellationToken);

    public Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, async () =>
        {
            if (file is null || file.Length == 0)
            {
                throw ProblemException.Invalid("file", text["Choose an .ics file to import."]);
            }

            if (file.Length > CalendarReader.MaxBytes)
            {
                throw ProblemException.Invalid("file", $"A calendar file has at most {CalendarReader.MaxBytes / 1024} KB.");
            }

            using var reader = new StreamReader(file.OpenReadStream());
            var saved = await import.ImportAsync(WorkspaceId, ProgrammeId, await reader.ReadToEndAsync(cancellationToken), await VisibleAsync(cancellationToken), cancellationToken);
            Notice = text["{0} sessions were imported.", saved.Sessions.Count];
        }, cancellationToken);

    public Task<IActionResult> OnPostFeedAsync(bool revoke, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.ManageArchived, async () =>
        {
            if (revoke)
            {
                await feeds.RevokeAsync(User.UserId(), WorkspaceId, cancellationToken);
                Notice = text["The subscription address was revoked."];
            }
            else
            {
                FeedUrl = (await feeds.CreateWorkspaceAsync(WorkspaceId, User.UserId(), ProgrammeLinks.BaseUrl(HttpContext), cancellationToken)).Url;
            }
        }, cancellationToken);

    // The scheduling services give their refusals as translatable sentences.
    protected override string Describe(ProblemException problem) => text.Text(problem);

    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ProblemException problem)
        {
            Error = Describe(problem);
        }
    }

    /// <summary>The session form, filled with a slot: its times as wall-clock times in the host's zone, and its offices.</summary>
    public string UseSlotLink(Slot slot, string hostZone)
    {
        var zone = ZoneTimes.Find(hostZone) ?? NodaTime.DateTimeZone.Utc;
        string Local(DateTime utc) => utc.InZone(zone).LocalDateTime.ToString("uuuu-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        var query = QueryString.Create(new[] { ("Start", Local(slot.StartUtc)), ("End", Local(slot.EndUtc)), ("Zone", zone.Id) }
            .Concat(slot.Offices.Select(o => ("SessionOffices", o.Id.ToString())))
            .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2)));
        return query + "#schedule";
    }

    private Task<List<Guid>> VisibleAsync(CancellationToken cancellationToken) => WorkspaceAccess.ReadableWorkspaceIdsAsync(User, cancellationToken);

    protected override async Task<bool> LoadContentAsync(WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        try
        {
            Programme = await programmes.GetAsync(WorkspaceId, ProgrammeId, cancellationToken);
        }
        catch (ProblemException)
        {
            return false;
        }

        Sessions = await sessions.ListAsync(WorkspaceId, ProgrammeId, cancellationToken);
        var officeIds = Programme.Partners.Select(p => p.Id).Append(Programme.Host.Id).Concat(Sessions.SelectMany(s => s.OfficeIds)).Distinct().ToList();
        Offices = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var userId = User.UserId();
        var ids = Sessions.Select(s => s.Id).ToList();
        MyReplies = await db.SessionParticipants.AsNoTracking().Where(p => p.UserId == userId && ids.Contains(p.SessionId))
            .ToDictionaryAsync(p => p.SessionId, p => p.Reply, cancellationToken);
        Participants = (await db.SessionParticipants.AsNoTracking().Where(p => ids.Contains(p.SessionId))
                .Select(p => new { p.SessionId, Dto = new ParticipantDto(p.UserId, p.User!.DisplayName, p.User.Office != null ? p.User.Office.Name : null, p.Reply, p.RepliedAt, p.Attended) })
                .ToListAsync(cancellationToken))
            .GroupBy(p => p.SessionId).ToDictionary(g => g.Key, g => g.Select(p => p.Dto).OrderBy(p => p.DisplayName).ToList());
        if (access.Role == WorkspaceRole.Coordinator)
        {
            Members = await workspaces.MembersAsync(WorkspaceId, access, cancellationToken);
        }

        var tracked = await db.ProgrammeSessions.AsNoTracking().Include(s => s.Participants).Where(s => s.ProgrammeId == ProgrammeId).ToListAsync(cancellationToken);
        Warnings = await conflicts.FindAsync(tracked.Where(s => s.EndUtc > clock.GetUtcNow().UtcDateTime).ToList(), await VisibleAsync(cancellationToken), cancellationToken);
        Time = new TimeDisplay(await ViewerZone.ForUserAsync(db, userId, ViewerZone.FromBrowser(Request), cancellationToken), clock.GetUtcNow().UtcDateTime, CultureInfo.CurrentUICulture, text);
        if (SlotOffices.Count == 0)
        {
            SlotOffices = [.. officeIds.Where(id => Programme.Host.Id == id || Programme.Partners.Any(p => p.Id == id))];
        }

        return true;
    }
}
