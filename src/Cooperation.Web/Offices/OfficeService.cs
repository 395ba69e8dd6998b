using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cooperation.Web.Offices;

public sealed record OfficeInput(
    string Name,
    string CountryCode,
    string TimeZone,
    List<string>? Languages,
    TimeOnly? WorkdayStart,
    TimeOnly? WorkdayEnd,
    WorkingDays? WorkingDays);

public sealed record OfficeDto(
    Guid Id, string Name, string CountryCode, string TimeZone, IReadOnlyList<string> Languages,
    TimeOnly WorkdayStart, TimeOnly WorkdayEnd, WorkingDays WorkingDays)
{
    public static OfficeDto From(Office o) => new(o.Id, o.Name, o.CountryCode, o.TimeZone, o.Languages, o.WorkdayStart, o.WorkdayEnd, o.WorkingDays);
}

public sealed class OfficeService(CooperationDb db)
{
    public async Task<List<OfficeDto>> ListAsync(CancellationToken cancellationToken) =>
        (await db.Offices.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken)).Select(OfficeDto.From).ToList();

    public async Task<OfficeDto> CreateAsync(OfficeInput input, CancellationToken cancellationToken)
    {
        var office = new Office { Name = "", CountryCode = "", TimeZone = "" };
        await ApplyAsync(office, input, cancellationToken);
        db.Offices.Add(office);
        await db.SaveChangesAsync(cancellationToken);
        return OfficeDto.From(office);
    }

    public async Task<OfficeDto?> UpdateAsync(Guid id, OfficeInput input, CancellationToken cancellationToken)
    {
        var office = await db.Offices.FindAsync([id], cancellationToken);
        if (office is null)
        {
            return null;
        }

        await ApplyAsync(office, input, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return OfficeDto.From(office);
    }

    private async Task ApplyAsync(Office office, OfficeInput input, CancellationToken cancellationToken)
    {
        // Every mistake is reported at once; each as a LocalizedText, so pages can translate the first.
        var errors = new List<(string Field, LocalizedText Message)>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > Office.NameMaxLength)
        {
            errors.Add(("name", new LocalizedText("An office name has 1 to {0} characters.", Office.NameMaxLength)));
        }
        else if (await db.Offices.AnyAsync(o => o.Name == name && o.Id != office.Id, cancellationToken))
        {
            errors.Add(("name", new LocalizedText("An office named '{0}' already exists.", name)));
        }

        var country = input.CountryCode?.Trim().ToUpperInvariant() ?? "";
        if (!IsCountryCode(country))
        {
            errors.Add(("countryCode", new LocalizedText("'{0}' is not an ISO 3166-1 alpha-2 country code (for example CN, KZ, EG, CL).", input.CountryCode ?? "")));
        }

        var zone = input.TimeZone?.Trim() ?? "";
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
        {
            errors.Add(("timeZone", new LocalizedText(Programmes.ZoneTimes.UnknownZone, input.TimeZone ?? "")));
        }

        var languages = (input.Languages ?? []).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var unknown = languages.FirstOrDefault(l => !IsLanguageTag(l));
        if (unknown is not null)
        {
            errors.Add(("languages", new LocalizedText("'{0}' is not a language tag (for example zh, en, ru, ar, es, fr).", unknown)));
        }

        var start = input.WorkdayStart ?? new TimeOnly(9, 0);
        var end = input.WorkdayEnd ?? new TimeOnly(17, 0);
        if (end <= start)
        {
            errors.Add(("workdayEnd", new LocalizedText("The working day must end after it starts.")));
        }

        var days = input.WorkingDays ?? WorkingDays.MondayToFriday;
        if (days == WorkingDays.None || (int)days > 127)
        {
            errors.Add(("workingDays", new LocalizedText("Choose at least one working day.")));
        }

        if (errors.Count > 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "The office is not valid", errors[0].Message.ToString(),
                errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message.ToString()).ToArray()))
            {
                Text = errors[0].Message,
            };
        }

        office.Name = name;
        office.CountryCode = country;
        office.TimeZone = zone;
        office.Languages = languages;
        office.WorkdayStart = start;
        office.WorkdayEnd = end;
        office.WorkingDays = days;
    }

    public static bool IsCountryCode(string code)
    {
        if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
        {
            return false;
        }

        try
        {
            return new RegionInfo(code).TwoLetterISORegionName == code;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsLanguageTag(string tag)
    {
        if (tag.Length is < 2 or > 35)
        {
            return false;
        }

        try
        {
            return CultureInfo.GetCultureInfo(tag, predefinedOnly: true) is not null;
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
