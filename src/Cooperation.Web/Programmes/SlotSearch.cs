using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>
/// Slot finder request: offices, a length in minutes, and the days to search (inclusive) as dates in
/// <see cref="TimeZone"/> (UTC when not given). <see cref="Quorum"/> is how many of the offices must be able to meet
/// (all when not given).
/// </summary>
public sealed record SlotRequest(List<Guid> OfficeIds, int DurationMinutes, DateOnly From, DateOnly To, int? Quorum = null, string? TimeZone = null);

/// <summary>Validates a slot request and runs <see cref="SlotFinder"/> on the offices' working hours and holidays.</summary>
public sealed class SlotSearch(CooperationDb db, IOptions<ProgrammeOptions> options)
{
    public async Task<SlotSearchResult> FindAsync(SlotRequest request, CancellationToken cancellationToken)
    {
        var officeIds = (request.OfficeIds ?? []).Distinct().ToList();
        if (officeIds.Count is 0 or > 20)
        {
            throw ProblemException.Invalid("officeIds", "Choose between 1 and 20 offices.");
        }

        if (request.DurationMinutes is < 5 or > 24 * 60)
        {
            throw ProblemException.Invalid("durationMinutes", "The length is between 5 minutes and 24 hours.");
        }

        var quorum = request.Quorum ?? officeIds.Count;
        if (quorum < 1 || quorum > officeIds.Count)
        {
            throw ProblemException.Invalid("quorum", $"The quorum is between 1 and the number of offices ({officeIds.Count}).");
        }

        if (request.To < request.From)
        {
            throw ProblemException.Invalid("to", "The last day of the search comes before the first.");
        }

        var days = request.To.DayNumber - request.From.DayNumber + 1;
        if (days > options.Value.MaxSlotSearchDays)
        {
            throw ProblemException.Invalid("to", $"The slot finder searches at most {options.Value.MaxSlotSearchDays} days at a time.");
        }

        var zone = request.TimeZone is null ? DateTimeZone.Utc : ZoneTimes.Require(request.TimeZone, "timeZone");
        var calendars = await ConflictFinder.CalendarsAsync(db, officeIds, cancellationToken);
        var unknown = officeIds.FirstOrDefault(id => !calendars.ContainsKey(id));
        if (unknown != Guid.Empty)
        {
            throw ProblemException.Invalid("officeIds", $"There is no office with id {unknown}.");
        }

        var range = new Interval(
            zone.AtStartOfDay(LocalDate.FromDateOnly(request.From)).ToInstant(),
            zone.AtStartOfDay(LocalDate.FromDateOnly(request.To).PlusDays(1)).ToInstant());
        var ordered = officeIds.Select(id => calendars[id]).ToList();
        return SlotFinder.Find(ordered, range, Duration.FromMinutes(request.DurationMinutes), quorum, options.Value.MaxSlots);
    }
}
