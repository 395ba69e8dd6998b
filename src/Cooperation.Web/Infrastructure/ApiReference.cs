using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// The API's description (<c>/openapi/v1.json</c>) and its reference page (<c>/scalar/v1</c>). The page works without
/// the internet: Scalar's script is served from the site (the package embeds it), its fonts and the vendor's online
/// extras (the AI chat, MCP, telemetry, the developer toolbar with "Deploy") are off, and a Content-Security-Policy
/// lets the browser load nothing from elsewhere.
/// </summary>
public static class ApiReference
{
    public const string Title = "Cooperation Hub API";

    public const string BearerScheme = "Bearer";

    internal const string Introduction = """
        The REST API behind the Cooperation Hub site: workspaces and their members, documents and versions, the rules
        assistant, joint programmes with their sessions and calendars, and the partner offices.

        **Authentication.** Send a personal access token with every request as `Authorization: Bearer <token>`.
        Create one on the site under *Access tokens* (`/account/tokens`), or ask an administrator to run
        `cooperation token create --email you@office.example --days 30`. A token acts as you: it reads and changes only
        what you may, until it expires or you revoke it. Calls made by the site's own pages with the sign-in cookie
        must also carry the page's anti-forgery token in a `RequestVerificationToken` header; scripts should use a token.

        **Errors** come as ProblemDetails (`application/problem+json`) whose `detail` says what to change.
        """;

    public static IHostApplicationBuilder AddApiReference(this IHostApplicationBuilder builder)
    {
        // "v1" is the document AddOpenApi() registers; this adds to its options rather than replacing them.
        builder.Services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = Title;
            document.Info.Description = Introduction;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal access token (coop_…) from Access tokens on the site or `cooperation token create`.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapScalarApiReference((options, http) =>
        {
            options.WithTitle(Title)
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry()
                .HideDeveloperTools()
                .WithNonce()
                .AddPreferredSecuritySchemes([BearerScheme])
                .WithLocalization(new ScalarLocalizationOptions { Locale = CultureInfo.CurrentUICulture.Name });
            http.Response.OnStarting(() =>
            {
                // The site's own policy is set for every other page (WebSecurity); this one allows Scalar's inline
                // start-up script by its per-request nonce and its inline styles, and nothing from other hosts.
                if (http.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string value)
                {
                    http.Response.Headers.ContentSecurityPolicy =
                        $"default-src 'self'; script-src 'self' 'nonce-{value}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
                        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
                }

                return Task.CompletedTask;
            });
        }).AllowAnonymous();
}
