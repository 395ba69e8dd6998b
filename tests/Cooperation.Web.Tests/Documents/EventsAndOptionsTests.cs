using Cooperation.Web.Collaboration;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Documents;

public sealed class EventsAndOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadsVersionsExtractionAndDeletesArePublishedToTheWorkspace()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false", ["DocumentExtraction:PollInterval"] = "00:00:00.200" });
        var user = await app.CreateUserAsync("events@documents.example");
        var workspace = await user.Client.CreateWorkspaceAsync("Events");
        var created = await user.Client.UploadOkAsync(workspace, "events.txt", TestFiles.Text("first"));
        await DocumentApi.ReadCreatedAsync(await user.Client.UploadVersionAsync(workspace, created.Document.Id, "events.txt", TestFiles.Text("second")));
        await user.WaitForExtractionAsync(workspace, created.Document.Id, 2);
        (await user.Client.DeleteAsync($"/api/workspaces/{workspace}/documents/{created.Document.Id}", Ct)).EnsureSuccessStatusCode();
        (await user.Client.PostAsync($"/api/workspaces/{workspace}/documents/{created.Document.Id}/restore", null, Ct)).EnsureSuccessStatusCode();

        var page = await app.Services.GetRequiredService<IWorkspaceEvents>().ReadSinceAsync(workspace, 0, 100, Ct);
        var types = page.Events.Select(e => e.Type).Where(t => t.StartsWith("document.", StringComparison.Ordinal)).ToList();
        Assert.Contains("document.uploaded", types);
        Assert.Contains("document.version-added", types);
        Assert.Contains("document.extraction", types);
        Assert.Equal(["document.deleted", "document.restored"], types.Where(t => t is "document.deleted" or "document.restored"));
        var uploaded = page.Events.First(e => e.Type == "document.uploaded");
        Assert.Equal(created.Document.Id, uploaded.Data.GetProperty("documentId").GetGuid());
    }

    [Fact]
    public void AzureStorageWithoutAConnectionStringOrAccountStopsTheSiteWithAClearMessage()
    {
        using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["DocumentStorage:Provider"] = "AzureBlob" });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("DocumentStorage:ConnectionString or DocumentStorage:AccountUri", error.ToString());
    }

    [Fact]
    public void ALeaseShorterThanTheExtractionTimeoutIsRefusedAtStart()
    {
        using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["DocumentExtraction:Lease"] = "00:01:00", ["DocumentExtraction:Timeout"] = "00:05:00" });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("DocumentExtraction:Lease must be longer", error.ToString());
    }
}
