using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Tests.Browser;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>/scalar/v1 works offline: everything it loads comes from the site, and it renders with other hosts blocked.</summary>
public sealed partial class ApiReferenceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePageAndEveryAssetItNamesComeFromTheSiteUnderAPolicyThatAllowsNothingElse()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var client = app.AnonymousClient();

        var response = await client.GetAsync("/scalar/v1", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<title>{ApiReference.Title}</title>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(AbsoluteUrl(), html);
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Contains("scalar.js", assets);
        foreach (var asset in assets)
        {
            var served = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/scalar/v1"), asset), Ct);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)served.StatusCode}");
            Assert.Equal("text/javascript", served.Content.Headers.ContentType?.MediaType);
        }

        // The browser is told to load nothing from elsewhere, and the start-up script runs by its one-time nonce.
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        var nonce = Nonce().Match(policy).Groups["nonce"].Value;
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        var again = (await client.GetAsync("/scalar/v1", Ct)).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(nonce, Nonce().Match(again).Groups["nonce"].Value);

        // The vendor's online extras are switched off in the configuration the page hands to Scalar.
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
        Assert.Matches("\"agent\":\\{[^}]*\"disabled\":true", html);
    }

    [Fact]
    public async Task TheDescriptionIsTitledAndExplainsTokens()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        using var document = JsonDocument.Parse(await app.AnonymousClient().GetStringAsync("/openapi/v1.json", Ct));
        var info = document.RootElement.GetProperty("info");

        Assert.Equal(ApiReference.Title, info.GetProperty("title").GetString());
        Assert.Contains("Authorization: Bearer <token>", info.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("/account/tokens", info.GetProperty("description").GetString(), StringComparison.Ordinal);
        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiReference.BearerScheme);
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
    }

    [Theory]
    [InlineData("en-US", "api-reference-en")]
    [InlineData("zh-CN", "api-reference-zh")]
    public async Task TheReferenceRendersWithEveryOtherHostBlocked(string locale, string screenshot)
    {
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var elsewhere = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            var host = new Uri(route.Request.Url).Host;
            if (host is "127.0.0.1" or "localhost" or "[::1]")
            {
                await route.ContinueAsync();
            }
            else
            {
                lock (elsewhere)
                {
                    elsewhere.Add(route.Request.Url);
                }

                await route.AbortAsync();
            }
        });
        var page = await context.NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync("/scalar/v1");

        await Expect(page).ToHaveTitleAsync(ApiReference.Title);
        await Expect(page.GetByText("Send a personal access token").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Who you are signed in as.").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Ask AI")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Deploy", new() { Exact = true })).ToHaveCountAsync(0);

        // Nothing the rendered page loads (scripts, images, style sheets, fonts) names another host. The one link out is
        // the vendor's "Powered by Scalar" credit, which loads nothing and is left as the vendor wrote it.
        var external = await page.EvaluateAsync<string[]>(
            "() => Array.from(document.querySelectorAll('[src], link[href]')).map(e => e.getAttribute('src') ?? e.getAttribute('href')).filter(u => /^(https?:)?\\/\\//i.test(u) && !u.includes('127.0.0.1'))");
        Assert.Empty(external);
        var path = await BrowserFixture.ScreenshotAsync(page, screenshot);
        Assert.True(new FileInfo(path).Length > 10_000, "The screenshot shows a rendered page.");
        Assert.Empty(elsewhere);
        Assert.Empty(blocked);
    }

    [GeneratedRegex("(?:src|href)=\"(?:https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetReference();

    [GeneratedRegex("'nonce-(?<nonce>[^']+)'")]
    private static partial Regex Nonce();
}
