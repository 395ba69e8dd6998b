using System.Text.RegularExpressions;

namespace Cooperation.Web.Tests.Infrastructure;

/// <summary>Posts forms the way a browser does: fetch the page, send back its antiforgery token with the fields.</summary>
public static partial class PageClient
{
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, IDictionary<string, string> fields, string? actionUrl = null)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = AntiforgeryToken().Match(page);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{pageUrl} has no antiforgery token; is it a page with a form?");
        }

        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token.Groups[1].Value };
        return await client.PostAsync(actionUrl ?? pageUrl, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        client.PostFormAsync("/account/sign-in", new Dictionary<string, string> { ["Email"] = email, ["Password"] = password });

    /// <summary>
    /// Sends the page's antiforgery token in the header the site's scripts use, as every API write made with the
    /// sign-in cookie must (see WebSecurity.UseApiAntiforgery).
    /// </summary>
    public static async Task UseAntiforgeryHeaderAsync(this HttpClient client, string pageUrl = "/account/tokens")
    {
        var token = AntiforgeryToken().Match(await client.GetStringAsync(pageUrl));
        if (!token.Success)
        {
            throw new InvalidOperationException($"{pageUrl} has no antiforgery token; is it a page with a form?");
        }

        client.DefaultRequestHeaders.Remove("RequestVerificationToken");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
