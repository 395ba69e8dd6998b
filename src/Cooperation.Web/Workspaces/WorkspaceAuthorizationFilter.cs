using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;

namespace Cooperation.Web.Workspaces;

/// <summary>
/// Checks the route's {workspaceId} against a <see cref="WorkspaceRequirement"/> before the endpoint runs.
/// People who cannot read the workspace get 404, so its existence is not revealed. Declared on a group, the requirement
/// holds for every endpoint in it; an endpoint may add a stricter one of its own, never a looser one (the strictest
/// declared is checked, once per request), so no endpoint under a workspace group is left unchecked.
/// </summary>
public static class WorkspaceAuthorizationFilter
{
    private const string AccessKey = "workspace-access";

    public static TBuilder RequireWorkspace<TBuilder>(this TBuilder builder, WorkspaceRequirement requirement)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(requirement).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Items[AccessKey] is null)
            {
                if (!Guid.TryParse(http.Request.RouteValues["workspaceId"]?.ToString(), out var workspaceId))
                {
                    throw ProblemException.NotFound("Workspace");
                }

                await AuthorizeAsync(http, workspaceId, Strictest(http.GetEndpoint()?.Metadata.GetOrderedMetadata<WorkspaceRequirement>() ?? [requirement]));
            }

            return await next(context);
        });

    /// <summary>The highest role any of them asks for, refused on an archived workspace when any of them writes.</summary>
    internal static WorkspaceRequirement Strictest(IReadOnlyCollection<WorkspaceRequirement> requirements) =>
        new(requirements.Max(r => r.Minimum), requirements.Any(r => r.Writes));

    /// <summary>Throws a 404/403/409 problem unless the signed-in person meets the requirement.</summary>
    public static async Task<WorkspaceAccessInfo> AuthorizeAsync(HttpContext http, Guid workspaceId, WorkspaceRequirement requirement)
    {
        var access = await http.RequestServices.GetRequiredService<WorkspaceAccess>().GetAsync(http.User, workspaceId, http.RequestAborted);
        if (!access.CanRead)
        {
            throw ProblemException.NotFound("Workspace");
        }

        var result = await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, access, requirement);
        if (!result.Succeeded)
        {
            throw access.Role >= requirement.Minimum
                ? ProblemException.Conflict("This workspace is archived and read-only. A coordinator can unarchive it.")
                : ProblemException.Forbidden(requirement.Minimum switch
                {
                    WorkspaceRole.Coordinator => "Only the workspace's coordinators can do this.",
                    _ => "Observers can read this workspace but not change it. Ask a coordinator for the member role.",
                });
        }

        http.Items[AccessKey] = access;
        return access;
    }

    /// <summary>The access computed by the filter for this request.</summary>
    public static WorkspaceAccessInfo WorkspaceAccess(this HttpContext http) =>
        http.Items[AccessKey] as WorkspaceAccessInfo ?? throw new InvalidOperationException("The endpoint has no RequireWorkspace filter.");
}
