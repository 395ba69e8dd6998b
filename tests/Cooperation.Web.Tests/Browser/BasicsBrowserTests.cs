using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Tests.Programmes;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Browser;

/// <summary>
/// The everyday basics (issue 16, items 1–4) in Chromium, in English and in Chinese: account, error pages, language,
/// and a 390-pixel screen. Screenshots go to artifacts/test/basics-*.png.
/// </summary>
public sealed class BasicsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string NewPassword = "pat-new-password-2";

    [Fact]
    public async Task APersonChangesTheirPasswordAndProfileEndsTheirOtherSessionAndRestoresFromTheTrash()
    {
        await using var app = new CooperationApp(kestrel: true);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var pat = await app.CreateUserAsync("pat@basics.example");
        var elsewhere = await browser.OpenAsync(app, pat.Email, CooperationApp.UserPassword);
        var page = await browser.OpenAsync(app, pat.Email, CooperationApp.UserPassword);

        await page.GetByTestId("profile-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your profile", Exact = true })).ToBeVisibleAsync();

        // Refusals say what is wrong and change nothing.
        await ChangePasswordAsync(page, "not-my-password-1", NewPassword);
        await Expect(page.GetByTestId("password-error")).ToHaveTextAsync("The current password is not right. Nothing was changed.");
        await ChangePasswordAsync(page, CooperationApp.UserPassword, "onlyletters");
        await Expect(page.GetByTestId("password-error")).ToContainTextAsync("The new password is too weak: it needs at least 10 characters");
        await Shot(page, "basics-account-refused-en");
        await elsewhere.GotoAsync("/agenda");
        await Expect(elsewhere.GetByRole(AriaRole.Heading, new() { Name = "My agenda" })).ToBeVisibleAsync();

        // The change keeps this session and ends the other one.
        await ChangePasswordAsync(page, CooperationApp.UserPassword, NewPassword);
        await Expect(page.GetByTestId("profile-notice")).ToContainTextAsync("Your password was changed.");
        await elsewhere.ReloadAsync();
        await Expect(elsewhere).ToHaveURLAsync(new Regex("/account/sign-in"));

        // Profile: an unknown zone is refused; a known one, with Chinese, is saved and the page turns Chinese.
        await page.GetByTestId("profile-zone").FillAsync("Asia/Atlantis");
        await page.GetByTestId("profile-save").ClickAsync();
        await Expect(page.GetByTestId("profile-error")).ToHaveTextAsync("'Asia/Atlantis' is not an IANA time zone (for example Asia/Shanghai, Africa/Cairo, America/Santiago).");
        await page.GetByTestId("profile-zone").FillAsync("Asia/Almaty");
        await page.GetByTestId("profile-language").SelectOptionAsync("zh-Hans");
        await page.GetByTestId("profile-save").ClickAsync();
        await Expect(page.GetByTestId("profile-notice")).ToHaveTextAsync("您的个人资料已保存。");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Expect(page.GetByTestId("profile-zone")).ToHaveValueAsync("Asia/Almaty");
        await page.GotoAsync("/agenda");
        await Expect(page.GetByTestId("agenda-zone")).ToContainTextAsync("Asia/Almaty");

        // In Chinese: the refusal, then ending the other session again.
        await page.GotoAsync("/account/profile");
        await ChangePasswordAsync(page, "not-my-password-1", "pat-other-password-3");
        await Expect(page.GetByTestId("password-error")).ToHaveTextAsync("当前密码不正确。没有做任何更改。");
        await Shot(page, "basics-account-profile-zh");
        await BrowserFixture.SignInAsync(elsewhere, pat.Email, NewPassword);
        await page.GetByTestId("sign-out-others").ClickAsync();
        await Expect(page.GetByTestId("profile-notice")).ToContainTextAsync("您在本网站的其他会话已退出。");
        await elsewhere.GotoAsync("/");
        await Expect(elsewhere).ToHaveURLAsync(new Regex("/account/sign-in"));

        // A coordinator confirms before deleting (declining keeps the document), then restores it from the trash.
        var workspace = await admin.Client.CreateWorkspaceAsync("Trash");
        var document = (await admin.Client.UploadOkAsync(workspace, "minutes.txt", TestFiles.Text("Minutes."),
            new Dictionary<string, string> { ["title"] = "Minutes of March" })).Document.Id;
        var coordinator = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        await coordinator.GotoAsync($"/workspaces/{workspace}/documents/{document}");
        await coordinator.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await Expect(coordinator.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        var asked = new List<string>();
        coordinator.Dialog += (_, dialog) =>
        {
            asked.Add(dialog.Message);
            _ = asked.Count == 1 ? dialog.DismissAsync() : dialog.AcceptAsync();
        };
        await coordinator.GetByTestId("delete-document").ClickAsync();
        await Expect(coordinator.GetByTestId("delete-document")).ToBeVisibleAsync();
        Assert.Null((await admin.DetailsAsync(workspace, document)).Document.DeletedAt);
        await coordinator.GetByTestId("delete-document").ClickAsync();
        await Expect(coordinator.GetByTestId("restore-document")).ToBeVisibleAsync();
        Assert.Equal("将此文档移到回收站？协调员可以从回收站恢复它。", asked[0]);

        await coordinator.GotoAsync($"/workspaces/{workspace}");
        await coordinator.GetByTestId("trash-link").ClickAsync();
        await Expect(coordinator.GetByTestId("trash-row")).ToContainTextAsync("Minutes of March");
        await Shot(coordinator, "basics-trash-zh");
        await coordinator.GetByTestId("restore-from-trash").ClickAsync();
        await Expect(coordinator.GetByTestId("document-title")).ToHaveTextAsync("Minutes of March");
        Assert.Null((await admin.DetailsAsync(workspace, document)).Document.DeletedAt);
    }

    [Fact]
    public async Task ACoordinatorWithdrawsInvitationsRestoresFromTheTrashSavesAProfileAndEndsOtherSessionsInEnglishAndChinese()
    {
        await using var app = new CooperationApp(kestrel: true);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var workspace = await admin.Client.CreateWorkspaceAsync("Invitations");
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        var elsewhere = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        var asked = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            // Each language's first question is declined, its second accepted.
            asked.Add(dialog.Message);
            _ = asked.Count % 2 == 1 ? dialog.DismissAsync() : dialog.AcceptAsync();
        };

        foreach (var (language, shortName, t) in new[] { ("en", "en", English), ("zh-Hans", "zh", Chinese) })
        {
            if (language != "en")
            {
                await page.GetByTestId("language-switch").SelectOptionAsync(language);
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            }

            // Two invitations wait for an answer, a third was accepted: only the two are pending, and one is withdrawn.
            var withdrawn = await InviteAsync(admin, workspace, $"withdrawn-{language}@basics.example");
            var kept = await InviteAsync(admin, workspace, $"kept-{language}@basics.example");
            var accepted = await InviteAsync(admin, workspace, $"accepted-{language}@basics.example");
            (await app.AnonymousClient().PostAsJsonAsync("/api/invitations/accept",
                new { token = accepted.Link.Split('/').Last(), displayName = "Accepted", password = "accepted-password-1" }, Ct)).EnsureSuccessStatusCode();
            await page.GotoAsync($"/workspaces/{workspace}");
            var pending = page.GetByTestId("pending-invitations");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = t["Pending invitations"] })).ToBeVisibleAsync();
            await Expect(pending).ToContainTextAsync(withdrawn.Email);
            await Expect(pending).ToContainTextAsync(kept.Email);
            await Expect(pending).Not.ToContainTextAsync(accepted.Email);
            await pending.GetByRole(AriaRole.Row).Filter(new() { HasText = withdrawn.Email }).GetByRole(AriaRole.Button, new() { Name = t["Withdraw"] }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = t["The invitation was withdrawn."] })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("pending-invitations")).Not.ToContainTextAsync(withdrawn.Email);
            await Expect(page.GetByTestId("pending-invitations")).ToContainTextAsync(kept.Email);
            await Shot(page, $"basics-coordinator-invitations-{shortName}");
            var revoked = await app.WithDbAsync(db => db.Invitations.Where(i => i.WorkspaceId == workspace && i.RevokedAt != null).Select(i => i.Email).ToListAsync(Ct));
            Assert.Contains(withdrawn.Email, revoked);
            Assert.DoesNotContain(kept.Email, revoked);

            // Deleting asks first (declining keeps the document); the trash lists it and restores it.
            var title = $"Minutes in {language}";
            var document = (await admin.Client.UploadOkAsync(workspace, $"minutes-{language}.txt", TestFiles.Text("Minutes."),
                new Dictionary<string, string> { ["title"] = title })).Document.Id;
            await page.GotoAsync($"/workspaces/{workspace}/documents/{document}");
            await page.GetByTestId("delete-document").ClickAsync();
            await Expect(page.GetByTestId("delete-document")).ToBeVisibleAsync();
            Assert.Null((await admin.DetailsAsync(workspace, document)).Document.DeletedAt);
            await page.GetByTestId("delete-document").ClickAsync();
            await Expect(page.GetByTestId("restore-document")).ToBeVisibleAsync();
            Assert.NotNull((await admin.DetailsAsync(workspace, document)).Document.DeletedAt);
            Assert.Equal(t["Move this document to the trash? A coordinator can restore it from the trash."], asked[^1]);
            await page.GotoAsync($"/workspaces/{workspace}");
            await page.GetByTestId("trash-link").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = t["Trash"], Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("trash-row")).ToContainTextAsync(title);
            await Shot(page, $"basics-coordinator-trash-{shortName}");
            await page.GetByTestId("restore-from-trash").ClickAsync();
            await Expect(page.GetByTestId("document-title")).ToHaveTextAsync(title);
            Assert.Null((await admin.DetailsAsync(workspace, document)).Document.DeletedAt);

            // The profile's name and office, saved and read back.
            await page.GotoAsync("/account/profile");
            var (name, office) = language == "en" ? ("Amina Haddad", offices["Cairo"]) : ("李伟", offices["Beijing"]);
            var profile = page.GetByTestId("profile-form");
            await profile.Locator("input[name=DisplayName]").FillAsync(name);
            await profile.Locator("select[name=OfficeId]").SelectOptionAsync(office.Id.ToString());
            await page.GetByTestId("profile-save").ClickAsync();
            await Expect(page.GetByTestId("profile-notice")).ToHaveTextAsync(t["Your profile was saved."]);
            await Expect(page.GetByTestId("profile-form").Locator("input[name=DisplayName]")).ToHaveValueAsync(name);
            var saved = await app.WithDbAsync(db => db.Users.Where(u => u.Email == CooperationApp.AdminEmail).Select(u => new { u.DisplayName, u.OfficeId }).SingleAsync(Ct));
            Assert.Equal((name, (Guid?)office.Id), (saved.DisplayName, saved.OfficeId));

            // Signing out everywhere else ends the other browser's session and keeps this one.
            await page.GetByTestId("sign-out-others").ClickAsync();
            await Expect(page.GetByTestId("profile-notice")).ToContainTextAsync(t["Your other sessions on the site were signed out."]);
            await Shot(page, $"basics-account-sessions-{shortName}");
            await elsewhere.GotoAsync("/");
            await Expect(elsewhere).ToHaveURLAsync(new Regex("/account/sign-in"));
            await page.GotoAsync("/");
            await Expect(page.Locator("form[action='/account/sign-out']")).ToBeAttachedAsync();
            await BrowserFixture.SignInAsync(elsewhere, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        }
    }

    [Fact]
    public async Task ErrorPagesAndTheFaviconInEnglishAndChinese()
    {
        await using var app = new CooperationApp(kestrel: true);
        var member = await app.CreateUserAsync("member@basics.example");
        var page = await browser.OpenAsync(app, member.Email, CooperationApp.UserPassword);

        // A member on an administrator's page: the 403 page, not the sign-in form.
        var forbidden = await page.GotoAsync("/offices");
        Assert.Equal(403, forbidden!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Shot(page, "basics-error-403-en");
        var missing = await page.GotoAsync($"/workspaces/{Guid.NewGuid()}");
        Assert.Equal(404, missing!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Shot(page, "basics-error-404-en");

        // Switching language on the error page comes back to the same address, now in Chinese.
        await page.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "找不到页面" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/workspaces/"));
        await Shot(page, "basics-error-404-zh");
        await page.GotoAsync("/offices");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "不允许" })).ToBeVisibleAsync();
        await Shot(page, "basics-error-403-zh");

        // The API keeps ProblemDetails for the same browser.
        var api = await page.GotoAsync($"/api/workspaces/{Guid.NewGuid()}");
        Assert.Equal(404, api!.Status);
        Assert.StartsWith("application/problem+json", api.Headers["content-type"]);

        // The icon every page names loads as an image.
        await page.GotoAsync("/");
        await Expect(page.Locator("link[rel=icon]")).ToHaveAttributeAsync("href", "/favicon.svg");
        Assert.True(await page.EvaluateAsync<bool>("""
            () => new Promise(done => { const icon = new Image(); icon.onload = () => done(icon.naturalWidth > 0); icon.onerror = () => done(false); icon.src = "/favicon.svg"; })
            """));
    }

    [Fact]
    public async Task CountsDatesWorkingDaysTheAuditLogAndMentionsReadNaturallyInEnglishAndChinese()
    {
        await using var app = new CooperationApp(kestrel: true);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var member = await app.CreateUserAsync("li.wei@basics.example");
        var workspace = await admin.Client.CreateWorkspaceAsync("Language");
        var document = (await admin.Client.UploadOkAsync(workspace, "agenda.txt", TestFiles.Text("Day one."))).Document.Id;
        // Names in the offices' other scripts, for the font stack (the screenshots show whether they render).
        await admin.Client.CreateWorkspaceAsync("Сотрудничество ведомств — تعاون المكاتب");
        (await admin.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email = "guest@basics.example", role = "observer" },
            TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        await Expect(page.GetByTestId("workspace-list")).ToContainTextAsync("1 member");
        await Expect(page.GetByTestId("workspace-list")).Not.ToContainTextAsync("1 members");
        await Shot(page, "basics-language-home-en");
        await page.GotoAsync("/account/tokens");
        var expires = await page.GetByTestId("token-expires").First.InnerTextAsync();
        Assert.Matches(@"^\w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2} \(in ", expires);
        Assert.DoesNotMatch(@"\d{4}-\d{2}-\d{2}", expires);
        await page.GotoAsync("/offices");
        await Expect(page.GetByTestId("offices")).ToContainTextAsync("Mon–Fri");
        await Expect(page.GetByTestId("offices")).Not.ToContainTextAsync("MondayToFriday");
        await page.GotoAsync($"/workspaces/{workspace}");
        await Expect(page.GetByTestId("audit")).ToContainTextAsync("invited guest@basics.example as Observer");
        await Expect(page.GetByTestId("audit")).ToContainTextAsync("created the workspace “Language");
        await Expect(page.GetByTestId("audit")).Not.ToContainTextAsync("member.invited");
        await Shot(page, "basics-language-workspace-en");

        // A member mentions the administrator in Markdown: the notice shows it formatted, not as asterisks.
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        await Expect(page.GetByTestId("live-status")).ToHaveTextAsync("Live");
        (await member.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/documents/{document}/comments",
            new { text = "**Please check** the dates, @admin." }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var mention = page.Locator("[data-testid=activity] .mention");
        await Expect(mention.Locator(".mention-excerpt strong")).ToHaveTextAsync("Please check");
        await Expect(mention).Not.ToContainTextAsync("**");

        // A font stack that names faces for Latin and Cyrillic, Chinese and Arabic; Chinese pages put a Chinese face first.
        var fonts = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily");
        Assert.StartsWith("system-ui", fonts, StringComparison.Ordinal);
        Assert.Contains("\"Noto Sans CJK SC\"", fonts, StringComparison.Ordinal);
        Assert.Contains("\"Noto Sans Arabic\"", fonts, StringComparison.Ordinal);

        // The same pages in Chinese, and a mention arriving on the Chinese page.
        await page.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await Expect(page.GetByTestId("audit")).ToContainTextAsync("邀请了 guest@basics.example，身份为观察员");
        await Expect(page.GetByTestId("audit")).ToContainTextAsync("创建了工作区");
        Assert.StartsWith("\"Microsoft YaHei\"", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).fontFamily"), StringComparison.Ordinal);
        await Expect(page.GetByTestId("live-status")).ToHaveTextAsync("实时");
        (await member.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/documents/{document}/comments",
            new { text = "**请核对** 日期 @admin " }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var chineseMention = page.Locator("[data-testid=activity] .mention").Filter(new() { HasText = "日期" });
        await Expect(chineseMention).ToContainTextAsync("提到了您：");
        await Expect(chineseMention.Locator(".mention-excerpt strong")).ToHaveTextAsync("请核对");
        await Expect(chineseMention).Not.ToContainTextAsync("**");
        await Shot(page, "basics-language-workspace-zh");
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("workspace-list")).ToContainTextAsync("2 名成员");
        await Expect(page.GetByTestId("workspace-list")).ToContainTextAsync("Сотрудничество ведомств — تعاون المكاتب");
        await Shot(page, "basics-language-home-zh");
        await page.GotoAsync("/account/tokens");
        Assert.Matches(@"^\d{4}年\d{1,2}月\d{1,2}日 周. \d{2}:\d{2}", await page.GetByTestId("token-expires").First.InnerTextAsync());
        await page.GotoAsync("/offices");
        await Expect(page.GetByTestId("offices")).ToContainTextAsync("周一至周五");
        await page.GotoAsync("/agenda");
        Assert.Matches(@"^\d{4}年\d{1,2}月$", await page.Locator("h2").Nth(1).InnerTextAsync());
        await Shot(page, "basics-language-agenda-zh");
        await page.GotoAsync("/account/teams");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "已关联的 Teams 账户" })).ToBeVisibleAsync();
        await page.GotoAsync("/admin/bot-feedback");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "对助手的反馈" })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("0 个赞");
    }

    [Fact]
    public async Task EveryMainPageFitsA390PixelScreenInEnglishAndChinese()
    {
        await using var app = new CooperationApp(kestrel: true);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var workspace = await admin.Client.CreateWorkspaceAsync("A workspace with a rather long name for a narrow screen");
        var document = (await admin.Client.UploadOkAsync(workspace, "a-file-name-without-any-spaces-that-goes-on-and-on-and-on.txt",
            TestFiles.Text("Article 1. " + new string('x', 300)))).Document.Id;
        var deleted = (await admin.Client.UploadOkAsync(workspace, "old.txt", TestFiles.Text("Old minutes."))).Document.Id;
        (await admin.Client.DeleteAsync($"/api/workspaces/{workspace}/documents/{deleted}", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var programme = await ProgrammeTestData.CreateProgrammeAsync(admin, workspace, offices["Beijing"], [offices["Almaty"], offices["Cairo"]]);
        var day = DateTime.UtcNow.Date.AddDays(10);
        await ProgrammeTestData.CreateSessionAsync(admin, workspace, programme.Id,
            new SessionInput($"{day:yyyy-MM-dd}T10:00", $"{day:yyyy-MM-dd}T12:00", "Asia/Shanghai", Title: "Opening"));
        (string Path, string Name)[] pages =
        [
            ("/", "home"), ($"/workspaces/{workspace}", "workspace"), ($"/workspaces/{workspace}?deleted=true", "trash"),
            ($"/workspaces/{workspace}/documents/{document}", "document"), ($"/workspaces/{workspace}/programmes/{programme.Id}", "programme"),
            ($"/workspaces/{workspace}/programmes/new", "new-programme"), ("/agenda", "agenda"), ("/account/profile", "profile"),
            ("/account/tokens", "tokens"), ("/account/teams", "teams"), ("/offices", "offices"),
            ($"/offices/{offices["Cairo"].Id}/holidays", "holidays"), ("/admin/bot-feedback", "bot-feedback"), ("/no-such-page", "not-found"),
        ];

        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword, width: 390);
        var anonymous = await browser.OpenAsync(app, width: 390);
        var tooWide = new List<string>();
        foreach (var language in new[] { "en", "zh-Hans" })
        {
            // The menu is folded behind its button; opened, it holds the links and the language switch.
            await page.GotoAsync("/");
            var menu = page.Locator("#site-menu");
            await Expect(menu).ToBeHiddenAsync();
            await page.GetByTestId("menu-toggle").ClickAsync();
            await Expect(menu).ToBeVisibleAsync();
            if (language != "en")
            {
                await page.GetByTestId("language-switch").SelectOptionAsync(language);
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                await Expect(menu).ToBeHiddenAsync();
                await page.GetByTestId("menu-toggle").ClickAsync();
            }

            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = language == "en" ? "My agenda" : "我的日程" })).ToBeVisibleAsync();

            foreach (var (path, name) in pages)
            {
                await page.GotoAsync(path);
                await MeasureAsync(page, $"basics-390-{language}-{name}", tooWide);
            }
        }

        await anonymous.GotoAsync("/account/sign-in");
        await MeasureAsync(anonymous, "basics-390-en-sign-in", tooWide);
        Assert.True(tooWide.Count == 0, "Wider than a 390-pixel screen:\n" + string.Join("\n", tooWide));
    }

    /// <summary>The page's full width (what a person would have to scroll sideways to see), and a screenshot of it.</summary>
    private static async Task MeasureAsync(IPage page, string name, List<string> tooWide)
    {
        await page.WaitForLoadStateAsync(LoadState.Load);
        var width = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
        if (width > 390)
        {
            var culprit = await page.EvaluateAsync<string>("""
                () => [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > 391)
                    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > 391)).slice(0, 3)
                    .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " " + Math.round(e.getBoundingClientRect().right)).join(", ")
                """);
            tooWide.Add($"{page.Url}: {width} px ({culprit})");
        }

        await Shot(page, name);
    }

    /// <summary>The page texts this class checks, as an English and a Chinese reader see them.</summary>
    private static readonly Dictionary<string, string> English = new[]
    {
        "Pending invitations", "Withdraw", "The invitation was withdrawn.", "Trash",
        "Move this document to the trash? A coordinator can restore it from the trash.", "Your other sessions on the site were signed out.",
        "Your profile was saved.",
    }.ToDictionary(text => text);

    private static readonly Dictionary<string, string> Chinese = new()
    {
        ["Pending invitations"] = "待答复的邀请", ["Withdraw"] = "撤回", ["The invitation was withdrawn."] = "邀请已撤回。", ["Trash"] = "回收站",
        ["Move this document to the trash? A coordinator can restore it from the trash."] = "将此文档移到回收站？协调员可以从回收站恢复它。",
        ["Your other sessions on the site were signed out."] = "您在本网站的其他会话已退出。",
        ["Your profile was saved."] = "您的个人资料已保存。",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<InvitationResult> InviteAsync(TestUser coordinator, Guid workspace, string email)
    {
        var response = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email, role = "member" }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<InvitationResult>(ApiJson.Options, Ct))!;
    }

    private static async Task ChangePasswordAsync(IPage page, string current, string next)
    {
        var form = page.GetByTestId("password-form");
        await form.Locator("input[name=currentPassword]").FillAsync(current);
        await form.Locator("input[name=newPassword]").FillAsync(next);
        await page.GetByTestId("password-save").ClickAsync();
    }

    private static async Task Shot(IPage page, string name)
    {
        var path = await BrowserFixture.ScreenshotAsync(page, name);
        Assert.True(new FileInfo(path).Length > 5_000, $"{name}: the screenshot shows a rendered page.");
    }
}
