using System.Net;
using System.Net.Http.Headers;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>Browsers get error pages in their language; the API, asked the same way, keeps ProblemDetails.</summary>
public sealed class ErrorPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABrowserGetsTheNotFoundAndNotAllowedPagesInItsLanguage()
    {
        await using var app = new CooperationApp();
        await app.CreateUserAsync("member@errors.example");
        var browser = await AccountBasicsTests.SignedInAsync(app, "member@errors.example");
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");

        // A member opening an administrator's page: 403 and a page saying so, not the sign-in form.
        var offices = await browser.GetAsync("/offices", Ct);
        await AssertPageAsync(offices, HttpStatusCode.Forbidden, "Not allowed");
        await AssertPageAsync(await browser.GetAsync("/no/such/page", Ct), HttpStatusCode.NotFound, "Page not found");
        // A workspace one cannot see is as missing as one that does not exist.
        await AssertPageAsync(await browser.GetAsync($"/workspaces/{Guid.NewGuid()}", Ct), HttpStatusCode.NotFound, "Page not found");
        // A form posted to a missing workspace: the page again (re-run as a POST, without a second token check).
        var posted = await browser.PostFormAsync("/", new Dictionary<string, string> { ["archived"] = "true" }, $"/workspaces/{Guid.NewGuid()}?handler=Archive");
        await AssertPageAsync(posted, HttpStatusCode.NotFound, "Page not found");

        var chinese = await browser.PostFormAsync("/", new Dictionary<string, string> { ["culture"] = "zh-Hans", ["returnUrl"] = "/" }, "/culture");
        Assert.Equal(HttpStatusCode.Redirect, chinese.StatusCode);
        await AssertPageAsync(await browser.GetAsync("/offices", Ct), HttpStatusCode.Forbidden, "不允许");
        var missing = await browser.GetAsync("/no/such/page", Ct);
        await AssertPageAsync(missing, HttpStatusCode.NotFound, "找不到页面");
        // The language switch on the error page returns to the address that was not found.
        Assert.Contains("value=\"/no/such/page\"", await missing.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task TheApiKeepsProblemDetailsEvenWhenABrowserAsks()
    {
        await using var app = new CooperationApp();
        var member = await app.CreateUserAsync("api@errors.example");
        var browser = await AccountBasicsTests.SignedInAsync(app, member.Email);
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var api = await browser.GetAsync($"/api/workspaces/{Guid.NewGuid()}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var forbidden = await browser.GetAsync("/api/offices", Ct);
        Assert.Equal(HttpStatusCode.OK, forbidden.StatusCode);
        var adminOnly = await browser.PostAsync("/api/offices", new StringContent("{}", null, "application/json"), Ct);
        Assert.Equal("application/problem+json", adminOnly.Content.Headers.ContentType?.MediaType);

        // A script asking a page for JSON gets ProblemDetails too.
        var script = await AccountBasicsTests.SignedInAsync(app, member.Email);
        script.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var page = await script.GetAsync("/offices", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheFaviconIsServedToEveryone()
    {
        await using var app = new CooperationApp();
        var anonymous = app.AnonymousClient();
        var icon = await anonymous.GetAsync("/favicon.svg", Ct);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await icon.Content.ReadAsStringAsync(Ct));
        var ico = await anonymous.GetAsync("/favicon.ico", Ct);
        Assert.Equal(HttpStatusCode.MovedPermanently, ico.StatusCode);
        Assert.Equal("/favicon.svg", ico.Headers.Location?.OriginalString);
        Assert.Contains("href=\"/favicon.svg\"", await anonymous.GetStringAsync("/account/sign-in", Ct));
    }

    private static async Task AssertPageAsync(HttpResponseMessage response, HttpStatusCode status, string heading)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body[..Math.Min(body.Length, 400)]}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"error-page\"", body);
        Assert.Contains($"<h1>{heading}</h1>", body);
    }
}
