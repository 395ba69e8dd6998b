using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Tests.Authorization;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>Authorization matrix rows for the collaboration endpoints (events, chat, presence, comments).</summary>
internal static class CollaborationCases
{
    private static HttpContent Json(object value) => JsonContent.Create(value);

    public static IEnumerable<ApiCase> All()
    {
        const string Root = "/api/workspaces/{workspaceId}";
        yield return new("GET", $"{Root}/events", c => $"/api/workspaces/{c.WorkspaceId}/events?after=0", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        yield return new("GET", $"{Root}/chat", c => $"/api/workspaces/{c.WorkspaceId}/chat", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        yield return new("POST", $"{Root}/chat", c => $"/api/workspaces/{c.WorkspaceId}/chat", _ => Json(new { text = "Hello from the matrix" }),
            Expect.WorkspaceContribute(HttpStatusCode.OK));
        // Editing and deleting are for the author only; an unknown message id shows that the role check passed.
        yield return new("PUT", $"{Root}/chat/{{messageId}}", c => $"/api/workspaces/{c.WorkspaceId}/chat/{Guid.NewGuid()}", _ => Json(new { text = "edit" }),
            Expect.WorkspaceContribute(HttpStatusCode.NotFound));
        yield return new("DELETE", $"{Root}/chat/{{messageId}}", c => $"/api/workspaces/{c.WorkspaceId}/chat/{Guid.NewGuid()}", _ => null,
            Expect.WorkspaceContribute(HttpStatusCode.NotFound));
        yield return new("GET", $"{Root}/presence", c => $"/api/workspaces/{c.WorkspaceId}/presence", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));

        yield return new("GET", $"{Root}/documents/{{documentId}}/comments", c => $"/api/workspaces/{c.WorkspaceId}/documents/{c.Values["document"]}/comments",
            _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = AddDocumentAsync };
        yield return new("POST", $"{Root}/documents/{{documentId}}/comments", c => $"/api/workspaces/{c.WorkspaceId}/documents/{c.Values["document"]}/comments",
            _ => Json(new { text = "Looks right to me." }), Expect.WorkspaceContribute(HttpStatusCode.OK)) { Setup = AddDocumentAsync };
        yield return new("PUT", $"{Root}/comments/{{commentId}}", c => $"/api/workspaces/{c.WorkspaceId}/comments/{Guid.NewGuid()}", _ => Json(new { text = "edit" }),
            Expect.WorkspaceContribute(HttpStatusCode.NotFound));
        yield return new("DELETE", $"{Root}/comments/{{commentId}}", c => $"/api/workspaces/{c.WorkspaceId}/comments/{Guid.NewGuid()}", _ => null,
            Expect.WorkspaceContribute(HttpStatusCode.NotFound));
    }

    private static async Task AddDocumentAsync(Infrastructure.CooperationApp app, MatrixContext context) =>
        context.Values["document"] = (await app.WithDbAsync(async db =>
        {
            var document = new Cooperation.Web.Documents.Document
            {
                WorkspaceId = context.WorkspaceId, Title = "Matrix document", CreatedById = context.TargetMemberId,
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            db.Documents.Add(document);
            await db.SaveChangesAsync();
            return document.Id;
        })).ToString();
}
