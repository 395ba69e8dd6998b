using System.Net;
using Cooperation.Web.Offices;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Authorization;

/// <summary>What a form action on a page does for one persona.</summary>
public enum PageOutcome
{
    /// <summary>The action is carried out.</summary>
    Done,

    /// <summary>Refused with a sentence on the page or the 403 page; nothing changes.</summary>
    Refused,

    /// <summary>The 404 page: the person may not even learn the workspace exists; nothing changes.</summary>
    Hidden,

    /// <summary>Sent to the sign-in page; nothing changes.</summary>
    SignIn,
}

/// <summary>
/// One form action on a page (a POST a browser sends with its antiforgery token), what each persona gets, and how to
/// tell whether it was carried out.
/// </summary>
public sealed record PageActionCase(
    string Name,
    Func<MatrixContext, string> Action,
    Func<MatrixContext, Dictionary<string, string>> Fields,
    Func<CooperationApp, MatrixContext, Persona, Task<bool>> WasDone,
    IReadOnlyDictionary<Persona, PageOutcome> Expected)
{
    public Func<CooperationApp, MatrixContext, Task>? Setup { get; init; }

    public override string ToString() => Name;
}

/// <summary>
/// The authorization matrix for the form actions issue 16 added to pages (profile, pending invitations, trash, session
/// edit, working days, holidays): the page matrix asks for each page with GET; this one sends each form as each
/// persona's browser would, signed in with a cookie, and checks both the answer and whether anything changed.
/// </summary>
public sealed class PageActionMatrixTests(MatrixFixture fixture) : IClassFixture<MatrixFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<Persona, PageOutcome> SignedIn = Outcomes(PageOutcome.Done, PageOutcome.Done, PageOutcome.Done, PageOutcome.Done, PageOutcome.Done);

    private static readonly Dictionary<Persona, PageOutcome> WorkspaceManage = Outcomes(PageOutcome.Refused, PageOutcome.Refused, PageOutcome.Done, PageOutcome.Hidden, PageOutcome.Done);

    private static readonly Dictionary<Persona, PageOutcome> AdministratorOnly = Outcomes(PageOutcome.Refused, PageOutcome.Refused, PageOutcome.Refused, PageOutcome.Refused, PageOutcome.Done);

    public static IReadOnlyList<PageActionCase> Cases { get; } =
    [
        new("profile: save", _ => "/account/profile?handler=Profile",
            c => new() { ["DisplayName"] = c.Values["name"], ["OfficeId"] = "", ["TimeZone"] = "Asia/Almaty", ["Language"] = "" },
            async (app, c, persona) => persona != Persona.Anonymous
                ? await app.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == MatrixFixture.EmailOf(persona) && u.DisplayName == c.Values["name"], Ct))
                : await app.WithDbAsync(db => db.Users.AnyAsync(u => u.DisplayName == c.Values["name"], Ct)),
            SignedIn) { Setup = (_, c) => Task.FromResult(c.Values["name"] = $"Page matrix {Guid.NewGuid():N}") },
        new("profile: sign out other sessions", _ => "/account/profile?handler=SignOutOthers", _ => new() { ["revokeTokens"] = "false" },
            async (app, c, persona) => persona != Persona.Anonymous && await StampChangedAsync(app, c, persona),
            SignedIn) { Setup = RememberStampsAsync },
        new("workspace: withdraw a pending invitation", c => $"/workspaces/{c.WorkspaceId}?handler=RevokeInvitation",
            c => new() { ["invitationId"] = c.Values["invitation"] },
            (app, c, _) => app.WithDbAsync(db => db.Invitations.AnyAsync(i => i.Id == Guid.Parse(c.Values["invitation"]) && i.RevokedAt != null, Ct)),
            WorkspaceManage) { Setup = InviteAsync },
        new("document: move to the trash (after the confirmation)", c => $"/workspaces/{c.WorkspaceId}/documents/{c.Values["document"]}?handler=Delete", _ => new(),
            (app, c, _) => app.WithDbAsync(db => db.Documents.AnyAsync(d => d.Id == Guid.Parse(c.Values["document"]) && d.DeletedAt != null, Ct)),
            WorkspaceManage) { Setup = DocumentCases.Setup(deleted: false) },
        new("document: restore from the trash", c => $"/workspaces/{c.WorkspaceId}/documents/{c.Values["document"]}?handler=Restore", _ => new(),
            (app, c, _) => app.WithDbAsync(db => db.Documents.AnyAsync(d => d.Id == Guid.Parse(c.Values["document"]) && d.DeletedAt == null, Ct)),
            // Only coordinators see the trash: to everyone else a deleted document's page does not exist.
            new Dictionary<Persona, PageOutcome>(WorkspaceManage) { [Persona.Observer] = PageOutcome.Hidden, [Persona.Member] = PageOutcome.Hidden })
        {
            Setup = DocumentCases.Setup(deleted: true),
        },
        new("session: edit", c => $"/workspaces/{c.WorkspaceId}/programmes/{c.Values["programme"]}/sessions/{c.Values["session"]}/edit",
            c => new()
            {
                ["Start"] = $"{DateTime.UtcNow.Year + 1}-03-02T11:00", ["End"] = $"{DateTime.UtcNow.Year + 1}-03-02T12:00", ["TimeZone"] = "Asia/Almaty",
                ["OfficeIds"] = c.Values["office"],
            },
            (app, c, _) => app.WithDbAsync(db => db.ProgrammeSessions.AnyAsync(s => s.Id == Guid.Parse(c.Values["session"]) && s.Sequence > 0, Ct)),
            WorkspaceManage) { Setup = Programmes.ProgrammeCases.ProgrammeSetup },
        new("offices: working days", _ => "/offices",
            c => new()
            {
                ["id"] = c.Values["office"], ["name"] = c.Values["officeName"], ["countryCode"] = "KZ", ["timeZone"] = "Asia/Almaty", ["workingDays"] = "Saturday",
            },
            (app, c, _) => app.WithDbAsync(db => db.Offices.AnyAsync(o => o.Id == Guid.Parse(c.Values["office"]) && o.WorkingDays == WorkingDays.Saturday, Ct)),
            AdministratorOnly) { Setup = OfficeAsync },
        new("holidays: add by hand", c => $"/offices/{c.Values["office"]}/holidays?handler=Add", _ => new() { ["date"] = "2037-05-01", ["name"] = "Labour Day" },
            (app, c, _) => app.WithDbAsync(db => db.OfficeHolidays.AnyAsync(h => h.OfficeId == Guid.Parse(c.Values["office"]) && h.Name == "Labour Day", Ct)),
            AdministratorOnly) { Setup = Programmes.ProgrammeCases.ProgrammeSetup },
        new("holidays: delete", c => $"/offices/{c.Values["office"]}/holidays?handler=Delete", c => new() { ["holidayId"] = c.Values["holiday"] },
            async (app, c, _) => !await app.WithDbAsync(db => db.OfficeHolidays.AnyAsync(h => h.Id == Guid.Parse(c.Values["holiday"]), Ct)),
            AdministratorOnly) { Setup = Programmes.ProgrammeCases.ProgrammeSetup },
    ];

    public static TheoryData<string> CaseNames => new(Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task EveryPersonasFormIsAnsweredAsExpectedAndARefusalChangesNothing(string caseName)
    {
        var action = Cases.Single(c => c.Name == caseName);
        var wrong = new List<string>();
        foreach (var (persona, expected) in action.Expected)
        {
            var context = await fixture.FreshContextAsync(action.Setup);
            var browser = fixture.App.AnonymousClient();
            // Asked as a browser asks, so that a refusal is answered with the error page rather than ProblemDetails.
            browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
            if (persona != Persona.Anonymous)
            {
                var signedIn = await browser.SignInAsync(MatrixFixture.EmailOf(persona), CooperationApp.UserPassword);
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            }

            // The antiforgery token comes from a page every persona may open; the token is the person's, not the page's.
            using var response = await browser.PostFormAsync(persona == Persona.Anonymous ? "/account/sign-in" : "/account/profile", action.Fields(context), action.Action(context));
            var body = await response.Content.ReadAsStringAsync(Ct);
            var done = await action.WasDone(fixture.App, context, persona);
            var status = (int)response.StatusCode;
            var location = response.Headers.Location?.OriginalString ?? "";
            var answered = expected switch
            {
                PageOutcome.Done => status is 200 or 302 && !location.Contains("/account/sign-in", StringComparison.Ordinal),
                PageOutcome.Refused => status == 403 || (status == 200 && body.Contains("role=\"alert\"", StringComparison.Ordinal)),
                PageOutcome.Hidden => status == 404,
                _ => status == 302 && location.Contains("/account/sign-in", StringComparison.Ordinal),
            };
            if (!answered || done != (expected == PageOutcome.Done))
            {
                wrong.Add($"{persona}: expected {expected}, got {status} {location} ({(done ? "carried out" : "nothing changed")})");
            }
            else if (status >= 400 && !body.Contains("data-testid=\"error-page\"", StringComparison.Ordinal))
            {
                wrong.Add($"{persona}: {status} without the error page");
            }
        }

        Assert.True(wrong.Count == 0, $"{caseName}:\n" + string.Join("\n", wrong));
    }

    private static Dictionary<Persona, PageOutcome> Outcomes(PageOutcome observer, PageOutcome member, PageOutcome coordinator, PageOutcome outsider, PageOutcome administrator) => new()
    {
        [Persona.Anonymous] = PageOutcome.SignIn, [Persona.Observer] = observer, [Persona.Member] = member,
        [Persona.Coordinator] = coordinator, [Persona.OtherWorkspaceMember] = outsider, [Persona.Administrator] = administrator,
    };

    /// <summary>Signing out other sessions renews the person's security stamp: remember each persona's before.</summary>
    private static async Task RememberStampsAsync(CooperationApp app, MatrixContext context)
    {
        foreach (var persona in Enum.GetValues<Persona>().Where(p => p != Persona.Anonymous))
        {
            var email = MatrixFixture.EmailOf(persona);
            context.Values[$"stamp:{persona}"] = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp ?? "").SingleAsync(Ct));
        }
    }

    private static async Task<bool> StampChangedAsync(CooperationApp app, MatrixContext context, Persona persona)
    {
        var email = MatrixFixture.EmailOf(persona);
        return await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp ?? "").SingleAsync(Ct)) != context.Values[$"stamp:{persona}"];
    }

    /// <summary>A pending invitation to the case's workspace.</summary>
    private static async Task InviteAsync(CooperationApp app, MatrixContext context)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var invitation = await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(context.WorkspaceId, context.TargetMemberId,
            new InvitationInput($"pending-{Guid.NewGuid():N}@matrix.example"), Ct);
        context.Values["invitation"] = invitation.InvitationId.ToString();
    }

    private static async Task OfficeAsync(CooperationApp app, MatrixContext context)
    {
        var office = new Office { Name = $"Page matrix {Guid.NewGuid():N}", CountryCode = "KZ", TimeZone = "Asia/Almaty" };
        await app.WithDbAsync(db =>
        {
            db.Offices.Add(office);
            return db.SaveChangesAsync(Ct);
        });
        context.Values["office"] = office.Id.ToString();
        context.Values["officeName"] = office.Name;
    }
}
