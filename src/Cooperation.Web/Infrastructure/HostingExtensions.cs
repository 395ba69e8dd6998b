using System.Text.Json;
using System.Text.Json.Serialization;
using Cooperation.Web.Accounts;
using Cooperation.Web.Assistant;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Data;
using Cooperation.Web.Documents;
using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using Cooperation.Web.Teams;
using Cooperation.Web.Programmes;
using Cooperation.Web.Workspaces;

namespace Cooperation.Web.Infrastructure;

public static class HostingExtensions
{
    /// <summary>Everything the site and the CLI share: data, accounts and the feature services.</summary>
    public static IHostApplicationBuilder AddCooperationCore(this IHostApplicationBuilder builder)
    {
        builder.AddCooperationData();
        builder.AddAccounts();
        builder.Services.AddOffices();
        builder.Services.AddWorkspaces();
        builder.AddDocuments();
        builder.AddAssistant();
        builder.AddProgrammes();
        builder.AddCollaboration();
        builder.Services.AddSingleton<IDemoSeedContributor, DemoSeed>();
        builder.Services.AddScoped<IDemoSeedContributor, PartnerDemoSeed>();
        builder.Services.AddSingleton<InstanceIdentity>();
        builder.Services.AddScoped<JobLeases>();
        return builder;
    }

    /// <summary>The web-only parts: API conventions, pages, localization, health.</summary>
    public static WebApplicationBuilder AddCooperationWeb(this WebApplicationBuilder builder)
    {
        builder.AddCooperationCore();
        builder.AddCollaborationHub();
        builder.AddUiLocalization();
        builder.AddTeams();
        builder.AddProgrammeReminders();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Unknown fields are refused rather than ignored: a typo in a field name should not silently do nothing.
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        });
        builder.Services.AddOpenApi();
        builder.AddApiReference();
        builder.Services.AddRazorPages(options =>
            // The invitation link is the invitee's credential until accepted.
            options.Conventions.AddPageRouteModelConvention("/Account/Invitation", page =>
            {
                foreach (var selector in page.Selectors)
                {
                    selector.EndpointMetadata.Add(new SecretRouteValuesAttribute("token"));
                }
            }));
        builder.Services.AddHealth();
        builder.Services.AddHostFilteringFromPublicUrl();
        builder.Services.AddSingleton<SiteAddress>();
        builder.AddWebSecurity();
        builder.AddTelemetry();
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }

    public static WebApplication MapCooperation(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseErrorHandling();
        app.UseWebSecurityHeaders();
        app.UseStatusCodeAnswers();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseApiAntiforgery();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi().AllowAnonymous();
        app.MapApiReference();
        app.MapHealth();
        app.MapLanguageSwitch();
        // Browsers ask for /favicon.ico where a page does not name its icon (raw files, the API reference).
        app.MapGet("/favicon.ico", () => TypedResults.LocalRedirect("/favicon.svg", permanent: true)).AllowAnonymous().ExcludeFromDescription();

        // Every API group is mapped under one group that declares the ProblemDetails answers each endpoint can give.
        var api = app.MapGroup(string.Empty).WithProblemResponses();
        api.MapAccountsApi();
        api.MapOfficesApi();
        api.MapWorkspacesApi();
        api.MapDocumentsApi();
        api.MapAssistantApi();
        api.MapTeams();
        api.MapProgrammesApi();
        api.MapCollaboration();
        app.MapRazorPages();
        return app;
    }
}
