using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents;

/// <summary>
/// The site's pages call the document API from script with the sign-in cookie. The cookie is SameSite=Lax, so
/// browsers do not send it on cross-site POSTs; as a second guard, a cookie-authenticated write must also carry
/// the page's antiforgery token in a header (which another site cannot read or set). Calls with a personal
/// access token are not exposed to CSRF (browsers never attach the token) and need no header.
/// The header is checked before anything reads the body, so a forged upload is refused without being read.
/// </summary>
public static class CookieCsrfFilter
{
    public static TBuilder RequireAntiforgeryForCookies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.User.Identity?.IsAuthenticated == true && AccessTokenAuthenticationHandler.ReadSecret(http.Request) is null)
            {
                var header = http.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName;
                if (header is null || !http.Request.Headers.ContainsKey(header))
                {
                    throw Refused();
                }

                try
                {
                    await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
                }
                catch (AntiforgeryValidationException)
                {
                    throw Refused();
                }
            }

            return await next(context);
        });

    private static ProblemException Refused() =>
        new(StatusCodes.Status400BadRequest, "Anti-forgery check failed",
            "This request came with the site's sign-in cookie but without the page's anti-forgery token. Reload the page and try again; scripts should use a personal access token instead.");
}
