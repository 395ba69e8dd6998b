using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;

namespace Cooperation.Web.Programmes;

/// <summary>The programmes part of the workspace page (Pages/Workspaces/_Programmes.cshtml).</summary>
public sealed class ProgrammeListViewComponent(ProgrammeService programmes) : ViewComponent
{
    public sealed record Model(Guid WorkspaceId, bool CanManage, List<ProgrammeDto> Programmes);

    public async Task<IViewComponentResult> InvokeAsync(Guid workspaceId, WorkspaceAccessInfo access)
    {
        var list = await programmes.ListAsync(workspaceId, HttpContext.RequestAborted);
        return View("~/Pages/Workspaces/_Programmes.cshtml", new Model(workspaceId, access.Role == WorkspaceRole.Coordinator && !access.IsArchived, list));
    }
}
