using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Pages.Programmes;

/// <summary>An office's holidays, which the slot finder and the conflict warnings leave out; administrators type them in or import them from .ics.</summary>
public sealed class HolidaysModel(HolidayService holidays, OfficeService offices, IStringLocalizer<Ui> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid OfficeId { get; set; }

    public OfficeDto? Office { get; private set; }
    public List<HolidayDto> Holidays { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAddAsync(string? date, string? name, CancellationToken cancellationToken)
    {
        if (!User.IsAdministrator())
        {
            return Forbid();
        }

        try
        {
            var added = await holidays.AddAsync(OfficeId, new HolidayInput(date, name), cancellationToken);
            Notice = text["{0} was added: {1}.", added.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), added.Name];
        }
        catch (ProblemException problem) when (problem.Status != StatusCodes.Status404NotFound)
        {
            Error = text.Text(problem);
            Date = date;
            Name = name;
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    /// <summary>What was typed, shown again when it was refused.</summary>
    public string? Date { get; private set; }

    public string? Name { get; private set; }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (!User.IsAdministrator())
        {
            return Forbid();
        }

        try
        {
            if (file is null || file.Length is 0 or > CalendarReader.MaxBytes)
            {
                throw ProblemException.Invalid("file", $"Choose an .ics file of at most {CalendarReader.MaxBytes / 1024} KB.");
            }

            using var reader = new StreamReader(file.OpenReadStream());
            var result = await holidays.ImportAsync(OfficeId, await reader.ReadToEndAsync(cancellationToken), cancellationToken);
            Notice = $"{result.Added} holiday(s) added, {result.AlreadyKnown} already listed.";
        }
        catch (ProblemException problem) when (problem.Status != StatusCodes.Status404NotFound)
        {
            Error = problem.Message;
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid holidayId, CancellationToken cancellationToken)
    {
        if (!User.IsAdministrator())
        {
            return Forbid();
        }

        await holidays.DeleteAsync(OfficeId, holidayId, cancellationToken);
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Office = (await offices.ListAsync(cancellationToken)).FirstOrDefault(o => o.Id == OfficeId);
        if (Office is null)
        {
            return false;
        }

        Holidays = await holidays.ListAsync(OfficeId, cancellationToken);
        return true;
    }
}
