using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Authorization;

/// <summary>Signs in one person per persona once; each case then gets a fresh workspace.</summary>
public sealed class MatrixFixture : IAsyncLifetime
{
    public CooperationApp App { get; } = new();
    public Dictionary<Persona, HttpClient> Clients { get; } = [];
    public Dictionary<Persona, TestUser> Users { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Clients[Persona.Anonymous] = App.AnonymousClient();
        foreach (var persona in Enum.GetValues<Persona>().Where(p => p != Persona.Anonymous))
        {
            var user = await App.CreateUserAsync(EmailOf(persona), administrator: persona == Persona.Administrator);
            Users[persona] = user;
            Clients[persona] = user.Client;
        }
    }

    public static string EmailOf(Persona persona) => $"{persona.ToString().ToLowerInvariant()}@matrix.example";

    /// <summary>A fresh context with what the case's setup makes in it.</summary>
    public async Task<MatrixContext> FreshContextAsync(Func<CooperationApp, MatrixContext, Task>? setup)
    {
        var context = await FreshContextAsync();
        if (setup is not null)
        {
            await setup(App, context);
        }

        return context;
    }

    /// <summary>A workspace where each persona has its role, and another one for the outsider.</summary>
    public async Task<MatrixContext> FreshContextAsync()
    {
        var coordinator = Users[Persona.Coordinator];
        var workspace = await Create(coordinator.Client, "Matrix");
        await App.AddMemberAsync(workspace, Users[Persona.Observer], WorkspaceRole.Observer);
        await App.AddMemberAsync(workspace, Users[Persona.Member], WorkspaceRole.Member);
        var target = await App.CreateUserAsync($"target-{Guid.NewGuid():N}@matrix.example");
        await App.AddMemberAsync(workspace, target, WorkspaceRole.Member);
        var other = await Create(Users[Persona.OtherWorkspaceMember].Client, "Elsewhere");
        return new MatrixContext { WorkspaceId = workspace, OtherWorkspaceId = other, TargetMemberId = target.Id };
    }

    private static async Task<Guid> Create(HttpClient client, string prefix)
    {
        var response = await client.PostAsJsonAsync("/api/workspaces", new { name = $"{prefix} {Guid.NewGuid():N}", description = "secret plans" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options))!.Id;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class AuthorizationMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    public static IReadOnlyList<ApiCase> Cases { get; } = [.. FoundationCases.All(), .. DocumentCases.All(), .. AssistantCases.All(), .. TeamsCases.All(), .. Programmes.ProgrammeCases.All(), .. Collaboration.CollaborationCases.All()];

    // Endpoints with their own authentication, tested in their own suites.
    private static readonly HashSet<string> OwnAuthentication = ["POST /api/messages"];

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task EveryPersonaGetsTheExpectedStatus(string caseName)
    {
        var apiCase = Cases.Single(c => c.Name == caseName);
        var wrong = new List<string>();
        foreach (var (persona, expected) in apiCase.Expected)
        {
            var context = await fixture.FreshContextAsync(apiCase.Setup);

            using var request = new HttpRequestMessage(new HttpMethod(apiCase.Method), apiCase.Url(context)) { Content = apiCase.Body(context) };
            using var response = await fixture.Clients[persona].SendAsync(request, TestContext.Current.CancellationToken);
            if (response.StatusCode != expected)
            {
                wrong.Add($"{persona}: expected {(int)expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
            }
            else if ((int)response.StatusCode >= 400 && !apiCase.IsPage)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.True(wrong.Count == 0, $"{apiCase.Name}:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void EveryApiEndpointIsInTheMatrix()
    {
        var endpoints = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {Normalize(e.RoutePattern.RawText!)}"))
            .ToHashSet();
        var covered = Cases.Select(c => $"{c.Method} {Normalize(c.Pattern)}").Concat(OwnAuthentication).ToHashSet();

        var missing = endpoints.Except(covered).Order().ToList();
        Assert.True(missing.Count == 0, "Endpoints without a row in the authorization matrix:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task ListsRevealNothingOfWorkspacesOneCannotRead()
    {
        var context = await fixture.FreshContextAsync();
        var outsider = fixture.Clients[Persona.OtherWorkspaceMember];
        var ct = TestContext.Current.CancellationToken;

        var list = await outsider.GetStringAsync("/api/workspaces?includeArchived=true", ct);
        var name = (await fixture.Users[Persona.Coordinator].GetAsync<WorkspaceSummary>($"/api/workspaces/{context.WorkspaceId}")).Name;
        Assert.DoesNotContain(name, list);
        Assert.DoesNotContain(context.WorkspaceId.ToString(), list);

        // The answer for a workspace that exists but is not yours is the same as for one that does not exist.
        var hidden = await outsider.GetAsync($"/api/workspaces/{context.WorkspaceId}/members", ct);
        var missing = await outsider.GetAsync($"/api/workspaces/{Guid.NewGuid()}/members", ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal((await missing.Content.ReadFromJsonAsync<ProblemShape>(ct))! with { TraceId = null },
            (await hidden.Content.ReadFromJsonAsync<ProblemShape>(ct))! with { TraceId = null });
    }

    private sealed record ProblemShape(string? Title, string? Detail, int? Status, string? TraceId);

    private static string Normalize(string pattern) =>
        Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", "{$1}").TrimEnd('/') is var p && p.StartsWith('/') ? p : "/" + p;
}
