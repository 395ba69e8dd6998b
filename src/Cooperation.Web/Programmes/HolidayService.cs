using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Programmes;

public sealed record HolidayDto(Guid Id, Guid OfficeId, DateOnly Date, string Name);

public sealed record HolidayImportResult(int Added, int AlreadyKnown);

/// <summary>A holiday typed by hand: <see cref="Date"/> as 2027-03-21 (a local day of the office), and its name.</summary>
public sealed record HolidayInput(string? Date, string? Name);

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

    public const int FirstYear = 1900;
    public const int LastYear = 2199;

    /// <summary>Adds one holiday typed by hand. A day the office already lists is refused, not renamed.</summary>
    public async Task<HolidayDto> AddAsync(Guid officeId, HolidayInput input, CancellationToken cancellationToken)
    {
        await EnsureOfficeAsync(officeId, cancellationToken);
        var text = input.Date?.Trim() ?? "";
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year is < FirstYear or > LastYear)
        {
            throw ProblemException.Invalid("date", new LocalizedText("'{0}' is not a day of the calendar: write it as 2027-03-21, in a year from {1} to {2}.", input.Date ?? "", FirstYear, LastYear));
        }

        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > OfficeHoliday.NameMaxLength || name.Any(char.IsControl))
        {
            throw ProblemException.Invalid("name", new LocalizedText("A holiday's name has 1 to {0} characters and no control characters.", OfficeHoliday.NameMaxLength));
        }

        var holidays = db.Set<OfficeHoliday>().Where(h => h.OfficeId == officeId);
        if (await holidays.FirstOrDefaultAsync(h => h.Date == date, cancellationToken) is { } existing)
        {
            throw ProblemException.Conflict(new LocalizedText("{0} is already a holiday of this office: {1}.", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), existing.Name));
        }

        if (await holidays.CountAsync(cancellationToken) >= MaxPerOffice)
        {
            throw ProblemException.Invalid("date", new LocalizedText("An office keeps at most {0} holidays; remove old ones first.", MaxPerOffice));
        }

        var holiday = new OfficeHoliday { OfficeId = officeId, Date = date, Name = name };
        db.Add(holiday);
        await db.SaveChangesAsync(cancellationToken);
        return new HolidayDto(holiday.Id, officeId, date, name);
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
