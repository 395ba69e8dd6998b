using System.Security.Claims;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cooperation.Web.Workspaces;

public sealed record RoleInput(WorkspaceRole Role);

public static class WorkspacesApi
{
    public static IEndpointRouteBuilder MapWorkspacesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/workspaces").WithTags("Workspaces");

        api.MapGet("/", async (bool? includeArchived, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.ListAsync(user.UserId(), user.IsAdministrator(), includeArchived ?? false, ct)))
            .WithSummary("Lists the workspaces you can read: yours and the public ones.");

        api.MapPost("/", async Task<Created<WorkspaceSummary>> (WorkspaceInput input, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken ct) =>
            {
                var created = await workspaces.CreateAsync(user.UserId(), input, ct);
                return TypedResults.Created($"/api/workspaces/{created.Id}", created);
            })
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Creates a workspace; you become its coordinator.");

        var one = api.MapGroup("/{workspaceId:guid}").RequireWorkspace(WorkspaceRequirement.Read);

        one.MapGet("/", async (Guid workspaceId, HttpContext http, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.GetAsync(workspaceId, http.WorkspaceAccess(), ct)));

        one.MapPatch("/", async (Guid workspaceId, WorkspaceUpdate update, HttpContext http, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.UpdateAsync(workspaceId, http.User.UserId(), update, http.WorkspaceAccess(), ct)))
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Renames or describes the workspace, or makes it public or private.");

        one.MapPost("/archive", async (Guid workspaceId, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken ct) =>
            {
                await workspaces.SetArchivedAsync(workspaceId, user.UserId(), true, ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.ManageArchived);

        one.MapPost("/unarchive", async (Guid workspaceId, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken ct) =>
            {
                await workspaces.SetArchivedAsync(workspaceId, user.UserId(), false, ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.ManageArchived);

        one.MapGet("/members", async (Guid workspaceId, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.MembersAsync(workspaceId, ct)));

        one.MapPut("/members/{userId}", async (Guid workspaceId, string userId, RoleInput input, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken ct) =>
            {
                await workspaces.SetRoleAsync(workspaceId, user.UserId(), userId, input.Role, ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Adds a person with an account, or changes a member's role.");

        one.MapDelete("/members/{userId}", async (Guid workspaceId, string userId, HttpContext http, WorkspaceService workspaces, CancellationToken ct) =>
            {
                // Anyone may leave; removing someone else takes a coordinator.
                if (userId != http.User.UserId())
                {
                    await WorkspaceAuthorizationFilter.AuthorizeAsync(http, workspaceId, WorkspaceRequirement.Manage);
                }

                await workspaces.RemoveMemberAsync(workspaceId, http.User.UserId(), userId, ct);
                return TypedResults.NoContent();
            })
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        one.MapGet("/invitations", async (Guid workspaceId, InvitationService invitations, CancellationToken ct) =>
                TypedResults.Ok(await invitations.ListAsync(workspaceId, ct)))
            .RequireWorkspace(WorkspaceRequirement.Manage);

        one.MapPost("/invitations", async (Guid workspaceId, InvitationInput input, ClaimsPrincipal user, InvitationService invitations, CancellationToken ct) =>
            {
                var result = await invitations.InviteAsync(workspaceId, user.UserId(), input, ct);
                return TypedResults.Ok(result);
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Invites a person by email. Returns a one-time link to give them, or adds an existing account at once.");

        one.MapDelete("/invitations/{invitationId:guid}", async Task<Results<NoContent, NotFound>> (Guid workspaceId, Guid invitationId, ClaimsPrincipal user, InvitationService invitations, CancellationToken ct) =>
                await invitations.RevokeAsync(workspaceId, user.UserId(), invitationId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequireWorkspace(WorkspaceRequirement.Manage);

        one.MapGet("/audit", async (Guid workspaceId, int? take, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.AuditAsync(workspaceId, take ?? 100, ct)))
            .RequireWorkspace(WorkspaceRequirement.ManageArchived)
            .WithSummary("Membership and role changes, newest first (coordinators).");

        // Anyone may call these, so the invitation limit makes guessing tokens pointless.
        var invitationsApi = endpoints.MapGroup("/api/invitations").WithTags("Invitations").AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Invitations);
        invitationsApi.MapGet("/{token}", async (string token, InvitationService invitations, CancellationToken ct) =>
                TypedResults.Ok(await invitations.PreviewAsync(token, ct)))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSecretRouteValues("token");
        invitationsApi.MapPost("/accept", async (AcceptInvitationInput input, InvitationService invitations, CancellationToken ct) =>
            {
                var user = await invitations.AcceptAsync(input, ct);
                return TypedResults.Ok(new { user.Id, user.Email, user.DisplayName });
            })
            .WithSummary("Sets the invitee's name and password; the link cannot be used again.");

        return endpoints;
    }

    public static IServiceCollection AddWorkspaces(this IServiceCollection services) =>
        services.AddScoped<WorkspaceAccess>()
            .AddScoped<WorkspaceService>()
            .AddScoped<InvitationService>()
            .AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, WorkspaceAuthorizationHandler>();
}
