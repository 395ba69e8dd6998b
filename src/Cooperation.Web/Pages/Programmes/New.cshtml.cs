using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Programmes;

public sealed class NewModel(ProgrammeService programmes, OfficeService offices) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid WorkspaceId { get; set; }
    [BindProperty] public string Title { get; set; } = "";
    [BindProperty] public ProgrammeKind Kind { get; set; }
    [BindProperty] public Guid HostOfficeId { get; set; }
    [BindProperty] public List<Guid> PartnerOfficeIds { get; set; } = [];
    [BindProperty] public string? Description { get; set; }

    public List<OfficeDto> Offices { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WorkspaceAuthorizationFilter.AuthorizeAsync(HttpContext, WorkspaceId, WorkspaceRequirement.Manage);
        }
        catch (ProblemException problem)
        {
            return problem.Status == StatusCodes.Status404NotFound ? NotFound() : Forbid();
        }

        Offices = await offices.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WorkspaceAuthorizationFilter.AuthorizeAsync(HttpContext, WorkspaceId, WorkspaceRequirement.Manage);
            var created = await programmes.CreateAsync(WorkspaceId, User.UserId(), new ProgrammeInput(Title, Kind, HostOfficeId, PartnerOfficeIds, Description), cancellationToken);
            return Redirect(SiteLinks.Programme(WorkspaceId, created.Id));
        }
        catch (ProblemException problem) when (problem.Status != StatusCodes.Status404NotFound)
        {
            Error = problem.Message;
        }
        catch (ProblemException)
        {
            return NotFound();
        }

        Offices = await offices.ListAsync(cancellationToken);
        return Page();
    }
}
