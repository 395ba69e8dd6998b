using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Programmes;
using Cooperation.Web.Tests.Browser;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>Two people in two Chromium contexts on the workspace page; updates arrive without a reload.</summary>
public sealed class LiveBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ImageAttack = "<img src=x onerror=\"window.__pwned = 'img'\">";
    private const string ScriptAttack = "<script>window.__pwned = 'script'</script>";

    [Fact]
    public async Task AnUploadAChatMessageAndACommentAppearForTheOtherPersonWithoutReloadAndMarkupRunsNothing()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "browser");
        var alice = await OpenSignedInAsync(app, scene.Coordinator.Email);
        var bob = await OpenSignedInAsync(app, scene.Member.Email);
        var dialogs = new List<string>();
        foreach (var page in new[] { alice, bob })
        {
            page.Dialog += (_, dialog) =>
            {
                dialogs.Add(dialog.Message);
                _ = dialog.DismissAsync();
            };
            await page.GotoAsync($"/workspaces/{scene.WorkspaceId}");
        }

        // Bob reads the site in Chinese.
        await bob.GetByTestId("language-switch").SelectOptionAsync("zh-Hans");
        await bob.WaitForURLAsync($"**/workspaces/{scene.WorkspaceId}");

        await Expect(alice.GetByTestId("live-status")).ToHaveTextAsync("Live");
        await Expect(bob.GetByTestId("live-status")).ToHaveTextAsync("实时");

        // Presence: each sees the other online, in their own language.
        await Expect(alice.Locator($"[data-testid=presence] [data-user-id='{scene.Member.Id}']")).ToHaveAttributeAsync("data-status", "online");
        await Expect(bob.Locator($"[data-testid=presence] [data-user-id='{scene.Coordinator.Id}']")).ToContainTextAsync("在线");

        // Chat from the keyboard: type, Enter sends.
        await alice.GetByTestId("chat-input").FillAsync("The agenda for the Almaty visit is ready.");
        await alice.GetByTestId("chat-input").PressAsync("Enter");
        await Expect(bob.GetByTestId("chat-log")).ToContainTextAsync("The agenda for the Almaty visit is ready.");
        await Expect(alice.GetByTestId("chat-input")).ToHaveValueAsync("");

        // Alice uploads a document (through the documents API with her token: the page has no upload form of its
        // own); Bob's page shows it without a reload, the title as text.
        await UploadAsync(scene, "Agenda <b>2027</b>", "agenda.txt", "Day one: opening. Day two: examiner exchange.");
        await Expect(bob.GetByTestId("activity")).ToContainTextAsync("“Agenda <b>2027</b>”");

        // Bob opens the document's comments from there and comments in Markdown, mentioning Alice.
        var aliceHandle = scene.Coordinator.Email.Split('@')[0];
        await bob.GetByTestId("activity").GetByRole(AriaRole.Button).First.ClickAsync();
        await Expect(bob.GetByTestId("comments")).ToBeVisibleAsync();
        await bob.GetByTestId("comment-input").FillAsync($"**Looks good.** Please confirm the hotel, @{aliceHandle}. <script>window.__pwned = 'comment'</script>");
        await bob.GetByTestId("comment-send").ClickAsync();
        await Expect(bob.GetByTestId("comments").Locator(".comment-body strong")).ToHaveTextAsync("Looks good.");

        // Alice is told she was mentioned, opens the comments and sees the rendered text with the markup inert.
        var mention = alice.Locator("[data-testid=activity] .mention");
        await Expect(mention).ToContainTextAsync("Please confirm the hotel");
        await mention.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(alice.GetByTestId("comments").Locator(".comment-body strong")).ToHaveTextAsync("Looks good.");
        await Expect(alice.GetByTestId("comments")).ToContainTextAsync("<script>window.__pwned = 'comment'</script>");
        Assert.Equal(0, await alice.GetByTestId("comments").Locator("script").CountAsync());

        // A reminder of Bob's session reaches Bob's page alone, in Chinese, its title as text, with a link to the programme.
        var programme = Guid.NewGuid();
        await SiteReminders.SendAsync(app, new ReminderMessage(Guid.NewGuid(), scene.Member.Id, scene.WorkspaceId, programme, Guid.NewGuid(),
            "Opening <b>session</b>", DateTime.UtcNow.AddMinutes(30), DateTime.UtcNow.AddMinutes(90), "Asia/Almaty", "Asia/Shanghai",
            TimeSpan.FromMinutes(30), "Room 4", null, $"/workspaces/{scene.WorkspaceId}/programmes/{programme}"));
        var reminder = bob.GetByTestId("reminder");
        await Expect(reminder).ToContainTextAsync("提醒：Opening <b>session</b> 将在 30 分钟后开始。");
        await Expect(reminder.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"/workspaces/{scene.WorkspaceId}/programmes/{programme}");
        Assert.Equal(0, await alice.GetByTestId("reminder").CountAsync());

        // Markup in a message is shown as the characters typed and never becomes an element.
        await alice.GetByTestId("chat-input").FillAsync(ImageAttack);
        await alice.GetByTestId("chat-send").ClickAsync();
        await bob.GetByTestId("chat-input").FillAsync(ScriptAttack);
        await bob.GetByTestId("chat-input").PressAsync("Enter");
        foreach (var page in new[] { alice, bob })
        {
            var log = page.GetByTestId("chat-log");
            await Expect(log).ToContainTextAsync(ImageAttack);
            await Expect(log).ToContainTextAsync(ScriptAttack);
            Assert.Equal(0, await log.Locator("img").CountAsync());
            Assert.Equal(0, await log.Locator("script").CountAsync());
            Assert.Equal(0, await page.GetByTestId("activity").Locator("b").CountAsync());
            Assert.Equal(0, await page.GetByTestId("comments").Locator("script, img").CountAsync());
            Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        }

        // Reloading shows the same history, still as text.
        await bob.ReloadAsync();
        await Expect(bob.GetByTestId("chat-log")).ToContainTextAsync(ImageAttack);
        await Expect(bob.GetByTestId("activity")).ToContainTextAsync("“Agenda <b>2027</b>”");
        Assert.Equal(0, await bob.GetByTestId("chat-log").Locator("img").CountAsync());
        Assert.Null(await bob.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        Assert.Empty(dialogs);
        await BrowserFixture.ScreenshotAsync(alice, "collaboration-chat-alice");
        await BrowserFixture.ScreenshotAsync(bob, "collaboration-chat-bob-zh");
    }

    [Fact]
    public async Task AnOversizeMessageShowsTheServersExplanationAndTheChatKeepsWorking()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "browser-limit");
        var alice = await OpenSignedInAsync(app, scene.Coordinator.Email);
        await alice.GotoAsync($"/workspaces/{scene.WorkspaceId}");
        await Expect(alice.GetByTestId("live-status")).ToHaveTextAsync("Live");

        // The textarea caps characters, but multi-byte text can still exceed the byte limit.
        await alice.GetByTestId("chat-input").FillAsync(new string('专', 3_000));
        await alice.GetByTestId("chat-input").PressAsync("Enter");
        await Expect(alice.GetByRole(AriaRole.Alert)).ToContainTextAsync("the limit is 8 KB");

        await alice.GetByTestId("chat-input").FillAsync("Shorter now.");
        await alice.GetByTestId("chat-input").PressAsync("Enter");
        await Expect(alice.GetByTestId("chat-log")).ToContainTextAsync("Shorter now.");
        await Expect(alice.GetByRole(AriaRole.Alert)).ToBeHiddenAsync();
    }

    private static async Task UploadAsync(HubScene scene, string title, string fileName, string text)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(title), "title");
        var response = await scene.Coordinator.Client.PostAsync($"/api/workspaces/{scene.WorkspaceId}/documents", form, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<IPage> OpenSignedInAsync(CooperationApp app, string email)
    {
        var page = await browser.OpenAsync(app);
        page.Context.SetDefaultTimeout(120_000);
        await BrowserFixture.SignInAsync(page, email, CooperationApp.UserPassword);
        return page;
    }
}
