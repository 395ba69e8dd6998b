using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>
/// The zone a person sees times in: their own setting, else their office's, else (on the site) the zone their browser
/// reports, else UTC. The office comes before the browser because it was chosen for the person; the browser's is a
/// guess that also serves people without an office.
/// </summary>
public static class ViewerZone
{
    /// <summary>Set by wwwroot/js/site.js from the browser's Intl time zone.</summary>
    public const string BrowserZoneCookie = "cooperation.tz";

    public static Task<DateTimeZone> ForUserAsync(CooperationDb db, string userId, CancellationToken cancellationToken) =>
        ForUserAsync(db, userId, browserZone: null, cancellationToken);

    public static async Task<DateTimeZone> ForUserAsync(CooperationDb db, string userId, string? browserZone, CancellationToken cancellationToken)
    {
        var zones = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.TimeZone, OfficeZone = u.Office != null ? u.Office.TimeZone : null })
            .FirstOrDefaultAsync(cancellationToken);
        return ZoneTimes.Find(zones?.TimeZone) ?? ZoneTimes.Find(zones?.OfficeZone) ?? ZoneTimes.Find(browserZone) ?? DateTimeZone.Utc;
    }

    /// <summary>The zone the reader's browser reported, when it is one the zone database knows.</summary>
    public static string? FromBrowser(HttpRequest request) =>
        request.Cookies.TryGetValue(BrowserZoneCookie, out var zone) && ZoneTimes.Find(zone) is { } found ? found.Id : null;
}
