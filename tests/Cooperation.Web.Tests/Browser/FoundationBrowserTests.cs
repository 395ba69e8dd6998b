using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Browser;

public sealed class FoundationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ACoordinatorSignsInCreatesAWorkspaceInvitesAMemberAndSwitchesToChinese()
    {
        await using var app = new CooperationApp(kestrel: true);
        var page = await browser.OpenAsync(app, CooperationApp.AdminEmail, CooperationApp.AdminPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My workspaces" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("workspace-list")).ToContainTextAsync("Rules library");

        await page.GetByLabel("Name").FillAsync("Examiner exchange 2027");
        await page.GetByLabel("Description").FillAsync("Patent examiners from Almaty visit Beijing.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create workspace" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Examiner exchange 2027" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("workspace-description")).ToHaveTextAsync("Patent examiners from Almaty visit Beijing.");

        await page.GetByTestId("invite-email").FillAsync("aigerim@kazpatent.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();
        var link = await page.GetByTestId("invitation-link").Locator("code").InnerTextAsync();
        Assert.Contains("/account/invitation/", link);
        await Expect(page.GetByTestId("audit")).ToContainTextAsync("invited");

        // The invitee opens the link in their own browser, sets a password and lands in the workspace list.
        var invitee = await browser.OpenAsync(app);
        await invitee.GotoAsync(link);
        await invitee.GetByLabel("Your name").FillAsync("Aigerim");
        await invitee.GetByLabel("Choose a password").FillAsync("aigerim-password-1");
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        await Expect(invitee.GetByTestId("workspace-list")).ToContainTextAsync("Examiner exchange 2027");

        await page.ReloadAsync();
        await Expect(page.GetByTestId("members")).ToContainTextAsync("Aigerim");

        await page.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "成员", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToBeVisibleAsync();

        var screenshot = await BrowserFixture.ScreenshotAsync(page, "foundation-workspace-zh");
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot shows a rendered page.");
    }
}
