using System.Text.RegularExpressions;
using Cooperation.Web.Tests.Browser;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Operations;

/// <summary>
/// Issue 16, item 6 in Chromium: the command run from the repository root works on the very data the running site
/// shows. A password set with `cooperation password` ends the person's open browser session and signs in instead of
/// the old one, in English and in Chinese. Screenshots go to artifacts/test/cli-*.png.
/// </summary>
public sealed class CliBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APasswordSetByTheCommandFromTheRepositoryRootIsTheOneTheSiteAsksForInEnglishAndChinese()
    {
        // A site on a data folder inside the repository, as `dotnet run --project src/Cooperation.Web` uses one.
        var folder = Path.Combine(TestEnvironment.ArtifactsFolder, $"cli-browser-{Guid.NewGuid():N}");
        var app = new CooperationApp(kestrel: true, dataPath: folder, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        try
        {
            var pat = await app.CreateUserAsync("pat@cli.example");
            var password = CooperationApp.UserPassword;
            foreach (var (language, shortName, heading, refusal) in new[]
            {
                ("en", "en", "Your profile", "The email or password is not right"),
                ("zh-Hans", "zh", "个人资料", "电子邮箱或密码不正确"),
            })
            {
                var page = await browser.OpenAsync(app, pat.Email, password);
                if (language != "en")
                {
                    await page.GetByTestId("language-switch").SelectOptionAsync(language);
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                }

                // The command as the README runs it: from the repository root, under the CLI's launch profile, with the
                // data path as a profile gives it (relative to the CLI's project folder).
                var environment = CliDataFolderTests.Clean;
                environment["DOTNET_LAUNCH_PROFILE"] = "cooperation";
                environment["Cooperation__DataPath"] = Path.GetRelativePath(Path.Combine(CliDataFolderTests.Root, "src", "Cooperation.Cli"), folder);
                var run = await ExternalProcess.RunAsync("dotnet", [CliDataFolderTests.ProjectCli, "password", "--email", pat.Email], Ct,
                    workingDirectory: CliDataFolderTests.Root, environment: environment);
                Assert.True(run.ExitCode == 0, run.Describe());
                Assert.Contains($"The password of {pat.Email} was changed", run.Output, StringComparison.Ordinal);
                var previous = password;
                password = run.Output.Split('\n').Single(l => l.StartsWith("Password (shown once):", StringComparison.Ordinal)).Split(':')[1].Trim();

                // The open session ended with the change; the old password is refused and the new one signs in.
                await page.GotoAsync("/account/profile");
                await Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
                await page.Locator("input[name=Email]").FillAsync(pat.Email);
                await page.Locator("input[name=Password]").FillAsync(previous);
                await page.Locator("form:has(input[name=Password]) button[type=submit]").ClickAsync();
                await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(refusal);
                await BrowserFixture.ScreenshotAsync(page, $"cli-old-password-refused-{shortName}");
                await page.Locator("input[name=Password]").FillAsync(password);
                await page.Locator("form:has(input[name=Password]) button[type=submit]").ClickAsync();
                await Expect(page.Locator("form[action='/account/sign-out']")).ToBeAttachedAsync();
                await page.GotoAsync("/account/profile");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
                var screenshot = await BrowserFixture.ScreenshotAsync(page, $"cli-new-password-signed-in-{shortName}");
                Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot shows a rendered page.");
            }
        }
        finally
        {
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}
