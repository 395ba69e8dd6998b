using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Offices;

[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(OfficeService offices) : PageModel
{
    public List<OfficeDto> Offices { get; private set; } = [];
    public OfficeDto? Edit { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(Guid? edit, CancellationToken cancellationToken)
    {
        Offices = await offices.ListAsync(cancellationToken);
        Edit = Offices.FirstOrDefault(o => o.Id == edit);
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, string name, string countryCode, string timeZone, string? languages,
        TimeOnly? workdayStart, TimeOnly? workdayEnd, CancellationToken cancellationToken)
    {
        var input = new OfficeInput(name, countryCode, timeZone, languages?.Split(',').ToList(), workdayStart, workdayEnd, null);
        try
        {
            if (id is { } existing)
            {
                var current = (await offices.ListAsync(cancellationToken)).FirstOrDefault(o => o.Id == existing);
                await offices.UpdateAsync(existing, input with { WorkingDays = current?.WorkingDays }, cancellationToken);
            }
            else
            {
                await offices.CreateAsync(input, cancellationToken);
            }

            return RedirectToPage();
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            await OnGetAsync(id, cancellationToken);
            return Page();
        }
    }
}
