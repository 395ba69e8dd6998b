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
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Creates a workspace; you become its coordinator. Only administrators may create it public (403 otherwise).");

        var one = api.MapGroup("/{workspaceId:guid}").RequireWorkspace(WorkspaceRequirement.Read);

        one.MapGet("/", async (Guid workspaceId, HttpContext http, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.GetAsync(workspaceId, http.WorkspaceAccess(), ct)));

        one.MapPatch("/", async (Guid workspaceId, WorkspaceUpdate update, HttpContext http, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.UpdateAsync(workspaceId, http.User.UserId(), update, http.WorkspaceAccess(), ct)))
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Renames or describes the workspace, or makes it private; making it public is for administrators (403 otherwise, and nothing changes).");

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

        one.MapGet("/members", async (Guid workspaceId, HttpContext http, WorkspaceService workspaces, CancellationToken ct) =>
                TypedResults.Ok(await workspaces.MembersAsync(workspaceId, http.WorkspaceAccess(), ct)))
            .WithSummary("The members with their roles (members and administrators; readers of a public workspace get 403).");

        one.MapPut("/members/{userId}", async (Guid workspaceId, string userId, RoleInput input, ClaimsPrincipal user, WorkspaceService workspaces, CancellationToken ct) =>
            {
                await workspaces.SetRoleAsync(workspaceId, user.UserId(), userId, input.Role, ct);
                return TypedResults.NoContent();
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Changes a member's role. People are added by invitation only.");

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
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("The workspace's invitations, newest first, each with its status: pending, accepted, declined, revoked or expired.");

        one.MapPost("/invitations", async (Guid workspaceId, InvitationInput input, ClaimsPrincipal user, InvitationService invitations, CancellationToken ct) =>
            {
                var result = await invitations.InviteAsync(workspaceId, user.UserId(), input, ct);
                return TypedResults.Ok(result);
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Invites a person by email. Returns a one-time link to give them; the answer is the same whether or not the email has an account (one who has finds the invitation after signing in).");

        one.MapDelete("/invitations/{invitationId:guid}", async Task<Results<NoContent, NotFound>> (Guid workspaceId, Guid invitationId, ClaimsPrincipal user, InvitationService invitations, CancellationToken ct) =>
                await invitations.RevokeAsync(workspaceId, user.UserId(), invitationId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Withdraws an invitation that has not been answered (409 once it was accepted or declined).");

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
            .WithSummary("Sets the invitee's name and password; the link cannot be used again. An email that already has an account accepts on the site instead.");

        // Invitations addressed to the signed-in person's email.
        var received = endpoints.MapGroup("/api/invitations/received").WithTags("Invitations");
        received.MapGet("/", async (ClaimsPrincipal user, InvitationService invitations, CancellationToken ct) =>
                TypedResults.Ok(await invitations.ReceivedAsync(user.UserId(), ct)))
            .WithSummary("Invitations to workspaces waiting for your answer.");
        received.MapPost("/{invitationId:guid}/accept", async (Guid invitationId, ClaimsPrincipal user, InvitationService invitations, CancellationToken ct) =>
            {
                await invitations.AcceptAsync(user.UserId(), invitationId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Accepts an invitation addressed to you: you become a member with its role.");
        received.MapPost("/{invitationId:guid}/decline", async (Guid invitationId, ClaimsPrincipal user, InvitationService invitations, CancellationToken ct) =>
            {
                await invitations.DeclineAsync(user.UserId(), invitationId, ct);
                return TypedResults.NoContent();
            })
            .WithSummary("Declines an invitation addressed to you.");

        return endpoints;
    }

    public static IServiceCollection AddWorkspaces(this IServiceCollection services) =>
        services.AddScoped<WorkspaceAccess>()
            .AddScoped<WorkspaceService>()
            .AddScoped<InvitationService>()
            .AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, WorkspaceAuthorizationHandler>();
}
