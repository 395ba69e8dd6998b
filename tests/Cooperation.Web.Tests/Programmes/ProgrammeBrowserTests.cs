using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Browser;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Programmes;

public sealed class ProgrammeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ACoordinatorFindsASlotSchedulesASessionAndAMemberSeesItInTheirOwnTimeZone()
    {
        await using var app = new CooperationApp(kestrel: true);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var member = await app.CreateUserAsync("aigerim@kazpatent.example");
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(admin, "Examiner exchange");
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        // The member reads times in Moscow time (UTC+3 all year).
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == member.Id);
            user.TimeZone = "Europe/Moscow";
            return await db.SaveChangesAsync();
        });
        var (cnipa, kazpatent) = await app.WithDbAsync(async db => (
            await db.Offices.Where(o => o.CountryCode == "CN").Select(o => o.Name).SingleAsync(),
            await db.Offices.Where(o => o.CountryCode == "KZ").Select(o => o.Name).SingleAsync()));

        // A Monday at least a week ahead, so the session is upcoming whenever the test runs.
        var day = DateTime.UtcNow.Date.AddDays(7);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        await page.GotoAsync($"/workspaces/{workspace}");
        await page.GetByTestId("new-programme").ClickAsync();
        await page.GetByTestId("programme-title").FillAsync("Examiner exchange Beijing–Almaty");
        await page.GetByTestId("programme-kind").SelectOptionAsync("ExaminerExchange");
        await page.GetByTestId("programme-host").SelectOptionAsync(new SelectOptionValue { Label = $"{cnipa} (Asia/Shanghai)" });
        await page.GetByRole(AriaRole.Checkbox, new() { Name = kazpatent }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create programme" }).ClickAsync();
        await Expect(page.GetByTestId("programme-heading")).ToContainTextAsync("Examiner exchange Beijing–Almaty");

        // The administrator has no zone of their own, so days and times are in UTC. Beijing works 01:00-09:00Z
        // (09-17 at UTC+8), Almaty 04:00-12:00Z (09-17 at UTC+5): the first common hour starts at 04:00Z.
        await page.GetByTestId("slot-minutes").FillAsync("60");
        await page.GetByTestId("slot-from").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByTestId("slot-to").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Find slots" }).ClickAsync();
        var results = page.GetByTestId("slot-results");
        await Expect(results).ToContainTextAsync("04:00–05:00");
        await page.GetByTestId("use-slot").First.ClickAsync();
        // The form is filled in the host's zone: 04:00Z is 12:00 in Beijing.
        await Expect(page.GetByTestId("session-start")).ToHaveValueAsync($"{day:yyyy-MM-dd}T12:00");
        await Expect(page.GetByTestId("session-zone")).ToHaveValueAsync("Asia/Shanghai");
        await page.GetByTestId("schedule-session").ClickAsync();
        await Expect(page.GetByTestId("programme-notice")).ToContainTextAsync("The session was scheduled.");
        await Expect(page.GetByTestId("sessions")).ToContainTextAsync("12:00–13:00");
        await BrowserFixture.ScreenshotAsync(page, "programmes-coordinator");

        // The member sees it in their agenda at 07:00 Moscow time, with the host's 12:00 in Beijing beside it.
        var memberPage = await browser.OpenAsync(app, member.Email, CooperationApp.UserPassword);
        await memberPage.GotoAsync("/agenda");
        await Expect(memberPage.GetByTestId("agenda-zone")).ToContainTextAsync("Europe/Moscow");
        var item = memberPage.GetByTestId("agenda-item").Filter(new() { HasText = "Examiner exchange Beijing–Almaty" });
        await Expect(item.GetByTestId("agenda-viewer-time")).ToContainTextAsync($"{day:d MMM yyyy} 07:00–08:00 (UTC+03:00)");
        await Expect(item.GetByTestId("agenda-host-time")).ToContainTextAsync("12:00–13:00 (UTC+08:00) Asia/Shanghai");
        await Expect(item).ToContainTextAsync("09:00–10:00 (UTC+05:00)");
        await Expect(memberPage.GetByTestId("month")).ToBeVisibleAsync();
        var screenshot = await BrowserFixture.ScreenshotAsync(memberPage, "programmes-member-agenda");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot shows a rendered page.");

        // The member keeps the programme page open; when the coordinator adds a session, the page says the programme
        // changed (without reloading by itself) and shows the change on request.
        var programmePath = new Uri(page.Url).AbsolutePath;
        var programmeId = Guid.Parse(programmePath.Split('/')[^1]);
        await memberPage.GotoAsync(programmePath);
        await Expect(memberPage.Locator("[data-programme-live][data-connected=true]")).ToBeAttachedAsync();
        await Expect(memberPage.GetByTestId("programme-changed")).ToBeHiddenAsync();
        var nextDay = day.AddDays(1);
        await ProgrammeTestData.CreateSessionAsync(admin, workspace, programmeId,
            new SessionInput($"{nextDay:yyyy-MM-dd}T12:00", $"{nextDay:yyyy-MM-dd}T13:00", "Asia/Shanghai", Title: "Closing review"));
        var changed = memberPage.GetByTestId("programme-changed");
        await Expect(changed).ToBeVisibleAsync();
        await Expect(memberPage.GetByTestId("sessions")).Not.ToContainTextAsync("Closing review");
        await changed.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(memberPage.GetByTestId("sessions")).ToContainTextAsync("Closing review");
        await Expect(memberPage.GetByTestId("programme-changed")).ToBeHiddenAsync();
    }
}
