using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Authorization;

/// <summary>One page and the status each persona's browser gets (anonymous people are sent to sign in).</summary>
public sealed record PageCase(string Pattern, Func<MatrixContext, string> Url, IReadOnlyDictionary<Persona, HttpStatusCode> Expected)
{
    public Func<CooperationApp, MatrixContext, Task>? Setup { get; init; }

    public override string ToString() => Pattern;
}

/// <summary>
/// The authorization matrix for pages, asked as a browser asks (Accept: text/html): what each persona gets, and that a
/// refusal is the error page in HTML, not ProblemDetails or the sign-in form.
/// </summary>
public sealed class PageMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    public static IReadOnlyList<PageCase> Cases { get; } =
    [
        new("/", _ => "/", Page(Expect.SignedIn(HttpStatusCode.OK))),
        new("/agenda", _ => "/agenda", Page(Expect.SignedIn(HttpStatusCode.OK))),
        new("/account/profile", _ => "/account/profile", Page(Expect.SignedIn(HttpStatusCode.OK))),
        new("/account/tokens", _ => "/account/tokens", Page(Expect.SignedIn(HttpStatusCode.OK))),
        new("/account/teams", _ => "/account/teams", Page(Expect.SignedIn(HttpStatusCode.OK))),
        new("/offices", _ => "/offices", Page(Expect.AdministratorOnly(HttpStatusCode.OK))),
        new("/admin/bot-feedback", _ => "/admin/bot-feedback", Page(Expect.AdministratorOnly(HttpStatusCode.OK))),
        new("/offices/{officeId}/holidays", c => $"/offices/{c.Values["office"]}/holidays", Page(Expect.SignedIn(HttpStatusCode.OK))) { Setup = AnOffice },
        new("/workspaces/{workspaceId}", c => $"/workspaces/{c.WorkspaceId}", Page(Expect.WorkspaceRead(HttpStatusCode.OK))),
        new("/workspaces/{workspaceId}/documents/{documentId}", c => $"/workspaces/{c.WorkspaceId}/documents/{c.Values["document"]}",
            Page(Expect.WorkspaceRead(HttpStatusCode.OK))) { Setup = DocumentCases.Setup(deleted: false) },
        new("/workspaces/{workspaceId}/programmes/new", c => $"/workspaces/{c.WorkspaceId}/programmes/new", Page(Expect.WorkspaceManage(HttpStatusCode.OK))),
        new("/workspaces/{workspaceId}/programmes/{programmeId}", c => $"/workspaces/{c.WorkspaceId}/programmes/{c.Values["programme"]}",
            Page(Expect.WorkspaceRead(HttpStatusCode.OK))) { Setup = AProgramme },
        new("/workspaces/{workspaceId}/programmes/{programmeId}/sessions/{sessionId}/edit",
            c => $"/workspaces/{c.WorkspaceId}/programmes/{c.Values["programme"]}/sessions/{c.Values["session"]}/edit",
            Page(Expect.WorkspaceManage(HttpStatusCode.OK))) { Setup = Programmes.ProgrammeCases.ProgrammeSetup },
        // Open to everyone: signing in, out, accepting an invitation (a forged link explains itself), the error page.
        new("/account/sign-in", _ => "/account/sign-in", Expect.All(HttpStatusCode.OK)),
        new("/account/sign-out", _ => "/account/sign-out", Expect.All(HttpStatusCode.Redirect)),
        new("/account/invitation/{token}", _ => "/account/invitation/forged", Expect.All(HttpStatusCode.OK)),
        new("/error/{status}", _ => "/error/404", Expect.All(HttpStatusCode.NotFound)),
    ];

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Pattern));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task EveryPersonaGetsTheExpectedPage(string pattern)
    {
        var page = Cases.Single(c => c.Pattern == pattern);
        var wrong = new List<string>();
        foreach (var (persona, expected) in page.Expected)
        {
            var context = await fixture.FreshContextAsync(page.Setup);

            using var request = new HttpRequestMessage(HttpMethod.Get, page.Url(context));
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
            using var response = await fixture.Clients[persona].SendAsync(request, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.StatusCode != expected)
            {
                wrong.Add($"{persona}: expected {(int)expected}, got {(int)response.StatusCode} {response.Headers.Location}");
            }
            else if ((int)response.StatusCode >= 400 && !body.Contains("data-testid=\"error-page\"", StringComparison.Ordinal))
            {
                wrong.Add($"{persona}: {(int)response.StatusCode} without the error page ({response.Content.Headers.ContentType})");
            }
            else if (response.StatusCode == HttpStatusCode.Redirect && persona == Persona.Anonymous && pattern != "/account/sign-out"
                     && response.Headers.Location?.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal) != true)
            {
                wrong.Add($"{persona}: redirected to {response.Headers.Location} rather than to the sign-in page");
            }
        }

        Assert.True(wrong.Count == 0, $"{pattern}:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void EveryPageIsInTheMatrix()
    {
        var pages = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => Normalize(e.RoutePattern.RawText!))
            .ToHashSet();
        var missing = pages.Except(Cases.Select(c => Normalize(c.Pattern))).Order().ToList();
        Assert.True(missing.Count == 0, "Pages without a row in the page matrix:\n" + string.Join("\n", missing));
    }

    [Fact]
    public async Task OnlyTheWorkspacesCoordinatorsSeeItsTrash()
    {
        var context = await fixture.FreshContextAsync();
        await DocumentCases.Setup(deleted: true)(fixture.App, context);
        var seesTrash = new Dictionary<Persona, bool>();
        foreach (var persona in new[] { Persona.Observer, Persona.Member, Persona.Coordinator, Persona.Administrator })
        {
            var page = await fixture.Clients[persona].GetStringAsync($"/workspaces/{context.WorkspaceId}?deleted=true", TestContext.Current.CancellationToken);
            seesTrash[persona] = page.Contains("data-testid=\"trash-row\"", StringComparison.Ordinal);
        }

        Assert.Equal(new Dictionary<Persona, bool>
        {
            [Persona.Observer] = false, [Persona.Member] = false, [Persona.Coordinator] = true, [Persona.Administrator] = true,
        }, seesTrash);
    }

    /// <summary>Signed-in people get the page's own answer; anonymous people the sign-in form.</summary>
    private static Dictionary<Persona, HttpStatusCode> Page(Dictionary<Persona, HttpStatusCode> expected)
    {
        expected[Persona.Anonymous] = HttpStatusCode.Redirect;
        return expected;
    }

    private static async Task AnOffice(CooperationApp app, MatrixContext context) =>
        context.Values["office"] = (await app.WithDbAsync(db => Task.FromResult(db.Offices.Select(o => o.Id).First()))).ToString();

    private static async Task AProgramme(CooperationApp app, MatrixContext context)
    {
        var coordinator = await app.CreateUserAsync("coordinator@matrix.example");
        var offices = await coordinator.Client.GetFromJsonAsync<JsonElement>("/api/offices", TestContext.Current.CancellationToken);
        var host = offices.EnumerateArray().First().GetProperty("id").GetGuid();
        var response = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{context.WorkspaceId}/programmes",
            new ProgrammeInput("Matrix programme", ProgrammeKind.Seminar, host, [], null), ApiJson.Options, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        context.Values["programme"] = (await response.Content.ReadFromJsonAsync<ProgrammeDto>(ApiJson.Options, TestContext.Current.CancellationToken))!.Id.ToString();
    }

    private static string Normalize(string pattern) =>
        Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\??\}", "{$1}").TrimEnd('/') is var p && p.StartsWith('/') ? p : "/" + p;
}
