using System.Globalization;
using Cooperation.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Localization;

public static class LocalizationExtensions
{
    public static readonly CultureInfo[] SupportedCultures = [new("en"), new("zh-Hans")];

    public static IHostApplicationBuilder AddUiLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
        builder.Services.AddLocalization();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Reader>();
        // Pages write Chinese (and names in any script) as characters, not as &#x...; escapes three times their size;
        // the characters that matter to HTML are still escaped.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(options =>
            options.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = SupportedCultures;
            options.SupportedUICultures = SupportedCultures;
            options.ApplyCurrentCultureToResponseHeaders = true;
            // Browsers send zh-CN; it shares its strings with zh-Hans.
            options.RequestCultureProviders.Insert(0, new CookieRequestCultureProvider());
        });
        return builder;
    }

    /// <summary>POST /culture sets the language cookie and returns to the page the person was on.</summary>
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/culture", async (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            var chosen = SupportedCultures.FirstOrDefault(c => c.Name.Equals(culture, StringComparison.OrdinalIgnoreCase)) ?? SupportedCultures[0];
            UseLanguage(context.Response, chosen.Name);
            // A signed-in person's choice is their profile's language too, so that the next sign-in keeps it.
            if (context.User.Identity?.IsAuthenticated == true
                && await context.RequestServices.GetRequiredService<UserManager<AppUser>>().GetUserAsync(context.User) is { } user
                && user.Language != chosen.Name)
            {
                user.Language = chosen.Name;
                await context.RequestServices.GetRequiredService<UserManager<AppUser>>().UpdateAsync(user);
            }

            return TypedResults.LocalRedirect(IsLocal(returnUrl) ? returnUrl : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>Sets the language cookie the request localization reads (the pages' language from the next request on).</summary>
    public static void UseLanguage(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });

    /// <summary>
    /// The rule LocalRedirect enforces (it throws otherwise): a path on this site. Browsers read "/\host" like "//host",
    /// another site, so a backslash second is refused as well as a slash.
    /// </summary>
    internal static bool IsLocal([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? url) =>
        url is ['/'] || (url is ['/', not ('/' or '\\'), ..] && !url.Any(char.IsControl));
}
