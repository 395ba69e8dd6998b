using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>Issue 13: the API's error contract as /openapi/v1.json shows it, and the group rules it is derived from.</summary>
public sealed class ApiContractTests
{
    private const string ProblemJson = "application/problem+json";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryApiOperationListsItsProblemAnswersAsProblemDetails()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        using var document = JsonDocument.Parse(await app.AnonymousClient().GetStringAsync("/openapi/v1.json", Ct));

        var operations = (
            from path in document.RootElement.GetProperty("paths").EnumerateObject()
            where path.Name.StartsWith("/api/", StringComparison.Ordinal)
            from operation in path.Value.EnumerateObject()
            select (Path: path.Name, Method: operation.Name, Answers: Problems(operation.Value, $"{operation.Name} {path.Name}"))).ToList();

        Assert.True(operations.Count > 60, $"only {operations.Count} operations under /api");
        Assert.All(operations, operation =>
        {
            var name = $"{operation.Method} {operation.Path}";
            Assert.True(operation.Answers.Count > 0, $"{name} lists no 4xx answer");
            // An invitation link is opened before signing in; the invitations a signed-in user received are theirs alone.
            var anonymous = operation.Path.StartsWith("/api/invitations/", StringComparison.Ordinal)
                && !operation.Path.StartsWith("/api/invitations/received", StringComparison.Ordinal);
            Assert.True(anonymous != operation.Answers.Contains(401), $"{name}: 401 listed {operation.Answers.Contains(401)}");
            Assert.True(operation.Method == "get" || operation.Answers.Contains(400), $"{name} is a write but lists no 400 (anti-forgery, body)");
            Assert.True(!operation.Path.Contains("{workspaceId}", StringComparison.Ordinal) || operation.Answers.Contains(404), $"{name} lists no 404 for an unreadable workspace");
        });

