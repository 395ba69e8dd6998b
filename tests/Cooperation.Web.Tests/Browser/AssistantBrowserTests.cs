using Cooperation.Web.Tests.Assistant;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Browser;

/// <summary>The "Ask the assistant" panel of the workspace page in Chromium, and the citation link it gives.</summary>
public sealed class AssistantBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AMemberAsksFromTheKeyboardSeesTheAnswerAndFollowsTheCitationToTheMarkedPassage()
    {
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var member = await app.CreateUserAsync("asker@assistant-browser.example");
        var workspace = await member.Client.CreateWorkspaceAsync("Foreign-related disputes");
        var document = await member.UploadMaterialAsync(workspace, TwoPrivateWorkspaces.ProvisionsFile, TwoPrivateWorkspaces.ProvisionsTitle);

        var page = await browser.OpenAsync(app);
        page.Context.SetDefaultTimeout(120_000);
        await BrowserFixture.SignInAsync(page, member.Email, CooperationApp.UserPassword);
        await page.GotoAsync($"/workspaces/{workspace}");
        await Expect(page.GetByTestId("live-status")).ToHaveTextAsync("Live");

        // An empty question is refused with a sentence, and the panel keeps working.
        await page.GetByTestId("assistant-input").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("assistant-error")).ToContainTextAsync("Ask a question");

        await page.GetByTestId("assistant-input").FillAsync("《国务院关于涉外知识产权纠纷处理的规定》自何时起施行？");
        await page.GetByTestId("assistant-input").PressAsync("Enter");
        await Expect(page.GetByTestId("assistant-status")).ToHaveTextAsync("Answered.");
        await Expect(page.GetByTestId("assistant-error")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("assistant-answer")).ToContainTextAsync("2025年5月1日");
        var link = page.GetByTestId("assistant-citations").GetByRole(AriaRole.Link).First;
        await Expect(link).ToContainTextAsync("国务院关于涉外知识产权纠纷处理的规定");
        await Expect(page.GetByTestId("assistant-citations").Locator("li").First).ToContainTextAsync("from workspace Foreign-related disputes");
        var quote = await page.GetByTestId("assistant-citations").Locator("blockquote").First.InnerTextAsync();

        await link.ClickAsync();
        await page.WaitForURLAsync($"**/workspaces/{workspace}/documents/{document}?**#cited");
        var cited = page.GetByTestId("cited-text");
        await Expect(cited).ToBeVisibleAsync();
        await Expect(cited).ToBeInViewportAsync();
        var start = string.Concat(quote.Where(c => !char.IsWhiteSpace(c)))[..10];
        Assert.StartsWith(start, string.Concat((await cited.InnerTextAsync()).Where(c => !char.IsWhiteSpace(c))));
        await Expect(page.GetByTestId("cited-section")).ToContainTextAsync("Cited by the assistant:");

        // In Chinese, a question these documents do not answer is declined, and says so in Chinese.
        await page.GotoAsync($"/workspaces/{workspace}");
        await page.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await page.WaitForURLAsync($"**/workspaces/{workspace}");
        await Expect(page.GetByTestId("assistant")).ToContainTextAsync("询问助手");
        await Expect(page.GetByTestId("live-status")).ToHaveTextAsync("实时");
        await page.GetByTestId("assistant-input").FillAsync("根据《巴黎公约》，专利申请的优先权期限是多长？");
        await page.GetByTestId("assistant-input").PressAsync("Enter");
        await Expect(page.GetByTestId("assistant-status")).ToHaveTextAsync("本工作区的文档中找不到答案。");
        Assert.Equal(0, await page.GetByTestId("assistant-citations").Locator("blockquote").CountAsync());
    }
}
