using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using IcalCalendar = Ical.Net.Calendar;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>iCalendar downloads, subscription feeds and .ics import, read back with Ical.Net the way calendar clients do.</summary>
public sealed class CalendarTests(CalendarTests.Fixture fixture) : IClassFixture<CalendarTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public CooperationApp App { get; } = new();
        public TestUser Coordinator { get; private set; } = null!;
        public TestUser Member { get; private set; } = null!;
        public Dictionary<string, Office> Offices { get; private set; } = [];

        public async ValueTask InitializeAsync()
        {
            Coordinator = await App.CreateUserAsync("coordinator@calendar.example");
            Member = await App.CreateUserAsync("member@calendar.example");
            Offices = await ProgrammeTestData.AddOfficesAsync(App);
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(Guid Workspace, ProgrammeDto Programme)> ProgrammeAsync()
    {
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(fixture.Coordinator);
        await fixture.App.AddMemberAsync(workspace, fixture.Member, WorkspaceRole.Member);
        var o = fixture.Offices;
        var programme = await ProgrammeTestData.CreateProgrammeAsync(fixture.Coordinator, workspace, o["Santiago"], [o["Berlin"], o["Kathmandu"], o["Beijing"]]);
        return (workspace, programme);
    }

    [Fact]
    public async Task OurIcsParsesBackWithIcalNetToTheSameInstants()
    {
        var (workspace, programme) = await ProgrammeAsync();
        SessionInput[] inputs =
        [
            // Just after Berlin's clocks jump (03:30 CEST = 01:30Z on 28 Mar 2027).
            new("2027-03-28T03:30", "2027-03-28T05:00", "Europe/Berlin", "After the jump"),
            // The second 23:30 of Sat 3 Apr in Santiago (-4), which a TZID wall-clock time cannot express: 03:30Z.
            new("2027-04-04T03:30Z", "2027-04-04T04:30Z", "America/Santiago", "Repeated hour"),
            // Kathmandu +05:45: 09:00 local is 03:15Z.
            new("2027-03-01T09:00", "2027-03-01T10:30", "Asia/Kathmandu", "Quarter-hour zone"),
            // Crosses midnight in Beijing (23:00-01:00 local).
            new("2027-03-01T15:00Z", "2027-03-01T17:00Z", "UTC", "Late in Beijing"),
        ];
        var created = new List<SessionDto>();
        foreach (var input in inputs)
        {
            created.AddRange((await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, workspace, programme.Id, input)).Sessions);
        }

        Assert.Equal(new DateTime(2027, 3, 28, 1, 30, 0, DateTimeKind.Utc), created[0].StartUtc);
        Assert.Equal(new DateTime(2027, 3, 1, 3, 15, 0, DateTimeKind.Utc), created[2].StartUtc);

        var response = await fixture.Member.Client.GetAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/calendar.ics", Ct);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var calendar = IcalCalendar.Load(text)!;

        Assert.Equal(created.Count, calendar.Events.Count);
        foreach (var session in created)
        {
            var calendarEvent = calendar.Events.Single(e => e.Uid == $"{session.Id}@cooperation-hub");
            Assert.Equal(session.StartUtc, calendarEvent.DtStart!.AsUtc);
            Assert.Equal(session.EndUtc, calendarEvent.DtEnd!.AsUtc);
            Assert.Equal(0, calendarEvent.Sequence);
        }

        // Each wall-clock zone comes with its VTIMEZONE definition.
        Assert.Equal(["America/Santiago", "Asia/Kathmandu", "Europe/Berlin"], calendar.TimeZones.Select(z => z.TzId).Order());
        Assert.Contains("DTSTART;TZID=Asia/Kathmandu:20270301T090000", text);
        Assert.Contains("DTSTART:20270404T033000Z", text);

        // The one-session download holds the same instant.
        var single = IcalCalendar.Load(await fixture.Member.Client.GetStringAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/sessions/{created[2].Id}/calendar.ics", Ct))!;
        Assert.Equal(created[2].StartUtc, Assert.Single(single.Events).DtStart!.AsUtc);
    }

    [Fact]
    public async Task AChangeRaisesTheSequenceAndACancelledSessionIsMarkedCancelled()
    {
        var (workspace, programme) = await ProgrammeAsync();
        var session = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, workspace, programme.Id, new("2027-06-01T10:00", "2027-06-01T12:00"))).Sessions[0];
        var url = $"/api/workspaces/{workspace}/programmes/{programme.Id}/sessions/{session.Id}";

        var moved = await fixture.Coordinator.Client.PutAsJsonAsync(url, new SessionInput("2027-06-02T10:00", "2027-06-02T12:00"), ApiJson.Options, Ct);
        moved.EnsureSuccessStatusCode();
        (await fixture.Coordinator.Client.PostAsync(url + "/cancel", null, Ct)).EnsureSuccessStatusCode();

        var calendarEvent = Assert.Single(IcalCalendar.Load(await fixture.Coordinator.Client.GetStringAsync(url + "/calendar.ics", Ct))!.Events);
        Assert.Equal($"{session.Id}@cooperation-hub", calendarEvent.Uid);
        Assert.Equal(2, calendarEvent.Sequence);
        Assert.Equal("CANCELLED", calendarEvent.Status);
        // 10:00 on 2 Jun in Santiago (-4, the host's zone by default) is 14:00Z.
        Assert.Equal(new DateTime(2027, 6, 2, 14, 0, 0, DateTimeKind.Utc), calendarEvent.DtStart!.AsUtc);

        // Cancelling the whole programme marks its sessions cancelled and raises their sequence once more.
        var other = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, workspace, programme.Id, new("2027-06-03T10:00", "2027-06-03T12:00"))).Sessions[0];
        var update = new ProgrammeInput(programme.Title, programme.Kind, programme.Host.Id, programme.Partners.Select(p => p.Id).ToList(), Status: ProgrammeStatus.Cancelled);
        (await fixture.Coordinator.Client.PutAsJsonAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}", update, ApiJson.Options, Ct)).EnsureSuccessStatusCode();
        var all = IcalCalendar.Load(await fixture.Coordinator.Client.GetStringAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/calendar.ics", Ct))!;
        var otherEvent = all.Events.Single(e => e.Uid == $"{other.Id}@cooperation-hub");
        Assert.Equal("CANCELLED", otherEvent.Status);
        Assert.Equal(1, otherEvent.Sequence);
    }

    [Fact]
    public async Task ASubscriptionAddressWithoutItsSecretOrWithARevokedOneAnswers404()
    {
        var (workspace, programme) = await ProgrammeAsync();
        var session = (await ProgrammeTestData.CreateSessionAsync(fixture.Coordinator, workspace, programme.Id, new("2027-07-01T10:00", "2027-07-01T11:00"))).Sessions[0];
        var anonymous = fixture.App.AnonymousClient();

        var created = await (await fixture.Coordinator.Client.PostAsync($"/api/workspaces/{workspace}/programmes/subscription", null, Ct))
            .Content.ReadFromJsonAsync<CreatedSubscription>(ApiJson.Options, Ct);
        var feed = new Uri(created!.Url).PathAndQuery;
        var ok = await anonymous.GetAsync(feed, Ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains($"{session.Id}@cooperation-hub", await ok.Content.ReadAsStringAsync(Ct));

        // Only the hash is stored.
        var secret = feed["/calendar/".Length..^".ics".Length];
        Assert.False(await fixture.App.WithDbAsync(db => db.CalendarSubscriptions.AnyAsync(s => s.SecretHash == secret, Ct)));

        foreach (var wrong in new[] { "/calendar/.ics", "/calendar/cal_.ics", "/calendar/", "/calendar/cal_not-the-secret.ics", feed.Replace("cal_", "cal_x", StringComparison.Ordinal) })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(wrong, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Coordinator.Client.DeleteAsync($"/api/workspaces/{workspace}/programmes/subscription", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(feed, Ct)).StatusCode);

        // A person's agenda feed: a new address replaces the old one; leaving the workspace removes its sessions.
        var first = (await (await fixture.Member.Client.PostAsync("/api/agenda/subscription", null, Ct)).Content.ReadFromJsonAsync<CreatedSubscription>(ApiJson.Options, Ct))!;
        var second = (await (await fixture.Member.Client.PostAsync("/api/agenda/subscription", null, Ct)).Content.ReadFromJsonAsync<CreatedSubscription>(ApiJson.Options, Ct))!;
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(first.Url).PathAndQuery, Ct)).StatusCode);
        Assert.Contains($"{session.Id}@cooperation-hub", await anonymous.GetStringAsync(new Uri(second.Url).PathAndQuery, Ct));

        (await fixture.Member.Client.DeleteAsync($"/api/workspaces/{workspace}/members/{fixture.Member.Id}", Ct)).EnsureSuccessStatusCode();
        Assert.DoesNotContain($"{session.Id}@cooperation-hub", await anonymous.GetStringAsync(new Uri(second.Url).PathAndQuery, Ct));
        await fixture.App.AddMemberAsync(workspace, fixture.Member, WorkspaceRole.Member);
    }

    [Fact]
    public async Task AnIcsFileIsImportedAsSessionsAndItsExportReadsBackTheSame()
    {
        var (workspace, programme) = await ProgrammeAsync();
        var ics = string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Elsewhere//EN",
            "BEGIN:VEVENT", "UID:a@elsewhere", "SUMMARY:Opening", "LOCATION:Santiago, Room 4",
            "DTSTART;TZID=America/Santiago:20270405T090000", "DTEND;TZID=America/Santiago:20270405T103000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:b@elsewhere", "SUMMARY:Closing with a folded",
            "  title", "DTSTART:20270406T130000Z", "DURATION:PT2H", "END:VEVENT",
            "END:VCALENDAR", "");
        var response = await fixture.Coordinator.Client.PostAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/import",
            new StringContent(ics, Encoding.UTF8, "text/calendar"), Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
        var saved = (await response.Content.ReadFromJsonAsync<SessionsSaved>(ApiJson.Options, Ct))!;

        // 09:00 on 5 Apr in Santiago (-4 after 4 Apr) is 13:00Z; the second event is 13:00Z + 2 h.
        var opening = saved.Sessions.Single(s => s.Title == "Opening");
        Assert.Equal((new DateTime(2027, 4, 5, 13, 0, 0, DateTimeKind.Utc), new DateTime(2027, 4, 5, 14, 30, 0, DateTimeKind.Utc)), (opening.StartUtc, opening.EndUtc));
        Assert.Equal("Santiago, Room 4", opening.Location);
        var closing = saved.Sessions.Single(s => s.Title == "Closing with a folded title");
        Assert.Equal(new DateTime(2027, 4, 6, 15, 0, 0, DateTimeKind.Utc), closing.EndUtc);

        var back = IcalCalendar.Load(await fixture.Coordinator.Client.GetStringAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/calendar.ics", Ct))!;
        Assert.Equal(opening.StartUtc, back.Events.Single(e => e.Uid == $"{opening.Id}@cooperation-hub").DtStart!.AsUtc);
    }

    public static TheoryData<string, int, string> MalformedFiles => new()
    {
        // file lines joined with CRLF; the expected line number; words the message must contain
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|this line has no colon|END:VEVENT|END:VCALENDAR", 3, "not an iCalendar line" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART:2027-03-01 10:00|DTEND:20270301T110000Z|END:VEVENT|END:VCALENDAR", 4, "DTSTART" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART:20270301T100000Z|DTEND:20271345T990000Z|END:VEVENT|END:VCALENDAR", 5, "not a real date" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART;TZID=Mars/Olympus:20270301T100000|DTEND:20270301T110000Z|END:VEVENT|END:VCALENDAR", 4, "not an IANA time zone" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART:20270301T100000Z|DTEND:20270301T090000Z|END:VEVENT|END:VCALENDAR", 5, "ends before it starts" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART:20270301T100000Z|DTEND:20270301T110000Z|END:VTODO|END:VCALENDAR", 6, "END:VTODO" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART:20270301T100000Z|DTEND:20270301T110000Z|END:VEVENT", 1, "never closed" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART:20270301T100000|DTEND:20270301T110000|END:VEVENT|END:VCALENDAR", 4, "no time zone" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:x|DTSTART:20270301T100000Z|RRULE:FREQ=DAILY|END:VEVENT|END:VCALENDAR", 5, "repeating" },
        { "BEGIN:VCALENDAR|BEGIN:VEVENT|SUMMARY:ok|DTSTART:20270301T100000Z|DTEND:20270301T110000Z|END:VEVENT|BEGIN:VEVENT|SUMMARY:bad|DTSTART:20270302T100000Z|END:VEVENT|END:VCALENDAR", 7, "neither DTEND nor DURATION" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task AMalformedIcsFileIsRefusedWithItsLineNumberAndNothingIsImported(string lines, int line, string expected)
    {
        var (workspace, programme) = await ProgrammeAsync();
        var response = await fixture.Coordinator.Client.PostAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/import",
            new StringContent(lines.Replace("|", "\r\n", StringComparison.Ordinal) + "\r\n", Encoding.UTF8, "text/calendar"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProgrammeProblem>(ApiJson.Options, Ct);
        Assert.StartsWith($"Line {line}:", problem!.Detail);
        Assert.Contains(expected, problem.Detail);
        Assert.Contains($"line {line}", problem.Errors!.Keys);
        Assert.Equal(0, await fixture.App.WithDbAsync(db => db.ProgrammeSessions.CountAsync(s => s.ProgrammeId == programme.Id, Ct)));
    }
}

public sealed record ProgrammeProblem(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);
