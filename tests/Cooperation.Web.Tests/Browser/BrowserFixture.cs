using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cooperation.Web.Tests.Browser;

/// <summary>
/// One headless Debian Chromium per test class, driven by Playwright. Each test opens its own contexts
/// (separate cookies), so two people can use the site side by side.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // Patience for a loaded two-core machine (the suite runs servers and builds beside the browser): a limit
        // against hanging, not a measure of speed. Set here, before any browser test runs, because the setting is
        // process-wide: left to individual tests, whichever class ran first decided it for the others.
        Assertions.SetDefaultExpectTimeout(60_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from trying to reach anything else.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) pointed at the app, signed in when credentials are given.</summary>
    /// <param name="width">The viewport's width in CSS pixels (390 for a phone).</param>
    public async Task<IPage> OpenAsync(CooperationApp app, string? email = null, string? password = null, string locale = "en-US", string? timezoneId = null, int width = 1280)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString().TrimEnd('/'),
            Locale = locale,
            TimezoneId = timezoneId,
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 900 },
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        if (email is not null)
        {
            await SignInAsync(page, email, password!);
        }

        return page;
    }

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Wait for what the next page shows (the sign-out form once signed in, or the refusal), not for a load state:
        // asked for while the form's navigation was in flight, WaitForLoadStateAsync once missed the new page's event
        // and waited out its whole timeout on a loaded machine.
        // Attached rather than visible: on a narrow screen the sign-out form is in the folded menu.
        var signedIn = page.Locator("form[action='/account/sign-out']");
        await Assertions.Expect(signedIn.Or(page.GetByRole(AriaRole.Alert)).First).ToBeAttachedAsync();
        if (await signedIn.CountAsync() == 0)
        {
            var alert = await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync();
            throw new InvalidOperationException($"Signing in as {email} failed: {string.Join(" ", alert)}");
        }
    }

    /// <summary>Saves a full-page screenshot as a test artifact and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(TestEnvironment.ArtifactsFolder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
