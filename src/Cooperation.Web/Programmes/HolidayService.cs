using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Programmes;

public sealed record HolidayDto(Guid Id, Guid OfficeId, DateOnly Date, string Name);

public sealed record HolidayImportResult(int Added, int AlreadyKnown);

/// <summary>Per-office holidays (whole local days), which the slot finder and the conflict warnings leave out.</summary>
public sealed class HolidayService(CooperationDb db)
{
    public const int MaxPerOffice = 2_000;

    public async Task<List<HolidayDto>> ListAsync(Guid officeId, CancellationToken cancellationToken)
    {
        await EnsureOfficeAsync(officeId, cancellationToken);
        return await db.Set<OfficeHoliday>().AsNoTracking().Where(h => h.OfficeId == officeId).OrderBy(h => h.Date)
            .Select(h => new HolidayDto(h.Id, h.OfficeId, h.Date, h.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>Adds the all-day events of an .ics file as holidays; days already listed are kept as they are.</summary>
    public async Task<HolidayImportResult> ImportAsync(Guid officeId, string ics, CancellationToken cancellationToken)
    {
        await EnsureOfficeAsync(officeId, cancellationToken);
        var days = CalendarReader.ReadDays(ics);
        var existing = (await db.Set<OfficeHoliday>().Where(h => h.OfficeId == officeId).Select(h => h.Date).ToListAsync(cancellationToken)).ToHashSet();
        var added = 0;
        var known = 0;
        foreach (var day in days)
        {
            foreach (var date in day.Dates.Select(d => d.ToDateOnly()))
            {
                if (!existing.Add(date))
                {
                    known++;
                    continue;
                }

                db.Add(new OfficeHoliday { OfficeId = officeId, Date = date, Name = day.Title });
                added++;
            }
        }

        if (existing.Count > MaxPerOffice)
        {
            throw ProblemException.Invalid("file", $"An office keeps at most {MaxPerOffice} holidays; this file would make {existing.Count}.");
        }

        await db.SaveChangesAsync(cancellationToken);
        return new HolidayImportResult(added, known);
    }

    public async Task<bool> DeleteAsync(Guid officeId, Guid holidayId, CancellationToken cancellationToken)
    {
        var holiday = await db.Set<OfficeHoliday>().FirstOrDefaultAsync(h => h.Id == holidayId && h.OfficeId == officeId, cancellationToken);
        if (holiday is null)
        {
            return false;
        }

        db.Remove(holiday);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private async Task EnsureOfficeAsync(Guid officeId, CancellationToken cancellationToken)
    {
        if (!await db.Offices.AnyAsync(o => o.Id == officeId, cancellationToken))
        {
            throw ProblemException.NotFound("Office");
        }
    }
}
