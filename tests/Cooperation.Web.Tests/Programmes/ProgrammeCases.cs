using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Authorization;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>Authorization matrix rows for the programme endpoints.</summary>
internal static class ProgrammeCases
{
    private const string Base = "/api/workspaces/{workspaceId}/programmes";

    private static HttpContent Json(object value) => JsonContent.Create(value);

    public static string OneEventIcs => string.Join("\r\n",
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Matrix//EN",
        "BEGIN:VEVENT", "UID:matrix-1@example", "SUMMARY:Imported session",
        "DTSTART;TZID=Asia/Almaty:20370302T100000", "DTEND;TZID=Asia/Almaty:20370302T120000",
        "END:VEVENT", "END:VCALENDAR", "");

    private static HttpContent Ics(string text) => new StringContent(text, Encoding.UTF8, "text/calendar");

    /// <summary>An office, a programme hosted by it and one session next year in the case's workspace.</summary>
    internal static async Task ProgrammeSetup(CooperationApp app, MatrixContext c)
    {
        var ids = await app.WithDbAsync(async db =>
        {
            var office = new Office { Name = $"Office {Guid.NewGuid():N}", CountryCode = "KZ", TimeZone = "Asia/Almaty" };
            db.Offices.Add(office);
            var programme = new Programme { WorkspaceId = c.WorkspaceId, Title = "Matrix programme", HostOfficeId = office.Id, CreatedById = c.TargetMemberId };
            db.Add(programme);
            var start = new DateTime(DateTime.UtcNow.Year + 1, 3, 2, 4, 0, 0, DateTimeKind.Utc);
            var session = new ProgrammeSession
            {
                ProgrammeId = programme.Id, WorkspaceId = c.WorkspaceId, StartUtc = start, EndUtc = start.AddHours(2),
                TimeZone = "Asia/Almaty", OfficeIds = [office.Id],
            };
            db.Add(session);
            db.Add(new OfficeHoliday { OfficeId = office.Id, Date = new DateOnly(2037, 1, 1), Name = "New Year" });
            await db.SaveChangesAsync();
            var holiday = await db.OfficeHolidays.Where(h => h.OfficeId == office.Id).Select(h => h.Id).FirstAsync();
            return (Office: office.Id, Programme: programme.Id, Session: session.Id, Holiday: holiday);
        });
        c.Values["office"] = ids.Office.ToString();
        c.Values["programme"] = ids.Programme.ToString();
        c.Values["session"] = ids.Session.ToString();
        c.Values["holiday"] = ids.Holiday.ToString();
    }

    /// <summary>Everyone who may manage the workspace holds a subscription address to revoke.</summary>
    private static async Task SubscriptionSetup(CooperationApp app, MatrixContext c, Guid? workspaceId)
    {
        await ProgrammeSetup(app, c);
        await app.WithDbAsync(async db =>
        {
            foreach (var userId in await db.Users.Select(u => u.Id).ToListAsync())
            {
                db.Add(new CalendarSubscription { UserId = userId, WorkspaceId = workspaceId, SecretHash = Secrets.Hash(Secrets.New("cal_")), CreatedAt = DateTime.UtcNow });
            }

            return await db.SaveChangesAsync();
        });
    }

    private static string P(MatrixContext c) => $"/api/workspaces/{c.WorkspaceId}/programmes/{c.Values["programme"]}";

    private static string S(MatrixContext c) => $"{P(c)}/sessions/{c.Values["session"]}";

    private static object SessionBody => new { start = $"{DateTime.UtcNow.Year + 1}-04-01T10:00", end = $"{DateTime.UtcNow.Year + 1}-04-01T12:00" };

