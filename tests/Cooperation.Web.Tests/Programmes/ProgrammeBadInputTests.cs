using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Cooperation.Web.Tests.Infrastructure.ProblemResponses;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>Each bad programme or session request gets a clear 4xx ProblemDetails and leaves the database as it was.</summary>
public sealed class ProgrammeBadInputTests(ProgrammeBadInputTests.Fixture fixture) : IClassFixture<ProgrammeBadInputTests.Fixture>
{
    public const int Cap = 10;

    public sealed class Fixture : IAsyncLifetime
    {
        public CooperationApp App { get; } = new(settings: new Dictionary<string, string?> { ["Programmes:MaxOccurrences"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        public TestUser Coordinator { get; private set; } = null!;
        public Dictionary<string, Office> Offices { get; private set; } = [];
        public Guid WorkspaceId { get; private set; }
        public ProgrammeDto Programme { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Coordinator = await App.CreateUserAsync("coordinator@bad-programmes.example");
            Offices = await ProgrammeTestData.AddOfficesAsync(App);
            WorkspaceId = await ProgrammeTestData.CreateWorkspaceAsync(Coordinator);
            Programme = await ProgrammeTestData.CreateProgrammeAsync(Coordinator, WorkspaceId, Offices["Beijing"], [Offices["Almaty"]]);
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadSessions => new()
    {
        { """{"start":"2027-03-01T12:00","end":"2027-03-01T10:00"}""", "end after it starts" },
        { """{"start":"2027-03-01T12:00","end":"2027-03-01T12:00"}""", "end after it starts" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","timeZone":"Mars/Olympus"}""", "not an IANA time zone" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","timeZone":"China Standard Time"}""", "not an IANA time zone" },
        { """{"start":"1 March 2027","end":"2027-03-01T12:00"}""", "not a date and time" },
        { """{"start":"2027-03-28T02:30","end":"2027-03-28T04:00","timeZone":"Europe/Berlin"}""", "does not exist in Europe/Berlin" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","recurrence":{"frequency":"weekly"}}""", "needs an end" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","recurrence":{"frequency":"daily","count":11}}""", "at most 10 sessions" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","recurrence":{"frequency":"daily","until":"2027-03-31"}}""", "more than 10 sessions" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","recurrence":{"frequency":"daily","count":3,"until":"2027-03-05"}}""", "not both" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","recurrence":{"frequency":"hourly","count":3}}""", "wrong type" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","capacity":0}""", "capacity" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","onlineLink":"javascript:alert(1)"}""", "http or https" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-20T12:00"}""", "at most 168 hours" },
        { """{"start":"2027-03-01T10:00","end":"2027-03-01T12:00","colour":"red"}""", "field this endpoint does not know" },
    };

    [Theory]
    [MemberData(nameof(BadSessions))]
    public async Task BadSessionInputIsRefusedAndNothingIsStored(string body, string expected)
    {
        var before = await CountsAsync();
        var response = await fixture.Coordinator.Client.PostAsync($"/api/workspaces/{fixture.WorkspaceId}/programmes/{fixture.Programme.Id}/sessions",
            new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expected);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task ASessionForAnOfficeOutsideTheProgrammeIsRefused()
    {
        var before = await CountsAsync();
        var body = new SessionInput("2027-03-01T10:00", "2027-03-01T12:00", OfficeIds: [fixture.Offices["Beijing"].Id, fixture.Offices["Cairo"].Id]);
        var response = await fixture.Coordinator.Client.PostAsJsonAsync($"/api/workspaces/{fixture.WorkspaceId}/programmes/{fixture.Programme.Id}/sessions", body, ApiJson.Options, Ct);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "does not take part in this programme");
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AProgrammeOrSessionOfAnotherWorkspaceIsNotFound()
    {
        var other = await ProgrammeTestData.CreateWorkspaceAsync(fixture.Coordinator, "Other");
        var response = await fixture.Coordinator.Client.PostAsJsonAsync($"/api/workspaces/{other}/programmes/{fixture.Programme.Id}/sessions",
            new SessionInput("2027-03-01T10:00", "2027-03-01T12:00"), ApiJson.Options, Ct);
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "no programme");
    }

    public static TheoryData<string, string> BadProgrammes => new()
    {
        { """{"title":"","kind":"training","hostOfficeId":"HOST"}""", "title" },
        { """{"title":"T","kind":"party","hostOfficeId":"HOST"}""", "wrong type" },
        { """{"title":"T","kind":"training","hostOfficeId":"00000000-0000-0000-0000-000000000001"}""", "host office" },
        { """{"title":"T","kind":"training","hostOfficeId":"HOST","partnerOfficeIds":["00000000-0000-0000-0000-000000000002"]}""", "no office with id" },
        { """{"title":"T","kind":"training","hostOfficeId":"HOST","documentIds":["00000000-0000-0000-0000-000000000000"]}""", "document" },
    };

    [Theory]
    [MemberData(nameof(BadProgrammes))]
    public async Task BadProgrammeInputIsRefusedAndNothingIsStored(string body, string expected)
    {
        var before = await CountsAsync();
        var response = await fixture.Coordinator.Client.PostAsync($"/api/workspaces/{fixture.WorkspaceId}/programmes",
            new StringContent(body.Replace("HOST", fixture.Offices["Beijing"].Id.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, expected);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AProgrammeLinksOnlyToLiveDocumentsOfItsOwnWorkspace()
    {
        var other = await ProgrammeTestData.CreateWorkspaceAsync(fixture.Coordinator, "Documents elsewhere");
        var (own, foreign, deleted) = await fixture.App.WithDbAsync(async db =>
        {
            var ownDocument = new Cooperation.Web.Documents.Document { WorkspaceId = fixture.WorkspaceId, Title = "Agenda", CreatedById = fixture.Coordinator.Id };
            var foreignDocument = new Cooperation.Web.Documents.Document { WorkspaceId = other, Title = "Elsewhere", CreatedById = fixture.Coordinator.Id };
            var deletedDocument = new Cooperation.Web.Documents.Document { WorkspaceId = fixture.WorkspaceId, Title = "Gone", CreatedById = fixture.Coordinator.Id, DeletedAt = DateTime.UtcNow };
            db.Documents.AddRange(ownDocument, foreignDocument, deletedDocument);
            await db.SaveChangesAsync(Ct);
            return (ownDocument.Id, foreignDocument.Id, deletedDocument.Id);
        });
        var url = $"/api/workspaces/{fixture.WorkspaceId}/programmes";
        var host = fixture.Offices["Beijing"].Id;
        foreach (var bad in new[] { foreign, deleted })
        {
            var before = await CountsAsync();
            var refused = await fixture.Coordinator.Client.PostAsJsonAsync(url, new ProgrammeInput("Linked", ProgrammeKind.Seminar, host, DocumentIds: [own, bad]), ApiJson.Options, Ct);
            await AssertProblemAsync(refused, HttpStatusCode.BadRequest, $"no document with id {bad}");
            Assert.Equal(before, await CountsAsync());
        }

        var accepted = await fixture.Coordinator.Client.PostAsJsonAsync(url, new ProgrammeInput("Linked", ProgrammeKind.Seminar, host, DocumentIds: [own]), ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal([own], (await accepted.Content.ReadFromJsonAsync<ProgrammeDto>(ApiJson.Options, Ct))!.DocumentIds);
    }

    [Fact]
    public async Task AnAcceptanceBeyondTheCapacityIsRefused()
    {
        var session = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, fixture.WorkspaceId, fixture.Programme.Id,
            new SessionInput("2027-05-01T10:00", "2027-05-01T12:00", Capacity: 1))).Sessions[0];
        var url = $"/api/workspaces/{fixture.WorkspaceId}/programmes/{fixture.Programme.Id}/sessions/{session.Id}/reply";
        (await fixture.Coordinator.Client.PutAsJsonAsync(url, new ReplyInput(ParticipantReply.Accepted), ApiJson.Options, Ct)).EnsureSuccessStatusCode();

        var member = await fixture.App.CreateUserAsync($"{Guid.NewGuid():N}@bad-programmes.example");
        await fixture.App.AddMemberAsync(fixture.WorkspaceId, member, Workspaces.WorkspaceRole.Member);
        var full = await member.Client.PutAsJsonAsync(url, new ReplyInput(ParticipantReply.Accepted), ApiJson.Options, Ct);
        await AssertProblemAsync(full, HttpStatusCode.Conflict, "full");
        Assert.Equal(1, await fixture.App.WithDbAsync(db => db.SessionParticipants.CountAsync(p => p.SessionId == session.Id, Ct)));
    }

    [Fact]
    public async Task AttendanceIsRecordedOnlyOnceASessionHasBegunAndOnlyForMembers()
    {
        var member = await fixture.App.CreateUserAsync($"{Guid.NewGuid():N}@attendance.example");
        await fixture.App.AddMemberAsync(fixture.WorkspaceId, member, Workspaces.WorkspaceRole.Member);
        var stranger = await fixture.App.CreateUserAsync($"{Guid.NewGuid():N}@attendance.example");
        var past = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, fixture.WorkspaceId, fixture.Programme.Id, new SessionInput("2024-03-01T10:00", "2024-03-01T12:00"))).Sessions[0];
        var future = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, fixture.WorkspaceId, fixture.Programme.Id, new SessionInput("2037-03-02T10:00", "2037-03-02T12:00"))).Sessions[0];
        string Url(SessionDto s, string userId) => $"/api/workspaces/{fixture.WorkspaceId}/programmes/{fixture.Programme.Id}/sessions/{s.Id}/participants/{userId}";

        var recorded = await fixture.Coordinator.Client.PutAsJsonAsync(Url(past, member.Id), new ParticipantInput(Attended: true), ApiJson.Options, Ct);
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync(Ct));
        Assert.True((await recorded.Content.ReadFromJsonAsync<ParticipantDto>(ApiJson.Options, Ct))!.Attended);

        await AssertProblemAsync(await fixture.Coordinator.Client.PutAsJsonAsync(Url(future, member.Id), new ParticipantInput(Attended: true), ApiJson.Options, Ct),
            HttpStatusCode.BadRequest, "once the session has begun");
        await AssertProblemAsync(await fixture.Coordinator.Client.PutAsJsonAsync(Url(past, stranger.Id), new ParticipantInput(Attended: true), ApiJson.Options, Ct),
            HttpStatusCode.BadRequest, "Only members");
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.SessionParticipants.CountAsync(p => p.SessionId == future.Id || p.UserId == stranger.Id, Ct)));
    }

