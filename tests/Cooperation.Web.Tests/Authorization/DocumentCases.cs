using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Documents;
using Cooperation.Web.Documents.Upload;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Authorization;

internal static class DocumentCases
{
    private const string Base = "/api/workspaces/{workspaceId}/documents";

    private static string Url(MatrixContext c, string rest = "") => $"/api/workspaces/{c.WorkspaceId}/documents{rest}";

    private static string Doc(MatrixContext c, string rest = "") => Url(c, $"/{c.Values["document"]}{rest}");

    private static HttpContent Upload() => DocumentApi.Form("matrix.txt", new ByteArrayContent(TestFiles.Text($"matrix {Guid.NewGuid()}")));

    public static IEnumerable<ApiCase> All()
    {
        var withDocument = Setup(deleted: false);
        var withDeletedDocument = Setup(deleted: true);

        yield return new("GET", Base, c => Url(c), _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        yield return new("POST", Base, c => Url(c), _ => Upload(), Expect.WorkspaceContribute(HttpStatusCode.Created));
        yield return new("GET", Base + "/{documentId}", c => Doc(c), _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = withDocument };
        yield return new("PATCH", Base + "/{documentId}", c => Doc(c), _ => JsonContent.Create(new { title = "Renamed" }), Expect.WorkspaceContribute(HttpStatusCode.OK)) { Setup = withDocument };
        yield return new("POST", Base + "/{documentId}/versions", c => Doc(c, "/versions"), _ => Upload(), Expect.WorkspaceContribute(HttpStatusCode.Created)) { Setup = withDocument };
        yield return new("GET", Base + "/{documentId}/versions", c => Doc(c, "/versions"), _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = withDocument };
        yield return new("GET", Base + "/{documentId}/versions/{number}/content", c => Doc(c, "/versions/1/content"), _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = withDocument };
        yield return new("GET", Base + "/{documentId}/versions/{number}/text", c => Doc(c, "/versions/1/text"), _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = withDocument };
        yield return new("POST", Base + "/{documentId}/current", c => Doc(c, "/current"), _ => JsonContent.Create(new { version = 1 }), Expect.WorkspaceContribute(HttpStatusCode.OK)) { Setup = withDocument };
        yield return new("DELETE", Base + "/{documentId}", c => Doc(c), _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent)) { Setup = withDocument };
        yield return new("POST", Base + "/{documentId}/restore", c => Doc(c, "/restore"), _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent)) { Setup = withDeletedDocument };
        yield return new("POST", Base + "/{documentId}/purge", c => Doc(c, "/purge"), _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent)) { Setup = withDeletedDocument };
    }

    /// <summary>A document in the case's workspace, made through the same services an upload uses.</summary>
    internal static Func<CooperationApp, MatrixContext, Task> Setup(bool deleted) => async (app, c) =>
    {
        await using var scope = app.Services.CreateAsyncScope();
        var intake = scope.ServiceProvider.GetRequiredService<DocumentIntake>();
        var documents = scope.ServiceProvider.GetRequiredService<DocumentService>();
        var content = await intake.StoreAsync(c.WorkspaceId, new MemoryStream(TestFiles.Text($"matrix {Guid.NewGuid()}")), "matrix.txt", CancellationToken.None);
        var created = await documents.CreateAsync(c.WorkspaceId, c.TargetMemberId, new DocumentMetadata("Matrix document"), content, CancellationToken.None);
        if (deleted)
        {
            await documents.DeleteAsync(c.WorkspaceId, created.Document.Id, c.TargetMemberId, CancellationToken.None);
        }

        c.Values["document"] = created.Document.Id.ToString();
    };
}
