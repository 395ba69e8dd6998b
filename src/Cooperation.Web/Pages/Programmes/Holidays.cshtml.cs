using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Programmes;

/// <summary>An office's holidays, which the slot finder and the conflict warnings leave out; administrators import them from .ics.</summary>
public sealed class HolidaysModel(HolidayService holidays, OfficeService offices) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid OfficeId { get; set; }

    public OfficeDto? Office { get; private set; }
    public List<HolidayDto> Holidays { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

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