    [Fact]
    public async Task ACalendarUploadThatIsNotTextCalendarIsRefused()
    {
        var response = await fixture.Coordinator.Client.PostAsync($"/api/workspaces/{fixture.WorkspaceId}/programmes/{fixture.Programme.Id}/import",
            new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "text/calendar");
    }

    [Fact]
    public async Task BadSlotRequestsAreRefused()
    {
        var url = $"/api/workspaces/{fixture.WorkspaceId}/programmes/slots";
        var beijing = fixture.Offices["Beijing"].Id;
        await AssertProblemAsync(await fixture.Coordinator.Client.PostAsJsonAsync(url, new SlotRequest([beijing], 60, new DateOnly(2027, 3, 2), new DateOnly(2027, 3, 1)), ApiJson.Options, Ct), HttpStatusCode.BadRequest, "comes before");
        await AssertProblemAsync(await fixture.Coordinator.Client.PostAsJsonAsync(url, new SlotRequest([beijing], 60, new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 1), Quorum: 2), ApiJson.Options, Ct), HttpStatusCode.BadRequest, "quorum");
        await AssertProblemAsync(await fixture.Coordinator.Client.PostAsJsonAsync(url, new SlotRequest([beijing], 60, new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 1), TimeZone: "Nowhere/Town"), ApiJson.Options, Ct), HttpStatusCode.BadRequest, "IANA");
        await AssertProblemAsync(await fixture.Coordinator.Client.PostAsJsonAsync(url, new SlotRequest([], 60, new DateOnly(2027, 3, 1), new DateOnly(2027, 3, 1)), ApiJson.Options, Ct), HttpStatusCode.BadRequest, "offices");
    }

    private async Task<(int Programmes, int Sessions, int Participants)> CountsAsync() =>
        await fixture.App.WithDbAsync(async db => (await db.Programmes.CountAsync(Ct), await db.ProgrammeSessions.CountAsync(Ct), await db.SessionParticipants.CountAsync(Ct)));
}
