using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>The schedule questions the assistant and the bot ask on someone's behalf, limited to what that person may read.</summary>
public sealed class ProgrammeQueriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheNextExaminerExchangeWithKazakhstanIsAnsweredFromTheWorkspacesTheAskerMayRead()
    {
        await using var app = new CooperationApp();
        var coordinator = await app.CreateUserAsync("coordinator@queries.example");
        var asker = await app.CreateUserAsync("asker@queries.example");
        var outsider = await app.CreateUserAsync("outsider@queries.example");
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var year = DateTime.UtcNow.Year + 1;

        // The asker's workspace: a seminar with Kazakhstan (wrong kind), an examiner exchange with Kazakhstan in
        // June, and one with Egypt in May (wrong country).
        var shared = await ProgrammeTestData.CreateWorkspaceAsync(coordinator, "Shared");
        await app.AddMemberAsync(shared, asker, WorkspaceRole.Observer);
        var seminar = await ProgrammeTestData.CreateProgrammeAsync(coordinator, shared, offices["Beijing"], [offices["Almaty"]], "Patent seminar", ProgrammeKind.Seminar);
        await ProgrammeTestData.CreateSessionAsync(coordinator, shared, seminar.Id, new($"{year}-04-01T10:00", $"{year}-04-01T12:00"));
        var exchange = await ProgrammeTestData.CreateProgrammeAsync(coordinator, shared, offices["Beijing"], [offices["Almaty"]], "Examiner exchange Beijing–Almaty");
        var june = (await ProgrammeTestData.CreateSessionAsync(coordinator, shared, exchange.Id, new($"{year}-06-07T10:00", $"{year}-06-07T12:00"))).Sessions[0];
        var egypt = await ProgrammeTestData.CreateProgrammeAsync(coordinator, shared, offices["Beijing"], [offices["Cairo"]], "Examiner exchange Beijing–Cairo");
        await ProgrammeTestData.CreateSessionAsync(coordinator, shared, egypt.Id, new($"{year}-05-03T10:00", $"{year}-05-03T12:00"));

        // A workspace the asker cannot read holds an earlier exchange with Kazakhstan; it must not be used.
        var hidden = await ProgrammeTestData.CreateWorkspaceAsync(outsider, "Hidden");
        var secret = await ProgrammeTestData.CreateProgrammeAsync(outsider, hidden, offices["Moscow"], [offices["Almaty"]], "Secret exchange");
        await ProgrammeTestData.CreateSessionAsync(outsider, hidden, secret.Id, new($"{year}-03-01T10:00", $"{year}-03-01T12:00"));

        await using var scope = app.Services.CreateAsyncScope();
        var readable = await scope.ServiceProvider.GetRequiredService<WorkspaceAccess>().ReadableWorkspaceIdsAsync(asker.Id, false, Ct);
        var queries = scope.ServiceProvider.GetRequiredService<ProgrammeQueries>();
        var answer = await queries.AnswerAsync(readable, "When is the next examiner exchange with Kazakhstan?",
            DateTimeZoneProviders.Tzdb["Europe/Berlin"], new Uri("https://hub.example/"), Ct);

        // 10:00 on 7 June in Beijing (UTC+8) is 02:00Z, 04:00 in Berlin (UTC+2 in summer).
        Assert.NotNull(answer.Match);
        Assert.Equal(june.Id, answer.Match.SessionId);
        Assert.Contains("Examiner exchange Beijing–Almaty", answer.Text);
        Assert.Contains($"7 June {year}, 04:00 your time (Europe/Berlin), 10:00 in Asia/Shanghai", answer.Text);
        Assert.Contains($"https://hub.example/workspaces/{shared}/programmes/{exchange.Id}", answer.Text);
        Assert.DoesNotContain("Secret", answer.Text);
        Assert.Empty(answer.Others);

        // The same question from someone who can read nothing relevant gets a plain "none".
        var none = await queries.AnswerAsync([], "When is the next examiner exchange with Kazakhstan?", DateTimeZone.Utc, null, Ct);
        Assert.Null(none.Match);
        Assert.StartsWith("I found no upcoming examiner exchange with Kazakhstan", none.Text);

        // The structured query finds by country code as well.
        var byCode = await queries.NextSessionsAsync(readable, new ProgrammeQuery(OfficeOrCountry: "EG"), Ct);
        Assert.Equal("Examiner exchange Beijing–Cairo", Assert.Single(byCode).ProgrammeTitle);
    }
}
