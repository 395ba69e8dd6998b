using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Tests.Collaboration;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cooperation.Web.Tests.Authorization;

/// <summary>
/// The authorization matrix after a change of access, for the API and the hub alike: what a person may read and write
/// before the change and after it, on a connection opened before it.
/// </summary>
public sealed class AccessChangeMatrixTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public enum Change
    {
        PublicWorkspaceMadePrivate,
        TokenRevoked,
        MemberDemotedToObserver,
    }

    /// <summary>Expected answers after the change: API read and write status, and what the hub's read and write calls do.</summary>
    private sealed record After(HttpStatusCode ApiRead, HttpStatusCode ApiWrite, string? HubRead, string? HubWrite, bool HubClosed);

    private static readonly Dictionary<Change, After> Expected = new()
    {
        // The outsider could read (not write) while it was public; afterwards the workspace does not exist for them.
        [Change.PublicWorkspaceMadePrivate] = new(HttpStatusCode.NotFound, HttpStatusCode.NotFound,
            "There is no workspace with that id, or you cannot see it.", "There is no workspace with that id, or you cannot see it.", HubClosed: false),
        // Nothing works with the token any more, and its hub connection is gone.
        [Change.TokenRevoked] = new(HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, null, null, HubClosed: true),
        // Reading goes on, writing is refused.
        [Change.MemberDemotedToObserver] = new(HttpStatusCode.OK, HttpStatusCode.Forbidden,
            null, "Observers can read this workspace but not change it.", HubClosed: false),
    };

    [Theory]
    [InlineData(Change.PublicWorkspaceMadePrivate)]
    [InlineData(Change.TokenRevoked)]
    [InlineData(Change.MemberDemotedToObserver)]
    public async Task ApiAndHubAnswerTheSameAfterTheChange(Change change)
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "matrix", isPublic: change == Change.PublicWorkspaceMadePrivate);
        var person = change == Change.PublicWorkspaceMadePrivate ? await app.CreateUserAsync($"outsider-{Guid.NewGuid():N}@matrix.example") : scene.Member;
        await using var hub = await HubClient.ConnectAsync(app, person);
        await hub.JoinAsync(scene.WorkspaceId);
        Assert.Equal(HttpStatusCode.OK, (await person.Client.GetAsync($"/api/workspaces/{scene.WorkspaceId}/chat", Ct)).StatusCode);
        await hub.HistoryAsync(scene.WorkspaceId);

        switch (change)
        {
            case Change.PublicWorkspaceMadePrivate:
                (await scene.Coordinator.Client.PatchAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}", new { isPublic = false }, Ct)).EnsureSuccessStatusCode();
                break;
            case Change.TokenRevoked:
                var tokenId = await LiveAccessTests.TokenIdAsync(app, person.Token);
                (await person.Client.DeleteAsync($"/api/tokens/{tokenId}", Ct)).EnsureSuccessStatusCode();
                break;
            case Change.MemberDemotedToObserver:
                (await scene.Coordinator.Client.PutAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/members/{person.Id}", new { role = "observer" }, Ct)).EnsureSuccessStatusCode();
                break;
        }

        var expected = Expected[change];
        Assert.Equal(expected.ApiRead, (await person.Client.GetAsync($"/api/workspaces/{scene.WorkspaceId}/chat", Ct)).StatusCode);
        Assert.Equal(expected.ApiWrite, (await person.Client.PostAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/chat", new { text = "after the change" }, Ct)).StatusCode);

        if (expected.HubClosed)
        {
            await hub.WaitUntilClosedAsync();
            return;
        }

        await AssertHubAsync(expected.HubRead, () => hub.HistoryAsync(scene.WorkspaceId));
        await AssertHubAsync(expected.HubWrite, () => hub.SendAsync(scene.WorkspaceId, "after the change"));
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
    }

    /// <summary>
    /// A coordinator who is not an administrator asks to make the workspace public: refused on the API, and nothing
    /// opens to an outsider on the API or the hub. The administrator's change then opens both.
    /// </summary>
    [Fact]
    public async Task APublicFlagChangeByANonAdministratorOpensNothingToTheApiOrTheHub()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "consent");
        var outsider = await app.CreateUserAsync($"outsider-{Guid.NewGuid():N}@matrix.example");
        await using var hub = await HubClient.ConnectAsync(app, outsider);

        var refused = await scene.Coordinator.Client.PatchAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}", new { isPublic = true }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Only an administrator can make a workspace public", await refused.Content.ReadAsStringAsync(Ct));

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/api/workspaces/{scene.WorkspaceId}/chat", Ct)).StatusCode);
        Assert.Contains("There is no workspace with that id", (await Assert.ThrowsAsync<HubException>(() => hub.JoinAsync(scene.WorkspaceId))).Message);
        Assert.Contains("There is no workspace with that id", (await Assert.ThrowsAsync<HubException>(() => hub.HistoryAsync(scene.WorkspaceId))).Message);

        await app.MakePublicAsync(scene.WorkspaceId);
        Assert.Equal(HttpStatusCode.OK, (await outsider.Client.GetAsync($"/api/workspaces/{scene.WorkspaceId}/chat", Ct)).StatusCode);
        await hub.JoinAsync(scene.WorkspaceId);
        await hub.HistoryAsync(scene.WorkspaceId);
        // Reading, not writing: an outsider reads a public workspace as an observer.
        Assert.Contains("Observers can read this workspace but not change it.", (await Assert.ThrowsAsync<HubException>(() => hub.SendAsync(scene.WorkspaceId, "hello"))).Message);
    }

    private static async Task AssertHubAsync(string? refusal, Func<Task> call)
    {
        if (refusal is null)
        {
            await call();
            return;
        }

        Assert.Contains(refusal, (await Assert.ThrowsAsync<HubException>(call)).Message);
    }
}
