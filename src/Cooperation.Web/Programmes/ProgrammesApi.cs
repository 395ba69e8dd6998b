using System.Security.Claims;
using System.Text;
using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cooperation.Web.Programmes;

public static class ProgrammesApi
{
    public static IEndpointRouteBuilder MapProgrammesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/workspaces/{workspaceId:guid}/programmes").WithTags("Programmes").RequireWorkspace(WorkspaceRequirement.Read);

        api.MapGet("/", async (Guid workspaceId, ProgrammeService programmes, CancellationToken ct) =>
                TypedResults.Ok(await programmes.ListAsync(workspaceId, ct)))
            .WithSummary("Lists the workspace's programmes.");

        api.MapPost("/", async Task<Created<ProgrammeDto>> (Guid workspaceId, ProgrammeInput input, ClaimsPrincipal user, ProgrammeService programmes, CancellationToken ct) =>
            {
                var created = await programmes.CreateAsync(workspaceId, user.UserId(), input, ct);
                return TypedResults.Created($"/api/workspaces/{workspaceId}/programmes/{created.Id}", created);
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Creates a programme (coordinators).");

        api.MapPost("/slots", async (SlotRequest request, SlotSearch slots, CancellationToken ct) =>
                TypedResults.Ok(await slots.FindAsync(request, ct)))
            .WithSummary("Finds times inside every chosen office's working hours, outside its holidays; explains when there are none.");

        api.MapGet("/subscription", async (Guid workspaceId, ClaimsPrincipal user, CalendarFeeds feeds, CancellationToken ct) =>
                TypedResults.Ok(await feeds.ListAsync(user.UserId(), workspaceId, ct)))
            .RequireWorkspace(WorkspaceRequirement.ManageArchived)
            .WithSummary("Your active subscription address for this workspace's calendar (its secret is shown only when created).");

        api.MapPost("/subscription", async (Guid workspaceId, HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
                TypedResults.Ok(await feeds.CreateWorkspaceAsync(workspaceId, http.User.UserId(), ProgrammeLinks.BaseUrl(http), ct)))
            .RequireWorkspace(WorkspaceRequirement.ManageArchived)
            .WithSummary("Creates a secret address calendar clients can subscribe to; the previous one stops working.");

        api.MapDelete("/subscription", async Task<Results<NoContent, NotFound>> (Guid workspaceId, ClaimsPrincipal user, CalendarFeeds feeds, CancellationToken ct) =>
                await feeds.RevokeAsync(user.UserId(), workspaceId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequireWorkspace(WorkspaceRequirement.ManageArchived)
            .WithSummary("Revokes your subscription address for this workspace; it then answers 404.");

        var one = api.MapGroup("/{programmeId:guid}");

        one.MapGet("/", async (Guid workspaceId, Guid programmeId, ProgrammeService programmes, CancellationToken ct) =>
                TypedResults.Ok(await programmes.GetAsync(workspaceId, programmeId, ct)));

        one.MapPut("/", async (Guid workspaceId, Guid programmeId, ProgrammeInput input, ProgrammeService programmes, CancellationToken ct) =>
                TypedResults.Ok(await programmes.UpdateAsync(workspaceId, programmeId, input, ct)))
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Changes a programme, including its status (cancelled programmes show as cancelled in calendars).");

        one.MapGet("/calendar.ics", async (Guid workspaceId, Guid programmeId, HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
                Calendar(await feeds.ProgrammeAsync(workspaceId, programmeId, ProgrammeLinks.BaseUrl(http), ct), "programme.ics"))
            .WithSummary("All sessions of the programme as iCalendar.");

        one.MapPost("/import", async (Guid workspaceId, Guid programmeId, HttpContext http, SessionImport import, WorkspaceAccess access, CancellationToken ct) =>
            {
                var text = await ProgrammeLinks.ReadCalendarAsync(http.Request, ct);
                var visible = await access.ReadableWorkspaceIdsAsync(http.User, ct);
                return TypedResults.Ok(await import.ImportAsync(workspaceId, programmeId, text, visible, ct));
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Adds the events of an .ics file (body, text/calendar) as sessions: all or none.");

        one.MapGet("/sessions", async (Guid workspaceId, Guid programmeId, SessionService sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.ListAsync(workspaceId, programmeId, ct)));

        one.MapPost("/sessions", async Task<Created<SessionsSaved>> (Guid workspaceId, Guid programmeId, SessionInput input, ClaimsPrincipal user, SessionService sessions, WorkspaceAccess access, CancellationToken ct) =>
            {
                var saved = await sessions.CreateAsync(workspaceId, programmeId, input, await access.ReadableWorkspaceIdsAsync(user, ct), ct);
                return TypedResults.Created($"/api/workspaces/{workspaceId}/programmes/{programmeId}/sessions/{saved.Sessions[0].Id}", saved);
            })
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Schedules a session, or a daily/weekly series with a count or an until date. Returns conflict warnings.");

        var session = one.MapGroup("/sessions/{sessionId:guid}");

        session.MapPut("/", async (Guid workspaceId, Guid programmeId, Guid sessionId, SessionInput input, ClaimsPrincipal user, SessionService sessions, WorkspaceAccess access, CancellationToken ct) =>
                TypedResults.Ok(await sessions.UpdateAsync(workspaceId, programmeId, sessionId, input, await access.ReadableWorkspaceIdsAsync(user, ct), ct)))
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Moves or changes a session, checked as when it was scheduled (conflict warnings included); calendar clients see a higher SEQUENCE, reminders follow the new time. A cancelled session cannot be changed (409).");

        session.MapPost("/cancel", async (Guid workspaceId, Guid programmeId, Guid sessionId, SessionService sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.CancelAsync(workspaceId, programmeId, sessionId, ct)))
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Cancels a session; feeds show it as STATUS:CANCELLED.");

        session.MapGet("/calendar.ics", async (Guid workspaceId, Guid programmeId, Guid sessionId, HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
                Calendar(await feeds.SessionAsync(workspaceId, programmeId, sessionId, ProgrammeLinks.BaseUrl(http), ct), "session.ics"));

        session.MapPut("/reply", async (Guid workspaceId, Guid programmeId, Guid sessionId, ReplyInput input, ClaimsPrincipal user, SessionService sessions, WorkspaceAccess access, CancellationToken ct) =>
                TypedResults.Ok(await sessions.ReplyAsync(workspaceId, programmeId, sessionId, user.UserId(), input.Reply, await access.ReadableWorkspaceIdsAsync(user, ct), ct)))
            .RequireWorkspace(WorkspaceRequirement.Contribute)
            .WithSummary("Your answer: accepted, tentative or declined.");

        session.MapGet("/participants", async (Guid workspaceId, Guid programmeId, Guid sessionId, SessionService sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.ParticipantsAsync(workspaceId, programmeId, sessionId, ct)));

        session.MapPut("/participants/{userId}", async (Guid workspaceId, Guid programmeId, Guid sessionId, string userId, ParticipantInput input, SessionService sessions, CancellationToken ct) =>
                TypedResults.Ok(await sessions.SetParticipantAsync(workspaceId, programmeId, sessionId, userId, input, ct)))
            .RequireWorkspace(WorkspaceRequirement.Manage)
            .WithSummary("Invites a member to the session, answers for them, or records attendance.");

        var agenda = endpoints.MapGroup("/api/agenda").WithTags("Programmes");
        agenda.MapGet("/", async (DateTime? from, DateTime? to, ClaimsPrincipal user, AgendaService sessions, TimeProvider clock, CancellationToken ct) =>
            {
                var start = from?.ToUniversalTime() ?? clock.GetUtcNow().UtcDateTime.Date;
                var end = to?.ToUniversalTime() ?? start.AddDays(60);
                if (end <= start || end - start > TimeSpan.FromDays(400))
                {
                    throw ProblemException.Invalid("to", "The agenda covers up to 400 days, and 'to' comes after 'from'.");
                }

                return TypedResults.Ok(await sessions.ForPersonAsync(user.UserId(), user.IsAdministrator(), start, end, ct));
            })
            .WithSummary("Your sessions across the workspaces you can read.");
        agenda.MapGet("/subscription", async (ClaimsPrincipal user, CalendarFeeds feeds, CancellationToken ct) =>
            TypedResults.Ok(await feeds.ListAsync(user.UserId(), null, ct)));
        agenda.MapPost("/subscription", async (HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
                TypedResults.Ok(await feeds.CreatePersonalAsync(http.User.UserId(), ProgrammeLinks.BaseUrl(http), ct)))
            .WithSummary("Creates your secret agenda address for calendar clients; the previous one stops working.");
        agenda.MapDelete("/subscription", async Task<Results<NoContent, NotFound>> (ClaimsPrincipal user, CalendarFeeds feeds, CancellationToken ct) =>
            await feeds.RevokeAsync(user.UserId(), null, ct) ? TypedResults.NoContent() : TypedResults.NotFound());

        var holidays = endpoints.MapGroup("/api/offices/{officeId:guid}/holidays").WithTags("Programmes");
        holidays.MapGet("/", async (Guid officeId, HolidayService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(officeId, ct)))
            .WithSummary("The office's holidays, which the slot finder leaves out.");
        holidays.MapPost("/", async Task<Created<HolidayDto>> (Guid officeId, HolidayInput input, HolidayService service, CancellationToken ct) =>
            {
                var holiday = await service.AddAsync(officeId, input, ct);
                return TypedResults.Created($"/api/offices/{officeId}/holidays/{holiday.Id}", holiday);
            })
            .RequireAuthorization(Policies.Administrator)
            .WithSummary("Adds one holiday typed by hand (administrators): a date such as 2027-03-21 and its name.");
        holidays.MapPost("/import", async (Guid officeId, HttpRequest request, HolidayService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ImportAsync(officeId, await ProgrammeLinks.ReadCalendarAsync(request, ct), ct)))
            .RequireAuthorization(Policies.Administrator)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Adds the all-day events of an .ics file as the office's holidays (administrators).");
        holidays.MapDelete("/{holidayId:guid}", async Task<Results<NoContent, NotFound>> (Guid officeId, Guid holidayId, HolidayService service, CancellationToken ct) =>
                await service.DeleteAsync(officeId, holidayId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .RequireAuthorization(Policies.Administrator);

        // Calendar clients cannot sign in: the secret in the address is the credential.
        endpoints.MapGet("/calendar/{secret}.ics", async Task<Results<ContentHttpResult, NotFound>> (string secret, HttpContext http, CalendarFeeds feeds, CancellationToken ct) =>
                await feeds.FeedAsync(secret, ProgrammeLinks.BaseUrl(http), ct) is { } ics
                    ? TypedResults.Content(ics, CalendarWriter.ContentType, Encoding.UTF8)
                    : TypedResults.NotFound())
            .AllowAnonymous()
            .WithSecretRouteValues("secret")
            .ExcludeFromDescription();

        // An address without its secret is answered like a wrong secret, not with a sign-in page.
        endpoints.MapGet("/calendar/{**rest}", () => TypedResults.NotFound()).AllowAnonymous().WithSecretRouteValues("rest").ExcludeFromDescription();

        return endpoints;
    }

    private static FileContentHttpResult Calendar(string ics, string name) =>
        TypedResults.File(Encoding.UTF8.GetBytes(ics), CalendarWriter.ContentType, name);
}

internal static class ProgrammeLinks
{
    /// <summary>The site's own address (links in feeds outlive the request), never the request's Host header.</summary>
    public static Uri BaseUrl(HttpContext http) => http.RequestServices.GetRequiredService<SiteAddress>().Base;

    public static async Task<string> ReadCalendarAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var type = request.ContentType ?? "";
        if (!type.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
        {
            throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Send an .ics file",
                "Send the calendar file as the request body with Content-Type: text/calendar.");
        }

        if (request.ContentLength > CalendarReader.MaxBytes)
        {
            throw TooLarge();
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[CalendarReader.MaxBytes + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return read > CalendarReader.MaxBytes ? throw TooLarge() : new string(buffer, 0, read);
    }

    private static ProblemException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "File too large", $"A calendar file has at most {CalendarReader.MaxBytes / 1024} KB.");
}
