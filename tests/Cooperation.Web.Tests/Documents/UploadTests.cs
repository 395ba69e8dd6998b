using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Cooperation.Web.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Tests.Documents;

public sealed class UploadTests(UploadTests.Fixture fixture) : IClassFixture<UploadTests.Fixture>
{
    public sealed class Fixture : DocumentAppFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["DocumentStorage:MaxUploadBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Small caps keep the hostile files small; the defaults are checked by the options tests.
            ["DocumentExtraction:MaxDecompressedBytes"] = (16 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUploadedFileComesBackByteForByteWithItsHashAsETag()
    {
        var bytes = TestFiles.Pdf(["Article 1 The priority period is twelve months.", "Article 2 Fees are paid in Swiss francs."]);
        var result = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "treaty.pdf", bytes, new Dictionary<string, string>
        {
            ["title"] = "Priority treaty", ["kind"] = "treaty", ["language"] = "en", ["tags"] = "priority, Fees", ["countryCode"] = "cn",
        });

        Assert.Equal(TestFiles.Sha256(bytes), result.Version.Sha256);
        Assert.Equal(bytes.Length, result.Version.Length);
        Assert.Equal("application/pdf", result.Version.MediaType);
        Assert.Equal(("Priority treaty", DocumentKind.Treaty, "en", "CN"), (result.Document.Title, result.Document.Kind, result.Document.Language, result.Document.CountryCode));
        Assert.Equal(["priority", "fees"], result.Document.Tags);

        using var response = await fixture.Observer.Client.GetAsync(ContentUrl(result.Document.Id, 1), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var downloaded = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(TestFiles.Sha256(bytes), TestFiles.Sha256(downloaded));
        Assert.Equal($"\"{result.Version.Sha256}\"", response.Headers.ETag?.Tag);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("treaty.pdf", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
    }

    [Fact]
    public async Task DownloadsResumeWithRangeAndAreNotSentAgainWhenUnchanged()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5_000).Select(i => $"line {i}\n")));
        var result = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "lines.txt", bytes);

        using var partial = new HttpRequestMessage(HttpMethod.Get, ContentUrl(result.Document.Id, 1));
        partial.Headers.Range = new RangeHeaderValue(1_000, 1_999);
        using var ranged = await fixture.Member.Client.SendAsync(partial, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
        Assert.Equal(bytes[1_000..2_000], await ranged.Content.ReadAsByteArrayAsync(Ct));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, ContentUrl(result.Document.Id, 1));
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{result.Version.Sha256}\""));
        using var unchanged = await fixture.Member.Client.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Fact]
    public async Task AnEmptyFileIsRefusedAndNothingIsStored() =>
        await AssertRefusedAsync("empty.txt", [], HttpStatusCode.BadRequest, "empty");

    [Fact]
    public async Task APdfNamedAsAWordDocumentIsRefused() =>
        await AssertRefusedAsync("report.docx", TestFiles.Pdf(["hello"]), HttpStatusCode.UnsupportedMediaType, "its content is a PDF document");

    [Fact]
    public async Task AProgramNamedAsAPdfIsRefused() =>
        await AssertRefusedAsync("invoice.pdf", TestFiles.Program(), HttpStatusCode.UnsupportedMediaType, "not one of the accepted types");

    [Fact]
    public async Task ABidiOverrideCannotDisguiseAProgramAsAPdf() =>
        // Shown as "invoiceexe.pdf" by a bidi-aware display; the override is removed and the real extension is .exe.
        await AssertRefusedAsync("invoice\u202Efdp.exe", TestFiles.Pdf(["x"]), HttpStatusCode.UnsupportedMediaType, "invoicefdp.exe");

    [Fact]
    public async Task AZipBombDisguisedAsAWordDocumentIsRefused() =>
        await AssertRefusedAsync("bomb.docx", TestFiles.DocxZipBomb(64L * 1024 * 1024), HttpStatusCode.UnprocessableEntity, "zip bomb");

    [Fact]
    public async Task APdfOfManyThousandsOfPagesIsRefused() =>
        await AssertRefusedAsync("huge.pdf", TestFiles.Pdf(Enumerable.Range(1, 6_000).Select(i => $"Page {i}").ToList()), HttpStatusCode.UnprocessableEntity, "6,000 pages");

    [Fact]
    public async Task AFileOverTheLimitIsRefusedWhileStreamingAndTheRestIsNotRead()
    {
        var before = await CountsAsync();
        // Chunked, so the server cannot refuse it from Content-Length: the limit must hold while the body streams.
        var body = new GeneratedStream(256L * 1024 * 1024, "plain text line\n"u8.ToArray());
        var content = new StreamContent(body);
        using var form = DocumentApi.Form("big.txt", content);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/workspaces/{fixture.WorkspaceId}/documents") { Content = form };
        request.Headers.TransferEncodingChunked = true;

        using var response = await fixture.Member.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the 2 MB", (await response.Content.ReadFromJsonAsync<ProblemBody>(Ct))!.Detail);
        // The server stopped reading at the limit, so it never held (or even received) the rest of the body.
        Assert.True(body.Produced < 64L * 1024 * 1024, $"The client was made to produce {body.Produced:N0} bytes of a 256 MB body.");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ABodyDeclaredOverTheLimitIsRefusedBeforeReadingIt()
    {
        var before = await CountsAsync();
        using var response = await fixture.Member.Client.UploadAsync(fixture.WorkspaceId, "big.txt", new byte[3 * 1024 * 1024]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ATruncatedMultipartBodyIsRefusedAndNothingIsStored()
    {
        var before = await CountsAsync();
        var raw = "--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n"
            + string.Concat(Enumerable.Repeat("these notes stop in the middle of a sentence and no closing boundary ever comes\n", 500));
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(raw));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=cut");

        using var response = await fixture.Member.Client.PostAsync($"/api/workspaces/{fixture.WorkspaceId}/documents", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("ended before the whole file arrived", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ABodyThatIsNotMultipartIsRefused()
    {
        using var response = await fixture.Member.Client.PostAsync($"/api/workspaces/{fixture.WorkspaceId}/documents", new StringContent("hello"), Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("multipart/form-data", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task BadMetadataIsRefusedAndTheStoredContentIsRemoved()
    {
        var before = await CountsAsync();
        using var response = await fixture.Member.Client.UploadAsync(fixture.WorkspaceId, "a.txt", TestFiles.Text("hello"), new Dictionary<string, string> { ["kind"] = "novel" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("treaty, law, regulation", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData("..\\..\\windows\\win.ini.txt", "win.ini.txt")]
    [InlineData("report\u202E\u2066.txt", "report.txt")]
    [InlineData("\u200Bminutes\u200F.md", "minutes.md")]
    public async Task FileNamesAreKeptOnlyForDisplayWithoutPathsOrControlCharacters(string sent, string shown)
    {
        var result = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, sent, TestFiles.Text($"# Notes\n\nuploaded as {Guid.NewGuid()}"));
        Assert.Equal(shown, result.Version.FileName);
        var key = await fixture.App.WithDbAsync(db => db.DocumentVersions.Where(v => v.DocumentId == result.Document.Id).Select(v => v.StorageKey).SingleAsync(Ct));
        Assert.Matches("^[0-9a-f]{32}/[0-9a-f]{32}$", key);
        Assert.All(fixture.StoredFiles(), path => Assert.StartsWith(fixture.StorePath, Path.GetFullPath(path), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\u0000minutes\u0007.md", "minutes.md")]
    [InlineData("a\r\nb.txt", "ab.txt")]
    [InlineData("..", "document")]
    [InlineData("   ", "document")]
    [InlineData("C:\\Users\\me\\plan:v2?.pdf", "plan_v2_.pdf")]
    public void ControlCharactersAndReservedNamesNeverReachADisplayName(string sent, string shown) =>
        Assert.Equal(shown, Cooperation.Web.Documents.Upload.FileNames.Sanitise(sent));

    [Fact]
    public async Task AVeryLongFileNameIsShortenedKeepingItsExtension()
    {
        var result = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, new string('名', 400) + ".txt", TestFiles.Text($"long {Guid.NewGuid()}"));
        Assert.Equal(DocumentVersion.FileNameMaxLength, result.Version.FileName.Length);
        Assert.EndsWith(".txt", result.Version.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonMembersCanNeitherUploadNorLearnThatADocumentExists()
    {
        var result = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "secret.txt", TestFiles.Text($"secret {Guid.NewGuid()}"));
        var outsider = fixture.Outsider.Client;

        using var upload = await outsider.UploadAsync(fixture.WorkspaceId, "intruder.txt", TestFiles.Text("hello"));
        using var download = await outsider.GetAsync(ContentUrl(result.Document.Id, 1), Ct);
        using var missing = await outsider.GetAsync(ContentUrl(Guid.NewGuid(), 1), Ct);
        using var version = await outsider.UploadVersionAsync(fixture.WorkspaceId, result.Document.Id, "v2.txt", TestFiles.Text("v2"));

        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, version.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(Ct) is var m ? Strip(m) : "", Strip(await download.Content.ReadAsStringAsync(Ct)));
        Assert.DoesNotContain("secret", await download.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ObserversCanReadButNotUpload()
    {
        using var upload = await fixture.Observer.Client.UploadAsync(fixture.WorkspaceId, "observer.txt", TestFiles.Text("hello"));
        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
    }

    [Fact]
    public async Task TheSameContentUploadedTwiceIsReportedAsADuplicate()
    {
        var bytes = TestFiles.Text($"duplicate {Guid.NewGuid()}");
        var first = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "first.txt", bytes);
        var second = await fixture.Coordinator.Client.UploadOkAsync(fixture.WorkspaceId, "second.txt", bytes);

        Assert.Empty(first.Duplicates);
        var duplicate = Assert.Single(second.Duplicates);
        Assert.Equal((first.Document.Id, 1), (duplicate.DocumentId, duplicate.Version));
    }

    private async Task AssertRefusedAsync(string fileName, byte[] bytes, HttpStatusCode status, string expectedInDetail)
    {
        var before = await CountsAsync();
        using var response = await fixture.Member.Client.UploadAsync(fixture.WorkspaceId, fileName, bytes);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expectedInDetail, body, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    private async Task<(int Documents, int Versions, int Files)> CountsAsync()
    {
        var (documents, versions) = await fixture.App.WithDbAsync(async db => (await db.Documents.CountAsync(Ct), await db.DocumentVersions.CountAsync(Ct)));
        return (documents, versions, fixture.StoredFiles().Length);
    }

    private string ContentUrl(Guid documentId, int version) => $"/api/workspaces/{fixture.WorkspaceId}/documents/{documentId}/versions/{version}/content";

    private static string Strip(string problem) => System.Text.RegularExpressions.Regex.Replace(problem, "\"traceId\":\"[^\"]*\"", "");

    private sealed record ProblemBody(string? Title, string? Detail, int? Status);
}

/// <summary>A long body made on the fly from a repeated pattern, counting how much of it the reader pulled.</summary>
public sealed class GeneratedStream(long length, byte[] pattern) : Stream
{
    private long _position;

    public long Produced => _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = pattern[(_position + i) % pattern.Length];
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
