using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.Playwright;

namespace Cooperation.Web.Tests.Browser;

public sealed class DocumentBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AMemberUploadsTwoFilesReadsTheTextPreviewAndAddsAVersion()
    {
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["DocumentExtraction:PollInterval"] = "00:00:00.200",
        });
        var coordinator = await app.CreateUserAsync("coordinator@browser-documents.example");
        var member = await app.CreateUserAsync("member@browser-documents.example");
        var workspace = await coordinator.Client.CreateWorkspaceAsync("Browser documents");
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);

        var page = await browser.OpenAsync(app, member.Email, CooperationApp.UserPassword);
        await page.GotoAsync($"/workspaces/{workspace}");

        // Two files at once, each with its own progress bar.
        await page.GetByTestId("upload-input").SetInputFilesAsync(
        [
            new FilePayload { Name = "priority-rules.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf(["Article 4 The priority period is twelve months.", "Article 5 Designs have six months."]) },
            new FilePayload { Name = "meeting-notes.md", MimeType = "text/markdown", Buffer = TestFiles.Text("# Meeting notes\n\nThe offices agreed on an examiner exchange.") },
        ]);
        var items = page.GetByTestId("upload-item");
        await Assertions.Expect(items).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=upload-item][data-state=done]")).ToHaveCountAsync(2);
        foreach (var bar in await page.Locator("[data-testid=upload-item] progress").AllAsync())
        {
            Assert.Equal("100", await bar.EvaluateAsync<string>("b => String(b.value)"));
        }

        await Assertions.Expect(page.GetByTestId("document-row")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "documents-uploaded");

        // The text preview, page by page, once the queue has read the PDF.
        await page.GetByRole(AriaRole.Link, new() { Name = "priority-rules" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("document-title")).ToHaveTextAsync("priority-rules");
        for (var attempt = 0; attempt < 300 && await page.GetByTestId("page-text").CountAsync() == 0; attempt++)
        {
            await page.WaitForTimeoutAsync(200);
            await page.ReloadAsync();
        }

        await Assertions.Expect(page.GetByTestId("page-text")).ToContainTextAsync("priority period is twelve months");
        await page.GetByTestId("next-page").ClickAsync();
        await Assertions.Expect(page.GetByTestId("page-text")).ToContainTextAsync("Designs have six months");

        // A new version: the version list updates without leaving the page.
        await Assertions.Expect(page.GetByTestId("version-row")).ToHaveCountAsync(1);
        await page.GetByTestId("version-input").SetInputFilesAsync(new FilePayload
        {
            Name = "priority-rules-2024.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf(["Article 4 The priority period is twelve months, amended."]),
        });
        await Assertions.Expect(page.Locator("[data-testid=upload-item][data-state=done]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("version-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-testid=version-row][data-version='2']")).ToContainTextAsync("priority-rules-2024.pdf");
        await Assertions.Expect(page.Locator("[data-testid=version-row][data-version='2']")).ToContainTextAsync("Current");
        await BrowserFixture.ScreenshotAsync(page, "documents-new-version");
    }

    [Fact]
    public async Task AnUploadFromThePageWithoutTheAntiforgeryTokenIsRefused()
    {
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var member = await app.CreateUserAsync("csrf@browser-documents.example");
        var workspace = await member.Client.CreateWorkspaceAsync("CSRF");
        var page = await browser.OpenAsync(app, member.Email, CooperationApp.UserPassword);
        await page.GotoAsync($"/workspaces/{workspace}");

        // A script holding the cookie but not the page's token, as a forged request would be.
        var status = await page.EvaluateAsync<int>(@"async url => {
            const form = new FormData();
            form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'forged.txt');
            const response = await fetch(url, { method: 'POST', body: form, credentials: 'include' });
            return response.status;
        }", $"/api/workspaces/{workspace}/documents");
        Assert.Equal(400, status);
        Assert.Empty(await member.GetAsync<List<Cooperation.Web.Documents.DocumentSummary>>($"/api/workspaces/{workspace}/documents"));
    }
}
