using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Pages.Offices;

[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(OfficeService offices, TimeProvider clock, IStringLocalizer<Ui> text) : PageModel
{
    public List<OfficeDto> Offices { get; private set; } = [];
    public OfficeDto? Edit { get; private set; }
    public string? Error { get; private set; }
    public DateTime NowUtc { get; private set; }

    /// <summary>The working days the form shows ticked: the office's, or Monday to Friday for a new one.</summary>
    public WorkingDays FormDays => Edit?.WorkingDays ?? WorkingDays.MondayToFriday;

    public async Task OnGetAsync(Guid? edit, CancellationToken cancellationToken)
    {
        Offices = await offices.ListAsync(cancellationToken);
        Edit = Offices.FirstOrDefault(o => o.Id == edit);
        NowUtc = clock.GetUtcNow().UtcDateTime;
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, string name, string countryCode, string timeZone, string? languages,
        TimeOnly? workdayStart, TimeOnly? workdayEnd, List<DayOfWeek> workingDays, CancellationToken cancellationToken)
    {
        var days = workingDays.Where(Enum.IsDefined).Aggregate(WorkingDays.None, (all, day) => all | day.ToWorkingDays());
        var input = new OfficeInput(name, countryCode, timeZone, languages?.Split(',').ToList(), workdayStart, workdayEnd, days);
        try
        {
            if (id is { } existing)
            {
                await offices.UpdateAsync(existing, input, cancellationToken);
            }
            else
            {
                await offices.CreateAsync(input, cancellationToken);
            }

            return RedirectToPage();
        }
        catch (ProblemException problem)
        {
            Error = text.Text(problem);
            await OnGetAsync(id, cancellationToken);
            return Page();
        }
    }
}
