using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cooperation.Web.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;

namespace Cooperation.Web.Tests.Documents;

/// <summary>The document API as a client uses it: multipart uploads, waiting for extraction.</summary>
public static class DocumentApi
{
    public static MultipartFormDataContent Form(string fileName, HttpContent file, IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        form.Add(file, "file", fileName);
        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, Guid workspaceId, string fileName, byte[] content, IReadOnlyDictionary<string, string>? fields = null) =>
        client.PostAsync($"/api/workspaces/{workspaceId}/documents", Form(fileName, new ByteArrayContent(content), fields), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> UploadVersionAsync(this HttpClient client, Guid workspaceId, Guid documentId, string fileName, byte[] content) =>
        client.PostAsync($"/api/workspaces/{workspaceId}/documents/{documentId}/versions", Form(fileName, new ByteArrayContent(content)), TestContext.Current.CancellationToken);

    public static async Task<UploadResult> UploadOkAsync(this HttpClient client, Guid workspaceId, string fileName, byte[] content, IReadOnlyDictionary<string, string>? fields = null)
    {
        var response = await client.UploadAsync(workspaceId, fileName, content, fields);
        return await ReadCreatedAsync(response);
    }

    public static async Task<UploadResult> ReadCreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<UploadResult>(body, ApiJson.Options)!;
    }

    public static async Task<Guid> CreateWorkspaceAsync(this HttpClient client, string prefix = "Documents", bool isPublic = false)
    {
        var response = await client.PostAsJsonAsync("/api/workspaces", new { name = $"{prefix} {Guid.NewGuid():N}", isPublic }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, TestContext.Current.CancellationToken))!.Id;
    }

    public static Task<DocumentDetails> DetailsAsync(this TestUser user, Guid workspaceId, Guid documentId) =>
        user.GetAsync<DocumentDetails>($"/api/workspaces/{workspaceId}/documents/{documentId}");

    /// <summary>Polls until the version's extraction has finished one way or the other (the queue runs in the background).</summary>
    public static async Task<VersionSummary> WaitForExtractionAsync(this TestUser user, Guid workspaceId, Guid documentId, int version)
    {
        for (var attempt = 0; attempt < 1_200; attempt++)
        {
            var details = await user.DetailsAsync(workspaceId, documentId);
            var found = details.Versions.Single(v => v.Number == version);
            if (found.Extraction is ExtractionStatus.Extracted or ExtractionStatus.Failed)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Version {version} of {documentId} was not extracted within two minutes.");
    }

    /// <summary>Uploads one of the shared materials through the API and waits until the assistant can search it.</summary>
    public static async Task<Guid> UploadMaterialAsync(this TestUser user, Guid workspaceId, string file, string? title = null)
    {
        var content = await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.Materials, file), TestContext.Current.CancellationToken);
        var fields = title is null ? null : new Dictionary<string, string> { ["title"] = title };
        var document = (await user.Client.UploadOkAsync(workspaceId, file, content, fields)).Document.Id;
        await user.WaitUntilSearchableAsync(workspaceId, document, 1);
        return document;
    }

    /// <summary>Polls until the version is extracted and in the search index (indexing follows extraction).</summary>
    public static async Task<VersionSummary> WaitUntilSearchableAsync(this TestUser user, Guid workspaceId, Guid documentId, int version)
    {
        for (var attempt = 0; attempt < 1_200; attempt++)
        {
            var found = (await user.DetailsAsync(workspaceId, documentId)).Versions.Single(v => v.Number == version);
            Assert.NotEqual(ExtractionStatus.Failed, found.Extraction);
            if (found.IndexedAt is not null)
            {
                return found;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Version {version} of {documentId} was not searchable within two minutes.");
    }

    public static HttpContent FileContent(byte[] bytes, string? mediaType = null)
    {
        var content = new ByteArrayContent(bytes);
        if (mediaType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        return content;
    }
}
