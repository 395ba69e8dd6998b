using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>Editing sessions, the meeting link in calendars, holidays typed by hand: through the API, with bad input.</summary>
public sealed class SchedulingDetailsTests(SchedulingDetailsTests.Fixture fixture) : IClassFixture<SchedulingDetailsTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public CooperationApp App { get; } = new(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        public TestUser Admin { get; private set; } = null!;
        public TestUser Coordinator { get; private set; } = null!;
        public Dictionary<string, Office> Offices { get; private set; } = [];

        public async ValueTask InitializeAsync()
        {
            Admin = await App.CreateUserAsync(CooperationApp.AdminEmail, administrator: true);
            Coordinator = await App.CreateUserAsync("coordinator@scheduling.example");
            Offices = await ProgrammeTestData.AddOfficesAsync(App);
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Workspace, ProgrammeDto Programme, SessionDto Session, string Url)> SessionAsync(SessionInput input)
    {
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(fixture.Coordinator);
        var programme = await ProgrammeTestData.CreateProgrammeAsync(fixture.Coordinator, workspace, fixture.Offices["Beijing"], [fixture.Offices["Almaty"]]);
        var session = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, workspace, programme.Id, input)).Sessions[0];
        return (workspace, programme, session, $"/api/workspaces/{workspace}/programmes/{programme.Id}/sessions/{session.Id}");
    }

    private Task<ProgrammeSession> StoredAsync(Guid sessionId) =>
        fixture.App.WithDbAsync(db => db.ProgrammeSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, Ct));

    [Fact]
    public async Task AnEditIsCheckedLikeANewSessionAndABadOneChangesNothing()
    {
        var (_, _, session, url) = await SessionAsync(new SessionInput("2027-05-03T10:00", "2027-05-03T11:00", Title: "Search practice"));
        var before = await StoredAsync(session.Id);

        foreach (var (body, expected) in new[]
        {
            ("""{"start":"2027-05-03T10:00","end":"2027-05-03T11:00","timeZone":"Mars/Olympus"}""", "'Mars/Olympus' is not an IANA time zone"),
            ("""{"start":"2027-05-03T12:00","end":"2027-05-03T11:00"}""", "must end after it starts"),
            ("""{"start":"2027-05-03T10:00","end":"2027-05-03T11:00","recurrence":{"frequency":"weekly","count":2}}""", "only be given when sessions are created"),
        })
        {
            var response = await fixture.Coordinator.Client.PutAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var after = await StoredAsync(session.Id);
        Assert.Equal((before.StartUtc, before.EndUtc, before.TimeZone, before.Sequence, before.UpdatedAt), (after.StartUtc, after.EndUtc, after.TimeZone, after.Sequence, after.UpdatedAt));

        // A good edit moves it, raises its sequence and reports a time outside an office's hours as creation does.
        var moved = await fixture.Coordinator.Client.PutAsJsonAsync(url, new SessionInput("2027-05-03T20:00", "2027-05-03T21:00", Title: "Search practice"), ApiJson.Options, Ct);
        moved.EnsureSuccessStatusCode();
        var saved = (await moved.Content.ReadFromJsonAsync<SessionsSaved>(ApiJson.Options, Ct))!;
        Assert.Equal(new DateTime(2027, 5, 3, 12, 0, 0, DateTimeKind.Utc), saved.Sessions[0].StartUtc);
        Assert.Equal(before.Sequence + 1, saved.Sessions[0].Sequence);
        Assert.Contains(saved.Warnings, w => w.Message.Contains("outside working hours", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ACancelledSessionCannotBeEdited()
    {
        var (_, _, session, url) = await SessionAsync(new SessionInput("2027-05-04T10:00", "2027-05-04T11:00"));
        (await fixture.Coordinator.Client.PostAsync(url + "/cancel", null, Ct)).EnsureSuccessStatusCode();
        var before = await StoredAsync(session.Id);

        var response = await fixture.Coordinator.Client.PutAsJsonAsync(url, new SessionInput("2027-05-05T10:00", "2027-05-05T11:00"), ApiJson.Options, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains(SessionService.CancelledCannotChange, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var after = await StoredAsync(session.Id);
        Assert.Equal((before.StartUtc, before.Sequence, SessionStatus.Cancelled), (after.StartUtc, after.Sequence, after.Status));
    }

    [Fact]
    public async Task TheMeetingLinkIsTheEventsUrlItsLocationAndInItsDescription()
    {
        const string link = "https://meet.example.org/exchange-42";
        var (workspace, programme, online, _) = await SessionAsync(new SessionInput("2027-05-06T10:00", "2027-05-06T11:00", Location: "CNIPA, room 3", OnlineLink: link));
        var onlineOnly = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, workspace, programme.Id, new SessionInput("2027-05-07T10:00", "2027-05-07T11:00", OnlineLink: link))).Sessions[0];
        var inRoom = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, workspace, programme.Id, new SessionInput("2027-05-08T10:00", "2027-05-08T11:00", Location: "CNIPA, room 3"))).Sessions[0];

        var text = await fixture.Coordinator.Client.GetStringAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/calendar.ics", Ct);
        var events = IcalCalendar.Load(text)!.Events.ToDictionary(e => e.Uid!);

        var both = events[CalendarWriter.UidOf(online.Id)];
        Assert.Equal(new Uri(link), both.Url);
        Assert.Equal($"CNIPA, room 3 / {link}", both.Location);
        Assert.Contains($"Online meeting: {link}", both.Description, StringComparison.Ordinal);
        Assert.Contains($"/workspaces/{workspace}/programmes/{programme.Id}", both.Description, StringComparison.Ordinal);

        var remote = events[CalendarWriter.UidOf(onlineOnly.Id)];
        Assert.Equal((new Uri(link), link), (remote.Url, remote.Location));

        // Without a meeting link the entry links to the programme's page, as before.
        var room = events[CalendarWriter.UidOf(inRoom.Id)];
        Assert.Equal("CNIPA, room 3", room.Location);
        Assert.EndsWith($"/workspaces/{workspace}/programmes/{programme.Id}", room.Url!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Online meeting", room.Description, StringComparison.Ordinal);
    }

    public static TheoryData<string, HttpStatusCode, string> BadHolidays => new()
    {
        { """{"date":"0000-01-01","name":"Year zero"}""", HttpStatusCode.BadRequest, "'0000-01-01' is not a day of the calendar" },
        { """{"date":"2300-03-21","name":"Far future"}""", HttpStatusCode.BadRequest, "in a year from 1900 to 2199" },
        { """{"date":"2027-02-30","name":"No such day"}""", HttpStatusCode.BadRequest, "'2027-02-30' is not a day of the calendar" },
        { """{"date":"21/03/2027","name":"Other format"}""", HttpStatusCode.BadRequest, "write it as 2027-03-21" },
        { """{"date":"2027-03-21","name":"  "}""", HttpStatusCode.BadRequest, "A holiday's name has 1 to 200 characters" },
        { """{"date":"2027-01-01","name":"New Year again"}""", HttpStatusCode.Conflict, "2027-01-01 is already a holiday of this office: New Year." },
    };

    [Theory]
    [MemberData(nameof(BadHolidays))]
    public async Task AHolidayOutsideTheCalendarOrTwiceIsRefusedAndNothingIsStored(string body, HttpStatusCode status, string expected)
    {
        var office = fixture.Offices["Almaty"].Id;
        var url = $"/api/offices/{office}/holidays";
        var first = await fixture.Admin.Client.PostAsJsonAsync(url, new HolidayInput("2027-01-01", "New Year"), ApiJson.Options, Ct);
        Assert.True(first.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await first.Content.ReadAsStringAsync(Ct));
        var before = await fixture.App.WithDbAsync(db => db.OfficeHolidays.Where(h => h.OfficeId == office).Select(h => new { h.Date, h.Name }).ToListAsync(Ct));

        var response = await fixture.Admin.Client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var after = await fixture.App.WithDbAsync(db => db.OfficeHolidays.Where(h => h.OfficeId == office).Select(h => new { h.Date, h.Name }).ToListAsync(Ct));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task AHolidayTypedByHandIsLeftOutByTheSlotFinder()
    {
        var office = fixture.Offices["Kathmandu"].Id;
        var created = await fixture.Admin.Client.PostAsJsonAsync($"/api/offices/{office}/holidays", new HolidayInput("2027-04-14", " Nepali New Year "), ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var holiday = (await created.Content.ReadFromJsonAsync<HolidayDto>(ApiJson.Options, Ct))!;
        Assert.Equal((new DateOnly(2027, 4, 14), "Nepali New Year"), (holiday.Date, holiday.Name));

        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(fixture.Coordinator);
        var result = await fixture.Coordinator.GetAsync<List<HolidayDto>>($"/api/offices/{office}/holidays");
        Assert.Contains(result, h => h.Id == holiday.Id);
        var slots = await fixture.Coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/programmes/slots",
            new SlotRequest([office], 60, new DateOnly(2027, 4, 14), new DateOnly(2027, 4, 14)), ApiJson.Options, Ct);
        var found = (await slots.Content.ReadFromJsonAsync<SlotSearchResult>(ApiJson.Options, Ct))!;
        Assert.Empty(found.Slots);
        Assert.Contains(found.Blocks, b => b.Reason.Contains("Nepali New Year", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MovingASessionMovesItsRemindersAndItsOldTimesAreNeverSent()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var channel = new ReminderTests.RecordingChannel { Clock = clock };
        await using var app = new ReminderTests.ReminderApp(clock, channel, TestDatabase.Sqlite);
        var coordinator = await app.CreateUserAsync("coordinator@moved.example");
        var member = await app.CreateUserAsync("member@moved.example");
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(coordinator);
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        var programme = await ProgrammeTestData.CreateProgrammeAsync(coordinator, workspace, offices["Almaty"], []);
        var session = (await ProgrammeTestData.CreateSessionAsync(coordinator, workspace, programme.Id, new SessionInput("2027-03-10T10:00Z", "2027-03-10T11:00Z"))).Sessions[0];
        var url = $"/api/workspaces/{workspace}/programmes/{programme.Id}/sessions/{session.Id}";
        (await member.Client.PutAsJsonAsync(url + "/reply", new ReplyInput(ParticipantReply.Accepted), ApiJson.Options, Ct)).EnsureSuccessStatusCode();

        // The one-day reminder of the first time goes out at 10:00Z on 9 Mar.
        clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 10, 0, 0, TimeSpan.Zero));
        await app.RoundAsync();
        Assert.Equal(new[] { (TimeSpan.FromDays(1), new DateTime(2027, 3, 10, 10, 0, 0, DateTimeKind.Utc)) }, channel.Delivered.Select(d => (d.Message.LeadTime, d.Message.StartUtc)));

        // Moved, at 10:30Z on 9 Mar, to 14:00Z the same day: three and a half hours ahead, so like a session planned now
        // it gets the one-hour reminder alone (no late one-day reminder), and none at the old time.
        clock.SetUtcNow(new DateTimeOffset(2027, 3, 9, 10, 30, 0, TimeSpan.Zero));
        (await coordinator.Client.PutAsJsonAsync(url, new SessionInput("2027-03-09T14:00Z", "2027-03-09T15:00Z"), ApiJson.Options, Ct)).EnsureSuccessStatusCode();
        for (var at = clock.GetUtcNow(); at <= new DateTimeOffset(2027, 3, 10, 10, 0, 0, TimeSpan.Zero); at = at.AddMinutes(30))
        {
            clock.SetUtcNow(at);
            await app.RoundAsync();
        }

        // Each once, to the one person who accepted; the site's own loop may deliver one a step of the clock late.
        var delivered = channel.Delivered.OrderBy(d => d.At).ToList();
        Assert.Equal(
            new[] { (TimeSpan.FromDays(1), new DateTime(2027, 3, 10, 10, 0, 0, DateTimeKind.Utc)), (TimeSpan.FromHours(1), new DateTime(2027, 3, 9, 14, 0, 0, DateTimeKind.Utc)) },
            delivered.Select(d => (d.Message.LeadTime, d.Message.StartUtc)));
        Assert.All(delivered, d => Assert.Equal(member.Id, d.Message.UserId));
        Assert.InRange(delivered[1].At, new DateTimeOffset(2027, 3, 9, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 3, 9, 13, 30, 0, TimeSpan.Zero));
    }
}
