using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Data;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using static Cooperation.Web.Tests.Infrastructure.ProblemResponses;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>
/// Issue 14, item 2: a public workspace's documents answer everyone's questions, so making one public is an
/// administrator's decision, audited; and workspace names compare regardless of case, in every script.
/// </summary>
public sealed class PublicWorkspaceTests
{
    private const string Refusal = "Only an administrator can make a workspace public";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Dictionary<string, string?> NoDemo = new() { ["Cooperation:Seed:Demo"] = "false" };

    public static TheoryData<TestDatabase> Databases => new(TestDatabase.Sqlite, TestDatabase.Postgres);

    [Fact]
    public async Task APersonWhoIsNotAnAdministratorCannotCreateAPublicWorkspace()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var person = await app.CreateUserAsync("someone@public.example");

        var created = await person.Client.PostAsJsonAsync("/api/workspaces", new { name = "Rules Library", description = "Paris Convention: three months", isPublic = true }, Ct);

        await AssertProblemAsync(created, HttpStatusCode.Forbidden, Refusal);
        Assert.Equal(0, await app.WithDbAsync(db => db.Workspaces.CountAsync(Ct)));
    }

    [Fact]
    public async Task ACoordinatorWhoIsNotAnAdministratorCannotMakeTheirWorkspacePublicAndNothingOfTheRequestIsApplied()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var coordinator = await app.CreateUserAsync("coordinator@public.example");
        var outsider = await app.CreateUserAsync("outsider@public.example");
        var created = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = "Study group", description = "Ours" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;

        var made = await coordinator.Client.PatchAsJsonAsync($"/api/workspaces/{workspace}", new { name = "Rules Library", description = "Official", isPublic = true }, Ct);

        await AssertProblemAsync(made, HttpStatusCode.Forbidden, Refusal);
        var after = await coordinator.GetAsync<WorkspaceSummary>($"/api/workspaces/{workspace}");
        Assert.Equal(("Study group", "Ours", false), (after.Name, after.Description, after.IsPublic));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
        Assert.DoesNotContain(await coordinator.GetAsync<List<AuditEntryDto>>($"/api/workspaces/{workspace}/audit"), a => a.Action is "workspace.made-public" or "workspace.renamed");
    }

    [Fact]
    public async Task AnAdministratorMakesAWorkspacePublicAndTheAuditLogSaysWho()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var admin = await app.CreateUserAsync(CooperationApp.AdminEmail);
        var coordinator = await app.CreateUserAsync("coordinator@public.example");
        var outsider = await app.CreateUserAsync("outsider@public.example");
        var created = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = "Shared treaties" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;

        var made = await admin.Client.PatchAsJsonAsync($"/api/workspaces/{workspace}", new { isPublic = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Equal(WorkspaceRole.Observer, (await outsider.GetAsync<WorkspaceSummary>($"/api/workspaces/{workspace}")).MyRole);
        var audit = await coordinator.GetAsync<List<AuditEntryDto>>($"/api/workspaces/{workspace}/audit");
        Assert.Contains(audit, a => a.Action == "workspace.made-public" && a.Actor == "Administrator");

        // Created public by an administrator: the decision is in the log from the start.
        var library = await admin.Client.PostAsJsonAsync("/api/workspaces", new { name = "Library", isPublic = true }, Ct);
        Assert.Equal(HttpStatusCode.Created, library.StatusCode);
        var libraryId = (await library.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
        Assert.Contains(await admin.GetAsync<List<AuditEntryDto>>($"/api/workspaces/{libraryId}/audit"), a => a.Action == "workspace.made-public");

        // Its coordinator may still make it private again.
        Assert.Equal(HttpStatusCode.OK, (await coordinator.Client.PatchAsJsonAsync($"/api/workspaces/{workspace}", new { isPublic = false }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
    }

    [Fact]
    public async Task TheNewWorkspaceFormOffersPublicOnlyToAdministratorsAndRefusesItOtherwise()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var person = await app.CreateUserAsync("form@public.example");
        var browser = app.AnonymousClient();
        await browser.SignInAsync(person.Email, CooperationApp.UserPassword);
        var home = await browser.GetStringAsync("/", Ct);
        Assert.DoesNotContain("name=\"IsPublic\"", home);
        Assert.Contains("Only an administrator can make a workspace public.", home);

        // A hand-made form post is refused with the sentence, and nothing is created.
        var posted = await browser.PostFormAsync("/", new Dictionary<string, string> { ["Name"] = "Rules Library", ["IsPublic"] = "true" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains(Refusal, System.Net.WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Workspaces.CountAsync(Ct)));

        var administrator = app.AnonymousClient();
        await administrator.SignInAsync(CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        Assert.Contains("name=\"IsPublic\"", await administrator.GetStringAsync("/", Ct));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task WorkspaceNamesAreOneNameWhateverTheirCaseOrWidth(TestDatabase database)
    {
        await using var app = new CooperationApp(database, settings: NoDemo);
        var person = await app.CreateUserAsync("names@public.example");
        Assert.Equal(HttpStatusCode.Created, (await person.Client.PostAsJsonAsync("/api/workspaces", new { name = "Über Verträge" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await person.Client.PostAsJsonAsync("/api/workspaces", new { name = "Rules Library" }, Ct)).StatusCode);

        foreach (var twin in new[] { "über verträge", "ÜBER VERTRÄGE", "rules library", "ＲＵＬＥＳ ＬＩＢＲＡＲＹ" })
        {
            var response = await person.Client.PostAsJsonAsync("/api/workspaces", new { name = twin }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{twin}: {(int)response.StatusCode}");
            Assert.Contains("already exists", await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.Equal(2, await app.WithDbAsync(db => db.Workspaces.CountAsync(Ct)));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task TheDatabaseItselfRefusesTwoNamesThatDifferOnlyInCase(TestDatabase database)
    {
        await using var app = new CooperationApp(database, settings: NoDemo);
        await app.WithDbAsync(async db =>
        {
            db.Workspaces.Add(new Workspace { Name = "Über Verträge" });
            return await db.SaveChangesAsync(Ct);
        });

        // As two requests racing past the check would: the unique index is the last guard.
        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.Workspaces.Add(new Workspace { Name = "über verträge" });
            return await db.SaveChangesAsync(Ct);
        }));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task ADatabaseFromBeforeTheNormalizedNamesGetsThemWhenTheSiteStarts(TestDatabase database)
    {
        var folder = Directory.CreateTempSubdirectory("cooperation-migration-").FullName;
        var postgres = database == TestDatabase.Postgres ? CooperationApp.CreatePostgresDatabase() : null;
        var older = Guid.NewGuid();
        var younger = Guid.NewGuid();
        await using (var db = OldContext(database, folder, postgres))
        {
            // The schema of the first release, with names the old case-sensitive index let in.
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First(), Ct);
            await InsertOldWorkspaceAsync(db, database, older, "Treaty Review", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            await InsertOldWorkspaceAsync(db, database, younger, "TREATY REVIEW", new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));
            await InsertOldWorkspaceAsync(db, database, Guid.NewGuid(), "Über Verträge", new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));
            await InsertOldInvitationAsync(db, database, younger, "élodie@inpi.example");
        }

        await using (var app = new CooperationApp(database, settings: NoDemo, dataPath: folder, postgresDatabase: postgres))
        {
            var workspaces = await app.WithDbAsync(db => db.Workspaces.AsNoTracking().ToDictionaryAsync(w => w.Name, w => w.NormalizedName, Ct));
            Assert.Equal(new Dictionary<string, string>
            {
                ["Treaty Review"] = "TREATY REVIEW",
                ["TREATY REVIEW (2)"] = "TREATY REVIEW (2)",
                ["Über Verträge"] = "ÜBER VERTRÄGE",
            }, workspaces);
            Assert.Equal("Treaty Review", await app.WithDbAsync(db => db.Workspaces.Where(w => w.Id == older).Select(w => w.Name).SingleAsync(Ct)));
            Assert.Equal("ÉLODIE@INPI.EXAMPLE", await app.WithDbAsync(db => db.Invitations.Select(i => i.NormalizedEmail).SingleAsync(Ct)));

            var person = await app.CreateUserAsync("after@public.example");
            Assert.Equal(HttpStatusCode.Conflict, (await person.Client.PostAsJsonAsync("/api/workspaces", new { name = "über verträge" }, Ct)).StatusCode);
        }

        Directory.Delete(folder, recursive: true);
    }

    private static CooperationDb OldContext(TestDatabase database, string folder, string? postgres) =>
        database == TestDatabase.Postgres
            ? new PostgresCooperationDb(new DbContextOptionsBuilder<PostgresCooperationDb>().UseNpgsql(CooperationApp.PostgresConnectionString(postgres!)).Options)
            : new SqliteCooperationDb(new DbContextOptionsBuilder<SqliteCooperationDb>().UseSqlite($"Data Source={Path.Combine(folder, "cooperation.db")};Pooling=False").Options);

    // Raw SQL in each provider's own formats: the model of today has columns the old schema lacks.
    private static Task InsertOldWorkspaceAsync(CooperationDb db, TestDatabase database, Guid id, string name, DateTime createdAt) =>
        database == TestDatabase.Postgres
            ? db.Database.ExecuteSqlAsync($"""INSERT INTO "Workspaces" ("Id", "Name", "Description", "IsPublic", "IsArchived", "CreatedAt") VALUES ({id}, {name}, '', false, false, {createdAt})""", Ct)
            : db.Database.ExecuteSqlAsync($"""INSERT INTO "Workspaces" ("Id", "Name", "Description", "IsPublic", "IsArchived", "CreatedAt") VALUES ({id.ToString().ToUpperInvariant()}, {name}, '', 0, 0, {createdAt.ToString("yyyy-MM-dd HH:mm:ss")})""", Ct);

    private static Task InsertOldInvitationAsync(CooperationDb db, TestDatabase database, Guid workspaceId, string email)
    {
        var id = Guid.NewGuid();
        var hash = new string('a', 64);
        var now = DateTime.UtcNow;
        return database == TestDatabase.Postgres
            ? db.Database.ExecuteSqlAsync($"""INSERT INTO "Invitations" ("Id", "WorkspaceId", "Email", "Role", "SecretHash", "InvitedById", "CreatedAt", "ExpiresAt") VALUES ({id}, {workspaceId}, {email}, 1, {hash}, 'someone', {now}, {now.AddDays(7)})""", Ct)
            : db.Database.ExecuteSqlAsync($"""INSERT INTO "Invitations" ("Id", "WorkspaceId", "Email", "Role", "SecretHash", "InvitedById", "CreatedAt", "ExpiresAt") VALUES ({id.ToString().ToUpperInvariant()}, {workspaceId.ToString().ToUpperInvariant()}, {email}, 1, {hash}, 'someone', {now.ToString("yyyy-MM-dd HH:mm:ss")}, {now.AddDays(7).ToString("yyyy-MM-dd HH:mm:ss")})""", Ct);
    }
}
