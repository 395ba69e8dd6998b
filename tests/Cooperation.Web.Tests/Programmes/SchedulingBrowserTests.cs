using System.Text.RegularExpressions;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Browser;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using IcalCalendar = Ical.Net.Calendar;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>The scheduling details of issue 16 in Chromium: the slot form, zone pickers, replies, editing, offices and holidays.</summary>
public sealed class SchedulingBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> NoDemo = new() { ["Cooperation:Seed:Demo"] = "false" };

    /// <summary>A Monday at least a week ahead, so sessions on it are upcoming whenever the test runs.</summary>
    private static DateTime NextMonday()
    {
        var day = DateTime.UtcNow.Date.AddDays(7);
        while (day.DayOfWeek != DayOfWeek.Monday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    [Fact]
    public async Task ACoordinatorSchedulesFromASlotEditsTheSessionAndAMemberRepliesInEnglish()
    {
        await using var app = new CooperationApp(kestrel: true, settings: NoDemo);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var member = await app.CreateUserAsync("dana@scheduling.example");
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(admin, "Search practice");
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        var programme = await ProgrammeTestData.CreateProgrammeAsync(admin, workspace, offices["Beijing"], [offices["Almaty"], offices["Santiago"]],
            "Examiner exchange Beijing–Almaty–Santiago: comparing search strategies in mechanical engineering");
        var programmePath = $"/workspaces/{workspace}/programmes/{programme.Id}";
        var day = NextMonday();

        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword, timezoneId: "Asia/Almaty");
        await page.GotoAsync(programmePath);

        // A time zone nobody has is refused with a sentence, and nothing is scheduled.
        var zone = page.GetByTestId("session-zone");
        await Expect(zone).ToHaveAttributeAsync("list", "iana-zones");
        await Expect(page.GetByTestId("zone-detect")).ToHaveTextAsync("Use this browser's zone: Asia/Almaty");
        await page.GetByTestId("session-start").FillAsync($"{day:yyyy-MM-dd}T12:00");
        await page.GetByTestId("session-end").FillAsync($"{day:yyyy-MM-dd}T13:00");
        await zone.FillAsync("Mars/Olympus");
        await page.GetByTestId("schedule-session").ClickAsync();
        await Expect(page.GetByTestId("programme-error")).ToHaveTextAsync("'Mars/Olympus' is not an IANA time zone (for example Asia/Shanghai, Africa/Cairo, America/Santiago).");
        Assert.Equal(0, await app.WithDbAsync(db => db.ProgrammeSessions.CountAsync(s => s.ProgrammeId == programme.Id, Ct)));

        // Beijing and Almaty can meet, Santiago cannot: the slot leaves Santiago out, and so does the form it fills.
        await page.GetByTestId("slot-from").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByTestId("slot-to").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByLabel("At least this many offices").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find slots" }).ClickAsync();
        await Expect(page.GetByTestId("slot-results")).ToContainTextAsync($"Without: {offices["Santiago"].Name}");
        await page.GetByTestId("use-slot").First.ClickAsync();
        var form = page.GetByTestId("schedule-form");
        await Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = offices["Beijing"].Name })).ToBeCheckedAsync();
        await Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = offices["Almaty"].Name })).ToBeCheckedAsync();
        await Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = offices["Santiago"].Name })).Not.ToBeCheckedAsync();
        await Expect(zone).ToHaveValueAsync("Asia/Shanghai");
        await form.GetByLabel("Session title (optional)").FillAsync("Search strategies compared, with worked examples from both offices");
        await BrowserFixture.ScreenshotAsync(page, "scheduling-slot-form-en");
        await page.GetByTestId("schedule-session").ClickAsync();
        await Expect(page.GetByTestId("programme-notice")).ToHaveTextAsync("The session was scheduled.");
        await Expect(page.GetByTestId("session-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("session-warning")).ToHaveCountAsync(0);
        var session = await app.WithDbAsync(db => db.ProgrammeSessions.AsNoTracking().SingleAsync(s => s.ProgrammeId == programme.Id, Ct));
        Assert.Equal(new[] { offices["Beijing"].Id, offices["Almaty"].Id }.Order(), session.OfficeIds.Order());

        // The member's buttons say what they do; the state is said beside them.
        var memberPage = await browser.OpenAsync(app, member.Email, CooperationApp.UserPassword, timezoneId: "Europe/Moscow");
        await memberPage.GotoAsync(programmePath);
        var row = memberPage.GetByTestId("session-row");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true })).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Maybe", Exact = true })).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true }).ClickAsync();
        await Expect(memberPage.GetByTestId("my-reply")).ToHaveTextAsync("Your reply: Accepted");
        await Expect(memberPage.GetByTestId("session-row").GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(memberPage.Locator("[data-programme-live][data-connected=true]")).ToBeAttachedAsync();

        // The coordinator moves the session an hour later and gives it a meeting link; a bad zone first changes nothing.
        await page.GetByTestId("edit-session").ClickAsync();
        await Expect(page.GetByTestId("session-start")).ToHaveValueAsync($"{day:yyyy-MM-dd}T12:00");
        await page.GetByTestId("session-zone").FillAsync("Atlantis/Capital");
        await page.GetByTestId("save-session").ClickAsync();
        await Expect(page.GetByTestId("edit-session-error")).ToContainTextAsync("'Atlantis/Capital' is not an IANA time zone");
        Assert.Equal(session.Sequence, await app.WithDbAsync(db => db.ProgrammeSessions.Where(s => s.Id == session.Id).Select(s => s.Sequence).SingleAsync(Ct)));
        await page.GetByTestId("session-zone").FillAsync("Asia/Shanghai");
        await page.GetByTestId("session-start").FillAsync($"{day:yyyy-MM-dd}T13:00");
        await page.GetByTestId("session-end").FillAsync($"{day:yyyy-MM-dd}T14:00");
        await page.GetByTestId("session-link").FillAsync("https://meet.example.org/search-strategies");
        await BrowserFixture.ScreenshotAsync(page, "scheduling-edit-en");
        await page.GetByTestId("save-session").ClickAsync();
        await Expect(page.GetByTestId("programme-notice")).ToHaveTextAsync("The session was changed.");
        await Expect(page.GetByTestId("sessions")).ToContainTextAsync("13:00–14:00");
        await Expect(page.GetByTestId("session-warning")).ToHaveCountAsync(0);

        // The member's open page is told, as when a session is added.
        await Expect(memberPage.GetByTestId("programme-changed")).ToBeVisibleAsync();

        // The member picks their browser's zone for the agenda in one click.
        await memberPage.GotoAsync("/agenda");
        await memberPage.GetByTestId("zone-detect").ClickAsync();
        await Expect(memberPage.GetByTestId("my-zone")).ToHaveValueAsync("Europe/Moscow");
        await memberPage.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(memberPage.GetByTestId("agenda-zone")).ToContainTextAsync("Europe/Moscow");

        // In the month, the long title wraps in its day instead of being cut, and its tooltip holds all of it.
        await memberPage.GotoAsync($"/agenda?month={day:yyyy-MM}");
        var item = memberPage.GetByTestId("month-item").First;
        await Expect(item).ToHaveAttributeAsync("title", "08:00 Examiner exchange Beijing–Almaty–Santiago: comparing search strategies in mechanical engineering: Search strategies compared, with worked examples from both offices");
        Assert.Equal("normal", await item.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace"));
        Assert.True(await item.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "The title is not cut off.");
        var screenshot = await BrowserFixture.ScreenshotAsync(memberPage, "scheduling-month-en");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot shows a rendered page.");

        // A cancelled session's edit page says it cannot be changed, and offers no form.
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel session" }).ClickAsync();
        await page.GotoAsync($"{programmePath}/sessions/{session.Id}/edit");
        await Expect(page.GetByTestId("edit-session-error")).ToHaveTextAsync(SessionService.CancelledCannotChange);
        await Expect(page.GetByTestId("edit-session-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnAdministratorSetsWorkingDaysAndHolidaysAndIsToldWhatIsWrongInChinese()
    {
        await using var app = new CooperationApp(kestrel: true, settings: NoDemo);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var cairo = offices["Cairo"];
        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        await page.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");

        // The offices with the time it is in each now.
        await page.GotoAsync("/offices");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "当地现在时间" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = offices["Kathmandu"].Name }).GetByTestId("office-local-time")).ToContainTextAsync("(UTC+05:45)");

        // Cairo works Sunday to Thursday; Friday is added.
        await page.GetByRole(AriaRole.Link, new() { Name = cairo.Name }).ClickAsync();
        var days = page.GetByTestId("office-working-days");
        await Expect(days.GetByRole(AriaRole.Checkbox, new() { Name = "星期日" })).ToBeCheckedAsync();
        await Expect(days.GetByRole(AriaRole.Checkbox, new() { Name = "星期五" })).Not.ToBeCheckedAsync();
        await days.GetByRole(AriaRole.Checkbox, new() { Name = "星期五" }).CheckAsync();
        await page.GetByTestId("office-form").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByTestId("offices")).ToBeVisibleAsync();
        Assert.Equal(WorkingDays.SundayToThursday | WorkingDays.Friday, await WorkingDaysAsync(app, cairo.Id));

        // No working day at all, or a zone that does not exist: a sentence in Chinese, and the office as it was.
        await page.GotoAsync($"/offices?edit={cairo.Id}");
        foreach (var box in await page.GetByTestId("office-working-days").GetByRole(AriaRole.Checkbox).AllAsync())
        {
            await box.UncheckAsync();
        }

        await page.GetByTestId("office-form").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByTestId("office-error")).ToHaveTextAsync("请至少选择一个工作日。");
        await page.GotoAsync($"/offices?edit={cairo.Id}");
        await page.GetByTestId("office-zone").FillAsync("Mars/Olympus");
        await page.GetByTestId("office-form").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.GetByTestId("office-error")).ToHaveTextAsync("“Mars/Olympus”不是 IANA 时区（例如 Asia/Shanghai、Africa/Cairo、America/Santiago）。");
        await BrowserFixture.ScreenshotAsync(page, "scheduling-offices-zh");
        var stored = await app.WithDbAsync(db => db.Offices.AsNoTracking().SingleAsync(o => o.Id == cairo.Id, Ct));
        Assert.Equal((WorkingDays.SundayToThursday | WorkingDays.Friday, "Africa/Cairo"), (stored.WorkingDays, stored.TimeZone));

        // A holiday typed by hand; a date in no year the site plans for is refused.
        await page.GotoAsync($"/offices/{cairo.Id}/holidays");
        await page.GetByTestId("holiday-date").FillAsync("2027-04-25");
        await page.GetByTestId("holiday-name").FillAsync("西奈解放日");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加节假日" }).ClickAsync();
        await Expect(page.GetByTestId("holiday-notice")).ToHaveTextAsync("已添加 2027-04-25：西奈解放日。");
        await Expect(page.GetByTestId("holiday-row")).ToHaveCountAsync(1);
        await page.GetByTestId("holiday-date").FillAsync("2300-01-01");
        await page.GetByTestId("holiday-name").FillAsync("遥远的将来");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加节假日" }).ClickAsync();
        await Expect(page.GetByTestId("holiday-error")).ToHaveTextAsync("“2300-01-01”不是有效的日期：请写成 2027-03-21 的格式，年份在 1900 到 2199 之间。");
        await Expect(page.GetByTestId("holiday-row")).ToHaveCountAsync(1);
        var screenshot = await BrowserFixture.ScreenshotAsync(page, "scheduling-holidays-zh");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot shows a rendered page.");
        Assert.Equal(1, await app.WithDbAsync(db => db.OfficeHolidays.CountAsync(h => h.OfficeId == cairo.Id, Ct)));

        // A cancelled session's edit page, in Chinese.
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(admin);
        var programme = await ProgrammeTestData.CreateProgrammeAsync(admin, workspace, cairo, []);
        var session = (await ProgrammeTestData.CreateSessionAsync(admin, workspace, programme.Id, new SessionInput("2027-06-01T10:00", "2027-06-01T11:00"))).Sessions[0];
        (await admin.Client.PostAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/sessions/{session.Id}/cancel", null, Ct)).EnsureSuccessStatusCode();
        await page.GotoAsync($"/workspaces/{workspace}/programmes/{programme.Id}/sessions/{session.Id}/edit");
        await Expect(page.GetByTestId("edit-session-error")).ToHaveTextAsync("此会议已取消，无法修改；请另行安排新的会议。");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "修改会议" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheSlotFormRepliesEditsCalendarAndMonthReadInChineseAndTheOfficesInEnglish()
    {
        const string link = "https://meet.example.org/jiansuo-celue";
        await using var app = new CooperationApp(kestrel: true, settings: NoDemo);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var member = await app.CreateUserAsync("mei@scheduling.example");
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(admin, "检索实践");
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        const string title = "审查员交流：北京、阿拉木图与圣地亚哥比较机械工程领域的检索策略，并以各局的实际案例逐一说明";
        var programme = await ProgrammeTestData.CreateProgrammeAsync(admin, workspace, offices["Beijing"], [offices["Almaty"], offices["Santiago"]], title);
        var programmePath = $"/workspaces/{workspace}/programmes/{programme.Id}";
        var day = NextMonday();

        // The browser is in Almaty, the programme's host in Beijing: the picker offers the browser's zone beside the host's.
        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword, timezoneId: "Asia/Almaty");
        await page.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await page.GotoAsync(programmePath);

        // The zone picker offers the browser's zone; the slot leaves Santiago out, and so does the form it fills.
        await Expect(page.GetByTestId("session-zone")).ToHaveAttributeAsync("list", "iana-zones");
        await Expect(page.GetByTestId("zone-detect")).ToHaveTextAsync("使用此浏览器的时区：Asia/Almaty");
        await page.GetByTestId("slot-from").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByTestId("slot-to").FillAsync(day.ToString("yyyy-MM-dd"));
        await page.GetByLabel("至少这么多个局").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找时段" }).ClickAsync();
        await Expect(page.GetByTestId("slot-results")).ToContainTextAsync($"不含: {offices["Santiago"].Name}");
        await page.GetByTestId("use-slot").First.ClickAsync();
        var form = page.GetByTestId("schedule-form");
        await Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = offices["Beijing"].Name })).ToBeCheckedAsync();
        await Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = offices["Almaty"].Name })).ToBeCheckedAsync();
        await Expect(form.GetByRole(AriaRole.Checkbox, new() { Name = offices["Santiago"].Name })).Not.ToBeCheckedAsync();
        await form.GetByLabel("线上链接").FillAsync(link);
        await BrowserFixture.ScreenshotAsync(page, "scheduling-slot-form-zh");
        await page.GetByTestId("schedule-session").ClickAsync();
        await Expect(page.GetByTestId("programme-notice")).ToHaveTextAsync("会议已安排。");
        await Expect(page.GetByTestId("session-warning")).ToHaveCountAsync(0);
        var session = await app.WithDbAsync(db => db.ProgrammeSessions.AsNoTracking().SingleAsync(s => s.ProgrammeId == programme.Id, Ct));
        Assert.Equal(new[] { offices["Beijing"].Id, offices["Almaty"].Id }.Order(), session.OfficeIds.Order());

        // The member's buttons say what they do ("接受"); the state beside them says what was done ("已接受").
        var memberPage = await browser.OpenAsync(app, member.Email, CooperationApp.UserPassword, timezoneId: "Asia/Almaty");
        await memberPage.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await Expect(memberPage.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await memberPage.GotoAsync(programmePath);
        var accept = memberPage.GetByTestId("session-row").GetByRole(AriaRole.Button, new() { Name = "接受", Exact = true });
        await Expect(accept).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(memberPage.GetByTestId("session-row").GetByRole(AriaRole.Button, new() { Name = "可能参加", Exact = true })).ToBeVisibleAsync();
        await accept.ClickAsync();
        await Expect(memberPage.GetByTestId("my-reply")).ToHaveTextAsync("您的回复：已接受");
        await Expect(memberPage.GetByTestId("session-row").GetByRole(AriaRole.Button, new() { Name = "接受", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await BrowserFixture.ScreenshotAsync(memberPage, "scheduling-reply-zh");

        // The coordinator moves the session an hour later on its edit page, in Chinese.
        await page.GetByTestId("edit-session").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "修改会议" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("session-link")).ToHaveValueAsync(link);
        var start = await page.GetByTestId("session-start").InputValueAsync();
        var moved = DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture).AddHours(1);
        await page.GetByTestId("session-end").FillAsync(moved.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByTestId("session-start").FillAsync(moved.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await BrowserFixture.ScreenshotAsync(page, "scheduling-edit-zh");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.GetByTestId("programme-notice")).ToHaveTextAsync("会议已修改。");
        await Expect(page.GetByTestId("session-warning")).ToHaveCountAsync(0);
        Assert.Equal(session.StartUtc.AddHours(1), await app.WithDbAsync(db => db.ProgrammeSessions.Where(s => s.Id == session.Id).Select(s => s.StartUtc).SingleAsync(Ct)));

        // The calendar the page offers carries the meeting link as the event's URL, its location and in its description.
        var href = await page.GetByTestId("programme-ics").GetAttributeAsync("href");
        var feed = await page.APIRequest.GetAsync(href!);
        Assert.True(feed.Ok, $"{href}: {feed.Status}");
        var entry = Assert.Single(IcalCalendar.Load(await feed.TextAsync())!.Events);
        Assert.Equal((new Uri(link), link), (entry.Url, entry.Location));
        Assert.Contains($"Online meeting: {link}", entry.Description, StringComparison.Ordinal);
        Assert.Equal(session.StartUtc.AddHours(1), entry.DtStart!.AsUtc);

        // In the month, the long Chinese title wraps in its day instead of being cut, and its tooltip holds all of it.
        await memberPage.GotoAsync($"/agenda?month={moved:yyyy-MM}");
        var item = memberPage.GetByTestId("month-item").First;
        await Expect(item).ToHaveAttributeAsync("title", new Regex(Regex.Escape(title)));
        Assert.Equal("normal", await item.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace"));
        Assert.True(await item.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "The title is not cut off.");
        var month = await BrowserFixture.ScreenshotAsync(memberPage, "scheduling-month-zh");
        Assert.True(new FileInfo(month).Length > 10_000, "The screenshot shows a rendered page.");

        // The offices in English: the time in each now, working days edited, a holiday typed by hand, one refused.
        // Switching language above saved Chinese in the administrator's profile, so this sign-in brings it: switch back.
        var english = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        await english.GetByTestId("language-switch").SelectOptionAsync("en");
        await Expect(english.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var cairo = offices["Cairo"];
        await english.GotoAsync("/offices");
        await Expect(english.GetByRole(AriaRole.Columnheader, new() { Name = "Local time now" })).ToBeVisibleAsync();
        await Expect(english.GetByRole(AriaRole.Row).Filter(new() { HasText = offices["Kathmandu"].Name }).GetByTestId("office-local-time")).ToContainTextAsync("(UTC+05:45)");
        await english.GetByRole(AriaRole.Link, new() { Name = cairo.Name }).ClickAsync();
        var days = english.GetByTestId("office-working-days");
        await Expect(days.GetByRole(AriaRole.Checkbox, new() { Name = "Sunday" })).ToBeCheckedAsync();
        await Expect(days.GetByRole(AriaRole.Checkbox, new() { Name = "Friday" })).Not.ToBeCheckedAsync();
        await days.GetByRole(AriaRole.Checkbox, new() { Name = "Friday" }).CheckAsync();
        await english.GetByTestId("office-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(english.GetByRole(AriaRole.Row).Filter(new() { HasText = cairo.Name })).ToContainTextAsync("Sun–Fri");
        Assert.Equal(WorkingDays.SundayToThursday | WorkingDays.Friday, await WorkingDaysAsync(app, cairo.Id));
        await english.GotoAsync($"/offices?edit={cairo.Id}");
        foreach (var box in await english.GetByTestId("office-working-days").GetByRole(AriaRole.Checkbox).AllAsync())
        {
            await box.UncheckAsync();
        }

        await english.GetByTestId("office-form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(english.GetByTestId("office-error")).ToHaveTextAsync("Choose at least one working day.");
        await BrowserFixture.ScreenshotAsync(english, "scheduling-offices-en");
        Assert.Equal(WorkingDays.SundayToThursday | WorkingDays.Friday, await WorkingDaysAsync(app, cairo.Id));

        await english.GotoAsync($"/offices/{cairo.Id}/holidays");
        await english.GetByTestId("holiday-date").FillAsync("2027-04-25");
        await english.GetByTestId("holiday-name").FillAsync("Sinai Liberation Day");
        await english.GetByRole(AriaRole.Button, new() { Name = "Add holiday" }).ClickAsync();
        await Expect(english.GetByTestId("holiday-notice")).ToHaveTextAsync("2027-04-25 was added: Sinai Liberation Day.");
        await english.GetByTestId("holiday-date").FillAsync("2300-01-01");
        await english.GetByTestId("holiday-name").FillAsync("The far future");
        await english.GetByRole(AriaRole.Button, new() { Name = "Add holiday" }).ClickAsync();
        await Expect(english.GetByTestId("holiday-error")).ToHaveTextAsync("'2300-01-01' is not a day of the calendar: write it as 2027-03-21, in a year from 1900 to 2199.");
        await Expect(english.GetByTestId("holiday-row")).ToHaveCountAsync(1);
        var holidays = await BrowserFixture.ScreenshotAsync(english, "scheduling-holidays-en");
        Assert.True(new FileInfo(holidays).Length > 10_000, "The screenshot shows a rendered page.");
        Assert.Equal(["Sinai Liberation Day"], await app.WithDbAsync(db => db.OfficeHolidays.Where(h => h.OfficeId == cairo.Id).Select(h => h.Name).ToListAsync(Ct)));
    }

    private static Task<WorkingDays> WorkingDaysAsync(CooperationApp app, Guid officeId) =>
        app.WithDbAsync(db => db.Offices.Where(o => o.Id == officeId).Select(o => o.WorkingDays).SingleAsync(Ct));
}
