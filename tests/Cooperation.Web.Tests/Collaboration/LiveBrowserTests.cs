using Cooperation.Web.Tests.Browser;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>Two people in two Chromium contexts on the workspace page; updates arrive without a reload.</summary>
public sealed class LiveBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public LiveBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        // Patience for a loaded two-core machine; these are limits against hanging, not measures of speed.
        SetDefaultExpectTimeout(60_000);
    }

    private const string ImageAttack = "<img src=x onerror=\"window.__pwned = 'img'\">";
    private const string ScriptAttack = "<script>window.__pwned = 'script'</script>";

    [Fact]
    public async Task TwoPeopleChatLiveAndMarkupInMessagesShowsAsTextAndRunsNothing()
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

        // A document event appears in the other person's activity list without a reload.
        await app.PublishAsync(scene.WorkspaceId, "document.uploaded", new { documentId = Guid.NewGuid(), title = "Agenda <b>2027</b>.docx" });
        await Expect(bob.GetByTestId("activity")).ToContainTextAsync("Agenda <b>2027</b>.docx");

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
            Assert.Null(await page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        }

        // Reloading shows the same history, still as text.
        await bob.ReloadAsync();
        await Expect(bob.GetByTestId("chat-log")).ToContainTextAsync(ImageAttack);
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

    private async Task<IPage> OpenSignedInAsync(CooperationApp app, string email)
    {
        var page = await _browser.OpenAsync(app);
        page.Context.SetDefaultTimeout(120_000);
        await BrowserFixture.SignInAsync(page, email, CooperationApp.UserPassword);
        return page;
    }
}