        var answers = operations.ToDictionary(o => $"{o.Method} {o.Path}", o => o.Answers);
        Assert.Superset(new HashSet<int> { 400, 401, 404, 429 }, answers["post /api/assistant/ask"]);
        Assert.Superset(new HashSet<int> { 400, 403, 404, 409, 413, 415, 422, 429 }, answers["post /api/workspaces/{workspaceId}/documents"]);
        Assert.Superset(new HashSet<int> { 413, 415, 422, 429 }, answers["post /api/workspaces/{workspaceId}/documents/{documentId}/versions"]);
        Assert.Superset(new HashSet<int> { 400, 429 }, answers["get /api/invitations/{token}"]);
        Assert.Superset(new HashSet<int> { 400, 401, 404 }, answers["post /api/invitations/received/{invitationId}/accept"]);
        Assert.Superset(new HashSet<int> { 403, 409 }, answers["delete /api/workspaces/{workspaceId}/documents/{documentId}"]);
        Assert.DoesNotContain(409, answers["get /api/workspaces/{workspaceId}/documents"]);
        Assert.DoesNotContain(403, answers["get /api/workspaces/{workspaceId}"]);
        Assert.Superset(new HashSet<int> { 403 }, answers["post /api/offices"]);
    }

    [Fact]
    public async Task EveryApiEndpointUnderAWorkspaceRouteChecksItsWorkspaceAndNoneIsLooserThanItsGroup()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true && e.RoutePattern.GetParameter("workspaceId") is not null)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, endpoint =>
            Assert.True(endpoint.Metadata.GetOrderedMetadata<WorkspaceRequirement>().Count > 0, $"{endpoint.DisplayName} does not check the workspace"));

        // A group's Read and an endpoint's Manage: Manage is what is checked, whatever order they were declared in.
        Assert.Equal(WorkspaceRequirement.Manage, WorkspaceAuthorizationFilter.Strictest([WorkspaceRequirement.Read, WorkspaceRequirement.Manage]));
        Assert.Equal(WorkspaceRequirement.Manage, WorkspaceAuthorizationFilter.Strictest([WorkspaceRequirement.Manage, WorkspaceRequirement.Read]));
        Assert.Equal(WorkspaceRequirement.ManageArchived, WorkspaceAuthorizationFilter.Strictest([WorkspaceRequirement.Read, WorkspaceRequirement.ManageArchived]));
    }

    [Fact]
    public async Task TheDeclaredAnswersAreWhatTheApiSends()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var coordinator = await app.CreateUserAsync("coordinator@contract.example");
        var observer = await app.CreateUserAsync("observer@contract.example");
        var member = await app.CreateUserAsync("member@contract.example");
        var workspace = await coordinator.Client.CreateWorkspaceAsync("Contract");
        await app.AddMemberAsync(workspace, observer, WorkspaceRole.Observer);
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        var chat = $"/api/workspaces/{workspace}/chat";

        await AssertProblemAsync(HttpStatusCode.Unauthorized, await app.AnonymousClient().GetAsync("/api/workspaces", Ct));
        await AssertProblemAsync(HttpStatusCode.BadRequest, await member.Client.GetAsync($"{chat}?take=many", Ct));
        await AssertProblemAsync(HttpStatusCode.NotFound, await member.Client.GetAsync($"/api/workspaces/{Guid.NewGuid()}/chat", Ct));
        await AssertProblemAsync(HttpStatusCode.Forbidden, await observer.Client.PostAsJsonAsync(chat, new { text = "hello" }, Ct));
        // A member may post, but not delete a document: the endpoint's Manage holds inside the group's Read.
        var uploaded = await member.Client.UploadOkAsync(workspace, "note.txt", TestFiles.Text("A note."));
        await AssertProblemAsync(HttpStatusCode.Forbidden, await member.Client.DeleteAsync($"/api/workspaces/{workspace}/documents/{uploaded.Document.Id}", Ct));
        (await coordinator.Client.PostAsync($"/api/workspaces/{workspace}/archive", null, Ct)).EnsureSuccessStatusCode();
        await AssertProblemAsync(HttpStatusCode.Conflict, await member.Client.PostAsJsonAsync(chat, new { text = "hello" }, Ct));
        Assert.Equal(HttpStatusCode.OK, (await observer.Client.GetAsync(chat, Ct)).StatusCode);
    }

    [Fact]
    public async Task AskingTooOftenIsRefusedPerPersonWithTooManyRequestsAndWhenToTryAgain()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["RateLimits:AskPerMinute"] = "2",
        });
        var asker = await app.CreateUserAsync("asker@contract.example");
        var colleague = await app.CreateUserAsync("colleague@contract.example");
        var question = new { question = "How long is the priority period for a patent application?" };

        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            statuses.Add((await asker.Client.PostAsJsonAsync("/api/assistant/ask", question, Ct)).StatusCode);
        }

        using var refused = await asker.Client.PostAsJsonAsync("/api/assistant/ask", question, Ct);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        await AssertProblemAsync(HttpStatusCode.TooManyRequests, refused);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Equal(HttpStatusCode.OK, (await colleague.Client.PostAsJsonAsync("/api/assistant/ask", question, Ct)).StatusCode);
    }

    private static async Task AssertProblemAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
    }

    /// <summary>The operation's 4xx statuses, each checked to be described as ProblemDetails in application/problem+json.</summary>
    private static HashSet<int> Problems(JsonElement operation, string name)
    {
        var statuses = new HashSet<int>();
        foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('4')))
        {
            var problem = response.Value.TryGetProperty("content", out var content) && content.TryGetProperty(ProblemJson, out var described)
                ? described
                : throw new Xunit.Sdk.XunitException($"{name}: {response.Name} is not described as {ProblemJson}");
            var schema = problem.GetProperty("schema").GetProperty("$ref").GetString();
            Assert.True(schema is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails", $"{name}: {response.Name} has schema {schema}");
            statuses.Add(int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture));
        }

        return statuses;
    }
}
