using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Collaboration.Comments;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cooperation.Web.Tests.Collaboration;

public sealed class CommentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CommentsAndRepliesArriveLiveRenderedFromMarkdownAndAMentionNotifiesThePerson()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "comments");
        var third = await app.CreateUserAsync($"li.wei-{Guid.NewGuid():N}@cnipa.example");
        await app.AddMemberAsync(scene.WorkspaceId, third, Cooperation.Web.Workspaces.WorkspaceRole.Member);
        await app.WithDbAsync(async db =>
        {
            (await db.Users.FindAsync([third.Id], Ct))!.DisplayName = "Li Wei";
            return await db.SaveChangesAsync(Ct);
        });
        var documentId = await UploadAsync(scene.Coordinator, scene.WorkspaceId, "Agenda.txt", "Day one: opening session.");
        await using var alice = await HubClient.ConnectAsync(app, scene.Coordinator);
        await using var bob = await HubClient.ConnectAsync(app, scene.Member);
        await using var li = await HubClient.ConnectAsync(app, third);
        await alice.JoinAsync(scene.WorkspaceId);
        await bob.JoinAsync(scene.WorkspaceId);
        // Li does not even have the workspace open: the mention still reaches their connection.

        var bobHandle = scene.Member.Email.Split('@')[0];
        var comment = await alice.Connection.InvokeAsync<CommentDto>("AddComment", scene.WorkspaceId, documentId, null,
            $"**Please check** the dates, @{bobHandle}.\n\n<script>alert(1)</script> [click](javascript:alert(2)) [site](https://example.org)", Ct);

        Assert.Equal("Agenda", comment.DocumentTitle);
        Assert.Equal([scene.Member.Id], comment.MentionedUserIds);
        Assert.Contains("<strong>Please check</strong>", comment.Html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", comment.Html);
        Assert.DoesNotContain("<script", comment.Html);
        Assert.DoesNotContain("javascript:", comment.Html);
        Assert.Contains("href=\"https://example.org\"", comment.Html);
        Assert.Contains("rel=\"nofollow noopener noreferrer\"", comment.Html);

        var atBob = (await bob.WaitForAsync(nameof(IWorkspaceClient.CommentAdded))).Event;
        Assert.Equal(comment.Id, atBob.Data.GetProperty("id").GetGuid());
        var mention = (MentionNotice)(await bob.WaitForAsync(nameof(IWorkspaceClient.Mentioned))).Argument;
        Assert.Equal(documentId, mention.DocumentId);
        Assert.Equal(scene.Coordinator.Id, mention.ByUserId);
        Assert.Equal(atBob.Sequence, mention.Sequence);
        // The notice shows the excerpt formatted (and as safe) as the comment itself, not its raw Markdown.
        Assert.Contains("<strong>Please check</strong>", mention.ExcerptHtml);
        Assert.DoesNotContain("<script", mention.ExcerptHtml);

        var reply = await bob.Connection.InvokeAsync<CommentDto>("AddComment", scene.WorkspaceId, documentId, comment.Id, "Dates are fine, thanks @alice-nobody and @LIWEI", Ct);
        Assert.Equal([third.Id], reply.MentionedUserIds);
        await li.WaitForAsync(nameof(IWorkspaceClient.Mentioned), r => ((MentionNotice)r.Argument).ItemId == reply.Id);
        await alice.WaitForAsync(nameof(IWorkspaceClient.CommentAdded), r => r.Event.Data.GetProperty("id").GetGuid() == reply.Id);

        // One level only: a reply to a reply is refused.
        var tooDeep = await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync<CommentDto>("AddComment", scene.WorkspaceId, documentId, reply.Id, "deeper", Ct));
        Assert.Contains("Replies go one level deep", tooDeep.Message);

        var threads = await scene.Member.Client.GetFromJsonAsync<List<CommentDto>>($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}/comments", HubClient.Json, Ct);
        var thread = Assert.Single(threads!);
        Assert.Equal(comment.Id, thread.Id);
        Assert.Equal(reply.Id, Assert.Single(thread.Replies).Id);

        // Nobody but Bob and Li was told of a mention, and the author is never mentioned by their own name.
        Assert.DoesNotContain(alice.Seen, r => r.Method == nameof(IWorkspaceClient.Mentioned));
    }

    [Fact]
    public async Task CommentsOnForeignDeletedOrUnknownDocumentsAreRefusedAndOversizeCommentsToo()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "comments-bad");
        var other = await HubScene.CreateAsync(app, "comments-other");
        var foreignDocument = await UploadAsync(other.Coordinator, other.WorkspaceId, "Secret.txt", "not yours");
        var documentId = await UploadAsync(scene.Coordinator, scene.WorkspaceId, "Minutes.txt", "Minutes of the meeting.");
        var client = scene.Member.Client;

        // A document of another workspace answers like one that does not exist.
        var foreign = await client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{foreignDocument}/comments", new { text = "hello" }, Ct);
        var unknown = await client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{Guid.NewGuid()}/comments", new { text = "hello" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(await ProblemDetailAsync(unknown), await ProblemDetailAsync(foreign));

        var oversize = await client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}/comments", new { text = new string('a', 8_193) }, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversize.StatusCode);
        Assert.Contains("the limit is 8 KB", await ProblemDetailAsync(oversize));
        var empty = await client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}/comments", new { text = "" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var badParent = await client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}/comments", new { text = "reply", parentId = Guid.NewGuid() }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, badParent.StatusCode);

        var ok = await client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}/comments", new { text = "Looks good." }, Ct);
        ok.EnsureSuccessStatusCode();
        var posted = (await ok.Content.ReadFromJsonAsync<CommentDto>(HubClient.Json, Ct))!;
        var othersEdit = await scene.Coordinator.Client.PutAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/comments/{posted.Id}", new { text = "changed" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, othersEdit.StatusCode);

        // Once the document is deleted, its comments are gone from view and no new ones are taken.
        var deleted = await scene.Coordinator.Client.DeleteAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}", Ct);
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync(Ct));
        var afterDelete = await client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}/comments", new { text = "late" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, afterDelete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/workspaces/{scene.WorkspaceId}/documents/{documentId}/comments", Ct)).StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => Task.FromResult(db.Comments.Count(c => c.WorkspaceId == scene.WorkspaceId))));
    }

    internal static async Task<Guid> UploadAsync(TestUser user, Guid workspaceId, string fileName, string text)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        var response = await user.Client.PostAsync($"/api/workspaces/{workspaceId}/documents", form, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("document").GetProperty("id").GetGuid();
    }

    private static async Task<string> ProblemDetailAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return json.RootElement.GetProperty("detail").GetString() ?? "";
    }
}
