using System.Globalization;
using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>Adds the events of an .ics file as sessions of a programme: all of them, or none when any is wrong.</summary>
public sealed class SessionImport(TimeProvider clock, IOptions<ProgrammeOptions> options, ProgrammeService programmes, SessionService sessions)
{
    public async Task<SessionsSaved> ImportAsync(Guid workspaceId, Guid programmeId, string ics, IReadOnlyCollection<Guid> visibleWorkspaceIds, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(workspaceId, programmeId, cancellationToken);
        if (programme.Status is ProgrammeStatus.Cancelled or ProgrammeStatus.Completed)
        {
            throw ProblemException.Conflict($"The programme is {programme.Status.ToString().ToLowerInvariant()}; change its status before adding sessions.");
        }

        var events = CalendarReader.ReadSessions(ics);
        var maxLength = Duration.FromHours(options.Value.MaxSessionHours);
        var tooLong = events.FirstOrDefault(e => e.End - e.Start > maxLength);
        if (tooLong is not null)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "The calendar file is not valid",
                $"Line {tooLong.Line}: '{tooLong.Title}' lasts longer than {options.Value.MaxSessionHours} hours, the longest a session may be. Nothing was imported.",
                new Dictionary<string, string[]> { [$"line {tooLong.Line}"] = ["The event is too long for one session."] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var created = events.Select(e => new ProgrammeSession
        {
            ProgrammeId = programme.Id,
            WorkspaceId = workspaceId,
            Title = Clip(e.Title, ProgrammeSession.TitleMaxLength),
            StartUtc = e.Start.ToUtc(),
            EndUtc = e.End.ToUtc(),
            TimeZone = e.ZoneId,
            Location = e.Location is { Length: > 0 } location ? Clip(location, ProgrammeSession.LocationMaxLength) : null,
            OnlineLink = e.Url is { Length: <= ProgrammeSession.LinkMaxLength } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? url : null,
            OfficeIds = [.. programme.OfficeIds],
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        var saved = await sessions.SaveNewAsync(programme, created, visibleWorkspaceIds, cancellationToken);
        return saved;
    }

    private static string Clip(string text, int max)
    {
        var info = new StringInfo(text.Trim());
        return info.LengthInTextElements <= max ? text.Trim() : info.SubstringByTextElements(0, max);
    }
}
