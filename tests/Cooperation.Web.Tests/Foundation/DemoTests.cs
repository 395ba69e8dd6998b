using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Tests.Browser;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>
/// The demo a newcomer starts with (Cooperation:Seed:Demo): a partner workspace with documents, a programme across the
/// five offices and a second account printed at start, in the real site process; and a clean start without it.
/// </summary>
public sealed partial class DemoTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] DemoOffices =
    [
        "China National Intellectual Property Administration", "National Institute of Intellectual Property of Kazakhstan", "Egyptian Patent Office",
        "Instituto Nacional de Propiedad Industrial (Chile)", "Department of Industry (Nepal)",
    ];

    [Fact]
    public async Task ANewcomerSeesAPartnerWorkspaceAProgrammeAcrossTheFiveOfficesAndSignsInAsThePrintedMember()
    {
        var folder = Directory.CreateTempSubdirectory("cooperation-demo-").FullName;
        try
        {
            // The site runs from the test's build output, which has no wwwroot: it serves the project's, for the screenshots.
            using var site = await SiteProcess.StartAsync(folder, new Dictionary<string, string>
            {
                ["Cooperation:Seed:Demo"] = "true",
                ["ASPNETCORE_WEBROOT"] = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Cooperation.Web", "wwwroot"),
            });
            var printed = MemberBanner().Match(site.Output);
            Assert.True(printed.Success, site.Output);
            Assert.Equal(PartnerDemoSeed.MemberEmail, printed.Groups["email"].Value);

            // The member, in English: the workspace, its two documents, the programme with five sessions, none outside
            // an office's working hours, and the session they already accepted.
            var member = await OpenAsync(site, "en", PartnerDemoSeed.MemberEmail, printed.Groups["password"].Value);
            await Expect(member.GetByTestId("workspace-list")).ToContainTextAsync(PartnerDemoSeed.WorkspaceName);
            await member.GetByTestId("workspace-list").GetByRole(AriaRole.Link, new() { Name = PartnerDemoSeed.WorkspaceName }).ClickAsync();
            var documents = member.GetByTestId("document-list");
            await Expect(documents).ToContainTextAsync("Terms of reference: examiner exchange on search practice (sample)");
            await Expect(documents).ToContainTextAsync("检索实践比较说明（示例）");
            await member.GetByTestId("programmes").GetByRole(AriaRole.Link, new() { Name = PartnerDemoSeed.ProgrammeTitle }).ClickAsync();
            await Expect(member.GetByTestId("session-row")).ToHaveCountAsync(5);
            var sessions = member.GetByTestId("sessions");
            foreach (var office in DemoOffices)
            {
                await Expect(sessions).ToContainTextAsync(office);
            }

            await Expect(member.GetByTestId("session-warning")).ToHaveCountAsync(0);
            await Expect(member.GetByTestId("my-reply").First).ToContainTextAsync("Your reply: Accepted");
            await BrowserFixture.ScreenshotAsync(member, "demo-programme-member-en");

            // The administrator, in Chinese, coordinates the same workspace and sees its sessions in the agenda.
            var admin = await OpenAsync(site, "zh-Hans", CooperationApp.AdminEmail, CooperationApp.AdminPassword);
            await Expect(admin.GetByTestId("workspace-list")).ToContainTextAsync(PartnerDemoSeed.WorkspaceName);
            await admin.GotoAsync("/agenda");
            await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "我的日程" })).ToBeVisibleAsync();
            await Expect(admin.GetByTestId("agenda-item").Filter(new() { HasText = PartnerDemoSeed.ProgrammeTitle })).ToHaveCountAsync(5);
            var screenshot = await BrowserFixture.ScreenshotAsync(admin, "demo-agenda-admin-zh");
            Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot shows a rendered page.");

            // The assistant answers from the partner documents, once the site has extracted and indexed them.
            using var client = await site.ClientAsync();
            var answer = "";
            for (var attempt = 0; attempt < 120 && !answer.Contains("two weeks", StringComparison.OrdinalIgnoreCase); attempt++)
            {
                await Task.Delay(attempt == 0 ? 0 : 1_000, Ct);
                var answered = await client.PostAsJsonAsync("/api/assistant/ask", new { question = "How long does each examiner exchange last?" }, Ct);
                answer = await answered.Content.ReadAsStringAsync(Ct);
            }

            Assert.Contains("two weeks", answer, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutTheDemoTheSiteStartsCleanWithTheAdministratorAlone()
    {
        // The member account is printed only when the seed creates it, so no account means nothing printed either.
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var seeded = await app.WithDbAsync(async db => (
            Users: await db.Users.Select(u => u.Email).ToListAsync(Ct),
            Others: (await db.Offices.CountAsync(Ct), await db.Workspaces.CountAsync(Ct), await db.Programmes.CountAsync(Ct), await db.Documents.CountAsync(Ct))));
        Assert.Equal([CooperationApp.AdminEmail], seeded.Users);
        Assert.Equal((0, 0, 0, 0), seeded.Others);
    }

    private async Task<IPage> OpenAsync(SiteProcess site, string language, string email, string password)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = site.BaseAddress.ToString().TrimEnd('/'),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();

        // The sign-in helper reads the English labels; the language is switched afterwards, as a person would.
        await BrowserFixture.SignInAsync(page, email, password);
        if (language == "zh-Hans")
        {
            await page.GetByTestId("language-switch").SelectOptionAsync(language);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        }

        return page;
    }

    [GeneratedRegex(@"Demo member created[^\n]*\n\s*email:\s+(?<email>\S+)\s*\n\s*password:\s+(?<password>\S+)")]
    private static partial Regex MemberBanner();
}
