using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cooperation.Web.Documents;
using Cooperation.Web.Documents.Storage;
using Cooperation.Web.Documents.Sweep;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Documents;

/// <summary>The whole path (API, intake, store, download, sweep) on each storage provider.</summary>
public sealed class ProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Providers => new() { "FileSystem", "AzureBlob" };

    private static CooperationApp Start(string provider, string gracePeriod = "01:00:00")
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["DocumentStorage:Provider"] = provider,
            ["DocumentStorage:SweepGracePeriod"] = gracePeriod,
            ["DocumentExtraction:PollInterval"] = "00:00:00.200",
        };
        if (provider == "AzureBlob")
        {
            settings["DocumentStorage:ConnectionString"] = TestEnvironment.Azurite;
            settings["DocumentStorage:Container"] = $"docs-{Guid.NewGuid():N}";
        }

        return new CooperationApp(settings: settings);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task UploadAndDownloadRoundTripWithEqualHashes(string provider)
    {
        await using var app = Start(provider);
        var user = await app.CreateUserAsync("roundtrip@documents.example");
        var workspace = await user.Client.CreateWorkspaceAsync("Round trip");
        var text = new StringBuilder();
        for (var i = 0; text.Length < 9 * 1024 * 1024; i++)
        {
            text.Append(CultureInfoInvariant($"Rule {i}.1 The time limit is {i % 31} months from the priority date.\n"));
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var uploaded = await user.Client.UploadOkAsync(workspace, "rules.txt", bytes);
        Assert.Equal(TestFiles.Sha256(bytes), uploaded.Version.Sha256);

        var url = $"/api/workspaces/{workspace}/documents/{uploaded.Document.Id}/versions/1/content";
        var downloaded = await user.Client.GetByteArrayAsync(url, Ct);
        Assert.Equal(uploaded.Version.Sha256, TestFiles.Sha256(downloaded));

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(5_000_000, null);
        using var rest = await user.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, rest.StatusCode);
        Assert.Equal(bytes[5_000_000..], await rest.Content.ReadAsByteArrayAsync(Ct));

        var extracted = await user.WaitForExtractionAsync(workspace, uploaded.Document.Id, 1);
        Assert.Equal(ExtractionStatus.Extracted, extracted.Extraction);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TheSweepRemovesOnlyContentNoVersionReferences(string provider)
    {
        await using var app = Start(provider, gracePeriod: "00:00:00");
        var user = await app.CreateUserAsync("sweep@documents.example");
        var workspace = await user.Client.CreateWorkspaceAsync("Sweep");
        var kept = await user.Client.UploadOkAsync(workspace, "kept.txt", TestFiles.Text("kept " + Guid.NewGuid()));
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var orphan = StorageKeys.For(workspace, Guid.NewGuid());
        await store.WriteAsync(orphan, new MemoryStream(TestFiles.Text("left behind by a crash")), Ct);

        await using var scope = app.Services.CreateAsyncScope();
        var removed = await scope.ServiceProvider.GetRequiredService<OrphanSweeper>().SweepAsync(Ct);

        Assert.Equal(1, removed);
        Assert.False(await store.ExistsAsync(orphan, Ct));
        Assert.Equal(kept.Version.Sha256, TestFiles.Sha256(await user.Client.GetByteArrayAsync($"/api/workspaces/{workspace}/documents/{kept.Document.Id}/versions/1/content", Ct)));
    }

    [Fact]
    public async Task TheSweepLeavesYoungContentAloneSoUploadsInFlightAreSafe()
    {
        await using var app = Start("FileSystem");
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var young = StorageKeys.For(Guid.NewGuid(), Guid.NewGuid());
        await store.WriteAsync(young, new MemoryStream(TestFiles.Text("an upload about to commit its row")), Ct);

        await using var scope = app.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OrphanSweeper>().SweepAsync(Ct));
        Assert.True(await store.ExistsAsync(young, Ct));
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
