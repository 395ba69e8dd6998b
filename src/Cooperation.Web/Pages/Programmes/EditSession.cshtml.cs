using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Pages.Programmes;

/// <summary>
/// Changes one session (coordinators): the same checks, conflict warnings, live notice and reminder times as scheduling
/// it (<see cref="SessionService.UpdateAsync"/>). A cancelled session cannot be changed.
/// </summary>
public sealed class EditSessionModel(CooperationDb db, ProgrammeService programmes, SessionService sessions, WorkspaceAccess access, IStringLocalizer<Ui> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid WorkspaceId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid ProgrammeId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid SessionId { get; set; }

    [BindProperty] public string Start { get; set; } = "";
    [BindProperty] public string End { get; set; } = "";
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public string? SessionTitle { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? OnlineLink { get; set; }
    [BindProperty] public int? Capacity { get; set; }
    [BindProperty] public List<Guid> OfficeIds { get; set; } = [];

    public ProgrammeDto? Programme { get; private set; }
    public ProgrammeSession? Session { get; private set; }
    public List<Office> Offices { get; private set; } = [];
    public string? Error { get; private set; }
    public bool CanEdit { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        var session = Session!;
        var zone = ZoneTimes.Find(session.TimeZone) ?? NodaTime.DateTimeZone.Utc;
        Start = Local(session.StartUtc, zone);
        End = Local(session.EndUtc, zone);
        TimeZone = session.TimeZone;
        SessionTitle = session.Title;
        Location = session.Location;
        OnlineLink = session.OnlineLink;
        Capacity = session.Capacity;
        OfficeIds = [.. session.OfficeIds];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await AuthorizeAsync(cancellationToken) is { } refused)
        {
            return refused;
        }

        try
        {
            var input = new SessionInput(Start, End, TimeZone, SessionTitle, Location, OnlineLink, Capacity, OfficeIds);
            await sessions.UpdateAsync(WorkspaceId, ProgrammeId, SessionId, input, await access.ReadableWorkspaceIdsAsync(User, cancellationToken), cancellationToken);
            return Redirect($"{SiteLinks.Programme(WorkspaceId, ProgrammeId)}?changed={SessionId}#sessions");
        }
        catch (ProblemException problem) when (problem.Status != StatusCodes.Status404NotFound)
        {
            Error = text.Text(problem);
            return Page();
        }
    }

    /// <summary>Null when the person may change this session; otherwise the answer (404 hides what they cannot read).</summary>
    private async Task<IActionResult?> AuthorizeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WorkspaceAuthorizationFilter.AuthorizeAsync(HttpContext, WorkspaceId, WorkspaceRequirement.Manage);
            CanEdit = true;
        }
        catch (ProblemException problem) when (problem.Status == StatusCodes.Status409Conflict)
        {
            // An archived workspace: the page says so, and nothing can be saved.
            Error = text.Text(problem);
        }
        catch (ProblemException problem)
        {
            return problem.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        }

        try
        {
            Programme = await programmes.GetAsync(WorkspaceId, ProgrammeId, cancellationToken);
            Session = await sessions.FindAsync(WorkspaceId, ProgrammeId, SessionId, cancellationToken);
        }
        catch (ProblemException)
        {
            return NotFound();
        }

        if (Session.Status == SessionStatus.Cancelled)
        {
            CanEdit = false;
            Error = text[SessionService.CancelledCannotChange];
        }

        var officeIds = Programme.Partners.Select(o => o.Id).Append(Programme.Host.Id).ToList();
        Offices = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id)).OrderBy(o => o.Name).ToListAsync(cancellationToken);
        if (!CanEdit && HttpMethods.IsPost(Request.Method))
        {
            return Page();
        }

        return null;
    }

    private static string Local(DateTime utc, NodaTime.DateTimeZone zone) =>
        utc.InZone(zone).LocalDateTime.ToString("uuuu-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
