using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Teams;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Pages.Admin;

[Authorize(Policy = Policies.Administrator)]
public sealed class BotFeedbackModel(CooperationDb db) : PageModel
{
    public List<TeamsFeedback> Feedback { get; private set; } = [];
    public int Likes { get; private set; }
    public int Dislikes { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var all = db.Set<TeamsFeedback>().AsNoTracking();
        Likes = await all.CountAsync(f => f.Reaction == "like", cancellationToken);
        Dislikes = await all.CountAsync(f => f.Reaction == "dislike", cancellationToken);
        Feedback = await all.OrderByDescending(f => f.ReceivedAt).Take(200).ToListAsync(cancellationToken);
    }
}