    public static IEnumerable<ApiCase> All()
    {
        yield return new("GET", Base, c => $"/api/workspaces/{c.WorkspaceId}/programmes", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        yield return new("POST", Base, c => $"/api/workspaces/{c.WorkspaceId}/programmes",
            c => Json(new { title = "Examiner exchange", kind = "examinerExchange", hostOfficeId = c.Values["office"] }),
            Expect.WorkspaceManage(HttpStatusCode.Created)) { Setup = ProgrammeSetup };
        yield return new("POST", Base + "/slots", c => $"/api/workspaces/{c.WorkspaceId}/programmes/slots",
            c => Json(new { officeIds = new[] { c.Values["office"] }, durationMinutes = 60, from = "2037-03-02", to = "2037-03-03" }),
            Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("GET", Base + "/subscription", c => $"/api/workspaces/{c.WorkspaceId}/programmes/subscription", _ => null, Expect.WorkspaceManage(HttpStatusCode.OK));
        yield return new("POST", Base + "/subscription", c => $"/api/workspaces/{c.WorkspaceId}/programmes/subscription", _ => null, Expect.WorkspaceManage(HttpStatusCode.OK));
        yield return new("DELETE", Base + "/subscription", c => $"/api/workspaces/{c.WorkspaceId}/programmes/subscription", _ => null,
            Expect.WorkspaceManage(HttpStatusCode.NoContent)) { Setup = (app, c) => SubscriptionSetup(app, c, c.WorkspaceId) };

        yield return new("GET", Base + "/{programmeId}", P, _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("PUT", Base + "/{programmeId}", P,
            c => Json(new { title = "Renamed", kind = "seminar", hostOfficeId = c.Values["office"], status = "scheduled" }),
            Expect.WorkspaceManage(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("GET", Base + "/{programmeId}/calendar.ics", c => P(c) + "/calendar.ics", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("POST", Base + "/{programmeId}/import", c => P(c) + "/import", _ => Ics(OneEventIcs), Expect.WorkspaceManage(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("GET", Base + "/{programmeId}/sessions", c => P(c) + "/sessions", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("POST", Base + "/{programmeId}/sessions", c => P(c) + "/sessions", _ => Json(SessionBody), Expect.WorkspaceManage(HttpStatusCode.Created)) { Setup = ProgrammeSetup };
        yield return new("PUT", Base + "/{programmeId}/sessions/{sessionId}", S, _ => Json(SessionBody), Expect.WorkspaceManage(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("POST", Base + "/{programmeId}/sessions/{sessionId}/cancel", c => S(c) + "/cancel", _ => null, Expect.WorkspaceManage(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("GET", Base + "/{programmeId}/sessions/{sessionId}/calendar.ics", c => S(c) + "/calendar.ics", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("PUT", Base + "/{programmeId}/sessions/{sessionId}/reply", c => S(c) + "/reply", _ => Json(new { reply = "accepted" }),
            Expect.WorkspaceContribute(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("GET", Base + "/{programmeId}/sessions/{sessionId}/participants", c => S(c) + "/participants", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("PUT", Base + "/{programmeId}/sessions/{sessionId}/participants/{userId}", c => $"{S(c)}/participants/{c.TargetMemberId}",
            _ => Json(new { reply = "tentative" }), Expect.WorkspaceManage(HttpStatusCode.OK)) { Setup = ProgrammeSetup };

        yield return new("GET", "/api/agenda", _ => "/api/agenda", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("GET", "/api/agenda/subscription", _ => "/api/agenda/subscription", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("POST", "/api/agenda/subscription", _ => "/api/agenda/subscription", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("DELETE", "/api/agenda/subscription", _ => "/api/agenda/subscription", _ => null, Expect.SignedIn(HttpStatusCode.NoContent))
        {
            Setup = (app, c) => SubscriptionSetup(app, c, null),
        };

        yield return new("GET", "/api/offices/{officeId}/holidays", c => $"/api/offices/{c.Values["office"]}/holidays", _ => null, Expect.SignedIn(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        yield return new("POST", "/api/offices/{officeId}/holidays", c => $"/api/offices/{c.Values["office"]}/holidays",
            _ => Json(new { date = "2037-05-01", name = "Labour Day" }), Expect.AdministratorOnly(HttpStatusCode.Created)) { Setup = ProgrammeSetup };
        yield return new("POST", "/api/offices/{officeId}/holidays/import", c => $"/api/offices/{c.Values["office"]}/holidays/import",
            _ => Ics("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:h@example\r\nSUMMARY:Nauryz\r\nDTSTART;VALUE=DATE:20370321\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
            Expect.AdministratorOnly(HttpStatusCode.OK)) { Setup = ProgrammeSetup };
        // Pages of the scheduling details (issue 16), called with each persona's token.
        yield return new("GET", "/workspaces/{workspaceId}/programmes/{programmeId}/sessions/{sessionId}/edit",
            c => $"/workspaces/{c.WorkspaceId}/programmes/{c.Values["programme"]}/sessions/{c.Values["session"]}/edit", _ => null,
            Expect.PageManage(HttpStatusCode.OK)) { Setup = ProgrammeSetup, IsPage = true };
        yield return new("GET", "/offices", _ => "/offices", _ => null, Expect.PageAdministratorOnly(HttpStatusCode.OK)) { IsPage = true };
        yield return new("GET", "/offices/{officeId}/holidays", c => $"/offices/{c.Values["office"]}/holidays", _ => null,
            Expect.PageSignedIn(HttpStatusCode.OK)) { Setup = ProgrammeSetup, IsPage = true };
        yield return new("DELETE", "/api/offices/{officeId}/holidays/{holidayId}", c => $"/api/offices/{c.Values["office"]}/holidays/{c.Values["holiday"]}", _ => null,
            Expect.AdministratorOnly(HttpStatusCode.NoContent)) { Setup = ProgrammeSetup };
    }
}
