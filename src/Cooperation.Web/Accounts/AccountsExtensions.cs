using System.Security.Claims;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Accounts;

public static class AccountsExtensions
{
    private const string CookieOrToken = "CookieOrToken";

    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SignInThrottle>();
        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequireUppercase = false;
                // LockoutEnd is only set by an administrator to disable an account; wrong passwords are slowed
                // per source by SignInThrottle, so that nobody can lock someone else out.
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<CooperationDb>()
            .AddUserManager<CooperationUserManager>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<CooperationClaimsFactory>();

        services.AddAuthentication(CookieOrToken)
            .AddPolicyScheme(CookieOrToken, "Cookie or access token", options =>
                options.ForwardDefaultSelector = context =>
                    AccessTokenAuthenticationHandler.ReadSecret(context.Request) is not null
                        ? AccessTokenAuthenticationHandler.SchemeName
                        : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/sign-in";
            options.LogoutPath = "/account/sign-out";
            options.Cookie.Name = "cooperation.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.SlidingExpiration = true;
            options.ExpireTimeSpan = TimeSpan.FromDays(7);
            // API and hub callers get a status code and ProblemDetails, not a redirect to an HTML page. A signed-in person
            // refused a page gets the 403 page (ErrorPages), not the sign-in form: signing in again would not help.
            options.Events.OnRedirectToLogin = context => RespondOrRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => RespondOrRedirect(context, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Administrator, policy => policy.RequireAuthenticatedUser().RequireClaim(UserExtensions.AdministratorClaim, "true"));

        // The stamp is compared on every request, not every 30 minutes (the default): "sign out everywhere else" and
        // a password change must end the other sessions at once, and a withdrawn administrator flag must not linger
        // in a cookie. It costs one lookup by key per request, as access tokens already do.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        services.AddScoped<AccessTokenService>();
        services.AddScoped<AccountService>();
        services.AddScoped<AdministratorBootstrap>();
        return builder;
    }

    private static Task RespondOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = status;
            return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails =
                {
                    Status = status,
                    Title = status == 401 ? "Sign-in required" : "Not allowed",
                    Detail = status == 401
                        ? "Sign in on the site, or send a personal access token as 'Authorization: Bearer <token>'."
                        : "Your account is not allowed to do this.",
                },
            }).AsTask();
        }

        if (status == StatusCodes.Status403Forbidden)
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static void TryAddSingleton<T>(this IServiceCollection services, T instance) where T : class
    {
        if (!services.Any(d => d.ServiceType == typeof(T)))
        {
            services.AddSingleton(instance);
        }
    }
}

public static class Policies
{
    public const string Administrator = "Administrator";
}

/// <summary>Adds the claims every part of the site relies on: display name and administrator flag.</summary>
internal sealed class CooperationClaimsFactory(UserManager<AppUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("name", string.IsNullOrEmpty(user.DisplayName) ? user.Email ?? user.UserName ?? "" : user.DisplayName));
        if (user.IsAdministrator)
        {
            identity.AddClaim(new Claim(UserExtensions.AdministratorClaim, "true"));
        }

        return identity;
    }
}
