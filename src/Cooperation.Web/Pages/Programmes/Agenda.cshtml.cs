using System.Globalization;
using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Cooperation.Web.Programmes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cooperation.Web.Pages.Programmes;

/// <summary>The signed-in person's sessions across workspaces, as a list and a month, in their own time zone.</summary>
public sealed class AgendaModel(CooperationDb db, AgendaService agenda, CalendarFeeds feeds, TimeProvider clock, IStringLocalizer<Ui> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public List<AgendaItem> Upcoming { get; private set; } = [];
    public List<AgendaItem> MonthItems { get; private set; } = [];
    public LocalDate MonthStart { get; private set; }
    public TimeDisplay Time { get; private set; } = null!;
    public string? MyZone { get; private set; }
    public string? FeedUrl { get; private set; }
    public bool HasFeed { get; private set; }
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostZoneAsync(string? timeZone, CancellationToken cancellationToken)
    {
        var zone = string.IsNullOrWhiteSpace(timeZone) ? null : timeZone.Trim();
        if (zone is not null && ZoneTimes.Find(zone) is null)
        {
            Error = text[ZoneTimes.UnknownZone, zone];
        }
        else
        {
            var user = await db.Users.FindAsync([User.UserId()], cancellationToken);
            user!.TimeZone = zone;
            await db.SaveChangesAsync(cancellationToken);
            Notice = text["Your time zone was saved."];
        }

        await LoadAsync(cancellationToken);
    }

    public async Task OnPostFeedAsync(bool revoke, CancellationToken cancellationToken)
    {
        if (revoke)
        {
            await feeds.RevokeAsync(User.UserId(), null, cancellationToken);
            Notice = text["The subscription address was revoked."];
        }
        else
        {
            FeedUrl = (await feeds.CreatePersonalAsync(User.UserId(), ProgrammeLinks.BaseUrl(HttpContext), cancellationToken)).Url;
        }

        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var userId = User.UserId();
        var now = clock.GetUtcNow().UtcDateTime;
        var zone = await ViewerZone.ForUserAsync(db, userId, ViewerZone.FromBrowser(Request), cancellationToken);
        MyZone = (await db.Users.FindAsync([userId], cancellationToken) as AppUser)?.TimeZone;
        Time = new TimeDisplay(zone, now, CultureInfo.CurrentUICulture, text);
        Upcoming = (await agenda.ForPersonAsync(userId, User.IsAdministrator(), now, now.AddDays(366), cancellationToken))
            .Where(i => i.MyReply != ParticipantReply.Declined).Take(50).ToList();

        var today = now.InZone(zone).Date;
        MonthStart = Month is { Length: 7 } m && DateOnly.TryParseExact(m + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? LocalDate.FromDateOnly(first)
            : new LocalDate(today.Year, today.Month, 1);
        var from = zone.AtStartOfDay(MonthStart).ToInstant().ToDateTimeUtc();
        var to = zone.AtStartOfDay(MonthStart.PlusMonths(1)).ToInstant().ToDateTimeUtc();
        MonthItems = await agenda.ForPersonAsync(userId, User.IsAdministrator(), from, to, cancellationToken);
        HasFeed = (await feeds.ListAsync(userId, null, cancellationToken)).Count > 0;
    }
}
