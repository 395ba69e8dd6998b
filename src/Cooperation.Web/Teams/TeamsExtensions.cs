using Cooperation.Bot;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;
using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Teams;

public sealed record RedeemInput(string? Code);

public static class TeamsExtensions
{
    /// <summary>The Teams bot (bot/) with this site as its backend. /api/messages answers only once Bot:AppId is set, or locally.</summary>
    public static IHostApplicationBuilder AddTeams(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ITeamsBotBackend, TeamsBotBackend>();
        builder.Services.AddScoped<TeamsLinking>();
        builder.Services.AddScoped<TeamsDocumentNotifier>();
        builder.Services.AddHostedService<TeamsDocumentNotificationService>();
        builder.Services.AddScoped<ITeamsProgrammeSummary, TeamsProgrammeSummary>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Programmes.IReminderChannel, TeamsReminderChannel>());
        builder.Services.AddTeamsBot(builder.Configuration);
        return builder;
    }

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder endpoints)
    {
        // The bot authenticates its callers itself (Bot Connector / Entra tokens), not with the site's cookie or tokens.
        endpoints.MapTeamsBot().AllowAnonymous();
        var links = endpoints.MapGroup("/api/teams/links").WithTags("Teams");
        links.MapGet("/", async (ClaimsPrincipal user, TeamsLinking linking, CancellationToken ct) => TypedResults.Ok(await linking.ListAsync(user.UserId(), ct)))
            .WithSummary("The Teams identities linked to your account.");
        links.MapPost("/", async (RedeemInput input, ClaimsPrincipal user, TeamsLinking linking, CancellationToken ct) =>
                TypedResults.Ok(await linking.RedeemAsync(user.UserId(), input.Code, ct)))
            .WithSummary("Links the Teams user who got this code from the bot to your account.");
        links.MapDelete("/{linkId:guid}", async Task<Results<NoContent, NotFound>> (Guid linkId, ClaimsPrincipal user, TeamsLinking linking, CancellationToken ct) =>
                await linking.UnlinkAsync(user.UserId(), linkId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Unlinks a Teams identity from your account.");
        return endpoints;
    }
}
