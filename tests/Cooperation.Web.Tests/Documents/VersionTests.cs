using System.Net;
using System.Net.Http.Json;
using Cooperation.Knowledge;
using Cooperation.Web.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Documents;

public sealed class VersionTests(DocumentAppFixture fixture) : IClassFixture<DocumentAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Documents => $"/api/workspaces/{fixture.WorkspaceId}/documents";

    [Fact]
    public async Task UploadingOntoADocumentAddsAVersionThatBecomesCurrentAndTheOldOneStaysDownloadable()
    {
        var v1 = TestFiles.Text($"# Minutes\n\nFirst draft {Guid.NewGuid()}");
        var v2 = TestFiles.Text($"# Minutes\n\nSecond draft {Guid.NewGuid()}");
        var created = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "minutes.md", v1);
        var added = await DocumentApi.ReadCreatedAsync(await fixture.Coordinator.Client.UploadVersionAsync(fixture.WorkspaceId, created.Document.Id, "minutes-v2.md", v2));

        Assert.Equal(2, added.Version.Number);
        Assert.Equal(2, added.Document.CurrentVersion);
        var details = await fixture.Observer.DetailsAsync(fixture.WorkspaceId, created.Document.Id);
        Assert.Equal([2, 1], details.Versions.Select(v => v.Number));
        Assert.Equal([true, false], details.Versions.Select(v => v.IsCurrent));
        Assert.Equal(fixture.Coordinator.Email.Split('@')[0], details.Versions[0].UploadedBy);
        Assert.Equal(fixture.Member.Email.Split('@')[0], details.Versions[1].UploadedBy);
        Assert.Equal(v1, await fixture.Observer.Client.GetByteArrayAsync($"{Documents}/{created.Document.Id}/versions/1/content", Ct));
        Assert.Equal(v2, await fixture.Observer.Client.GetByteArrayAsync($"{Documents}/{created.Document.Id}/versions/2/content", Ct));
    }

    [Fact]
    public async Task AnOldVersionCanBeMadeCurrentAgainAndTheIndexFollows()
    {
        var created = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "guide.txt", TestFiles.Text($"Guideline one {Guid.NewGuid()}"));
        await DocumentApi.ReadCreatedAsync(await fixture.Member.Client.UploadVersionAsync(fixture.WorkspaceId, created.Document.Id, "guide.txt", TestFiles.Text($"Guideline two {Guid.NewGuid()}")));
        await fixture.Member.WaitForExtractionAsync(fixture.WorkspaceId, created.Document.Id, 2);
        Assert.Equal(2, await WaitForIndexAsync(created.Document.Id, 2));

        using var response = await fixture.Member.Client.PostAsJsonAsync($"{Documents}/{created.Document.Id}/current", new { version = 1 }, Ct);
        response.EnsureSuccessStatusCode();

        Assert.Equal(1, (await fixture.Member.DetailsAsync(fixture.WorkspaceId, created.Document.Id)).Document.CurrentVersion);
        await fixture.Member.WaitForExtractionAsync(fixture.WorkspaceId, created.Document.Id, 1);
        Assert.Equal(1, await WaitForIndexAsync(created.Document.Id, 1));
        var audit = await fixture.Coordinator.Client.GetStringAsync($"/api/workspaces/{fixture.WorkspaceId}/audit", Ct);
        Assert.Contains("document.version-made-current", audit);
    }

    [Fact]
    public async Task DeletingHidesTheDocumentAndRemovesItFromTheIndexAndRestoringBringsItBack()
    {
        var created = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "law.txt", TestFiles.Text($"Article 1 {Guid.NewGuid()}"));
        var id = created.Document.Id;
        await fixture.Member.WaitForExtractionAsync(fixture.WorkspaceId, id, 1);
        Assert.Equal(1, await WaitForIndexAsync(id, 1));

        using (var byMember = await fixture.Member.Client.DeleteAsync($"{Documents}/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        }

        using (var deleted = await fixture.Coordinator.Client.DeleteAsync($"{Documents}/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Null(await IndexedVersionAsync(id));
        using (var hidden = await fixture.Member.Client.GetAsync($"{Documents}/{id}/versions/1/content", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        Assert.DoesNotContain(await fixture.Member.GetAsync<List<DocumentSummary>>(Documents), d => d.Id == id);
        Assert.Contains(await fixture.Coordinator.GetAsync<List<DocumentSummary>>($"{Documents}?deleted=true"), d => d.Id == id);
        using (var trash = await fixture.Member.Client.GetAsync($"{Documents}?deleted=true", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, trash.StatusCode);
        }

        using (var restored = await fixture.Coordinator.Client.PostAsync($"{Documents}/{id}/restore", null, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        }

        Assert.Equal(1, await IndexedVersionAsync(id));
        Assert.Contains(await fixture.Member.GetAsync<List<DocumentSummary>>(Documents), d => d.Id == id);
    }

    [Fact]
    public async Task OnlyCoordinatorsPurgeAndAPurgeRemovesRowsAndContentAndIsAudited()
    {
        var created = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "old.txt", TestFiles.Text($"obsolete {Guid.NewGuid()}"));
        var id = created.Document.Id;
        await DocumentApi.ReadCreatedAsync(await fixture.Member.Client.UploadVersionAsync(fixture.WorkspaceId, id, "old.txt", TestFiles.Text($"obsolete 2 {Guid.NewGuid()}")));
        var keys = await fixture.App.WithDbAsync(db => db.DocumentVersions.Where(v => v.DocumentId == id).Select(v => v.StorageKey).ToListAsync(Ct));
        Assert.All(keys, key => Assert.True(File.Exists(Path.Combine(fixture.StorePath, key))));

        using (var live = await fixture.Coordinator.Client.PostAsync($"{Documents}/{id}/purge", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, live.StatusCode);
        }

        (await fixture.Coordinator.Client.DeleteAsync($"{Documents}/{id}", Ct)).EnsureSuccessStatusCode();
        using (var byMember = await fixture.Member.Client.PostAsync($"{Documents}/{id}/purge", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byMember.StatusCode);
        }

        using (var purged = await fixture.Coordinator.Client.PostAsync($"{Documents}/{id}/purge", null, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        }

        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.DocumentVersions.CountAsync(v => v.DocumentId == id, Ct)));
        Assert.All(keys, key => Assert.False(File.Exists(Path.Combine(fixture.StorePath, key))));
        using (var gone = await fixture.Coordinator.Client.GetAsync($"{Documents}/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Null(await IndexedVersionAsync(id));
        Assert.Contains("document.purged", await fixture.Coordinator.Client.GetStringAsync($"/api/workspaces/{fixture.WorkspaceId}/audit", Ct));
    }

    [Fact]
    public async Task TheListFiltersAndSortsByMetadata()
    {
        var workspace = await fixture.Coordinator.Client.CreateWorkspaceAsync("Filters");
        var client = fixture.Coordinator.Client;
        await client.UploadOkAsync(workspace, "b.txt", TestFiles.Text("b " + Guid.NewGuid()), new Dictionary<string, string> { ["title"] = "Beta law", ["kind"] = "law", ["language"] = "zh", ["tags"] = "patents", ["countryCode"] = "CN" });
        await client.UploadOkAsync(workspace, "a.txt", TestFiles.Text("a " + Guid.NewGuid() + new string('x', 500)), new Dictionary<string, string> { ["title"] = "Alpha treaty", ["kind"] = "treaty", ["language"] = "fr", ["tags"] = "Patents,priority", ["countryCode"] = "KZ" });
        await client.UploadOkAsync(workspace, "c.txt", TestFiles.Text("c " + Guid.NewGuid()), new Dictionary<string, string> { ["title"] = "Gamma minutes", ["kind"] = "minutes", ["language"] = "en" });
        var url = $"/api/workspaces/{workspace}/documents";

        async Task<string[]> Titles(string query) => (await fixture.Coordinator.GetAsync<List<DocumentSummary>>(url + query)).Select(d => d.Title).ToArray();

        Assert.Equal(["Alpha treaty", "Beta law", "Gamma minutes"], await Titles("?sort=title"));
        Assert.Equal(["Gamma minutes", "Beta law", "Alpha treaty"], await Titles("?sort=title&descending=true"));
        Assert.Equal(["Alpha treaty"], await Titles("?kind=treaty"));
        Assert.Equal(["Beta law"], await Titles("?language=zh"));
        Assert.Equal(["Alpha treaty", "Beta law"], await Titles("?tag=PATENTS&sort=title"));
        Assert.Equal(["Alpha treaty"], await Titles("?country=kz"));
        Assert.Equal(["Gamma minutes"], await Titles("?q=gAmMa"));
        Assert.Equal("Alpha treaty", (await Titles("?sort=size"))[0]);
        using var bad = await fixture.Coordinator.Client.GetAsync(url + "?kind=novel", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task TheListSearchFindsWordsInsideDocumentsOfThisWorkspaceOnly()
    {
        var client = fixture.Coordinator.Client;
        var workspace = await client.CreateWorkspaceAsync("Text search");
        var elsewhere = await client.CreateWorkspaceAsync("Text search elsewhere");
        var marker = "zorvex" + Guid.NewGuid().ToString("N")[..6];
        var inside = (await client.UploadOkAsync(workspace, "rules.txt", TestFiles.Text($"Article 4\n\nThe {marker} right of priority lasts twelve months."), new Dictionary<string, string> { ["title"] = "Filing rules" })).Document.Id;
        var other = (await client.UploadOkAsync(workspace, "minutes.txt", TestFiles.Text("Minutes of the meeting on examiner training."), new Dictionary<string, string> { ["title"] = "Minutes" })).Document.Id;
        var outside = (await client.UploadOkAsync(elsewhere, "copy.txt", TestFiles.Text($"The {marker} right of priority, copied."), new Dictionary<string, string> { ["title"] = "Copy" })).Document.Id;
        await fixture.Coordinator.WaitUntilSearchableAsync(workspace, inside, 1);
        await fixture.Coordinator.WaitUntilSearchableAsync(workspace, other, 1);
        await fixture.Coordinator.WaitUntilSearchableAsync(elsewhere, outside, 1);
        var url = $"/api/workspaces/{workspace}/documents";

        // The word stands only in the text, not in any title or file name; the same word in another workspace stays there.
        var found = await fixture.Coordinator.GetAsync<List<DocumentSummary>>(url + "?q=" + marker);
        Assert.Equal([inside], found.Select(d => d.Id));
        Assert.Equal([outside], (await fixture.Coordinator.GetAsync<List<DocumentSummary>>($"/api/workspaces/{elsewhere}/documents?q={marker}")).Select(d => d.Id));
        Assert.Equal(["Minutes"], (await fixture.Coordinator.GetAsync<List<DocumentSummary>>(url + "?q=minutes")).Select(d => d.Title));

        using var tooLong = await client.GetAsync(url + "?q=" + new string('a', DocumentService.MaxSearchLength + 1), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("at most", await tooLong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetadataCanBeChangedByMembersWithClearErrorsForBadValues()
    {
        var created = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "agreement.txt", TestFiles.Text($"agreement {Guid.NewGuid()}"));
        var url = $"{Documents}/{created.Document.Id}";
        using (var ok = await fixture.Member.Client.PatchAsJsonAsync(url, new { title = "Cooperation agreement", kind = "agreement", tags = new[] { "CN", "kz" } }, Ct))
        {
            ok.EnsureSuccessStatusCode();
            var summary = (await ok.Content.ReadFromJsonAsync<DocumentSummary>(ApiJson.Options, Ct))!;
            Assert.Equal(("Cooperation agreement", DocumentKind.Agreement), (summary.Title, summary.Kind));
            Assert.Equal(["cn", "kz"], summary.Tags);
        }

        using (var bad = await fixture.Member.Client.PatchAsJsonAsync(url, new { language = "klingon-x-nope" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("language tag", await bad.Content.ReadAsStringAsync(Ct));
        }

        using var observer = await fixture.Observer.Client.PatchAsJsonAsync(url, new { title = "Mine" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, observer.StatusCode);
    }

    /// <summary>The worker indexes just after it stores the text, so the status can be seen a moment before the index has it.</summary>
    private async Task<int?> WaitForIndexAsync(Guid documentId, int expected)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await IndexedVersionAsync(documentId) == expected)
            {
                return expected;
            }

            await Task.Delay(100, Ct);
        }

        return await IndexedVersionAsync(documentId);
    }

    private async Task<int?> IndexedVersionAsync(Guid documentId)
    {
        var versions = await fixture.App.Services.GetRequiredService<IKnowledgeIndex>().IndexedVersionsAsync(Ct);
        return versions.TryGetValue(documentId, out var version) ? version : null;
    }
}
