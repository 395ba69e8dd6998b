using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Programmes;
using Microsoft.Extensions.Localization;
using NodaTime;

namespace Cooperation.Web.Localization;

/// <summary>
/// The person reading the current page: times in their zone (ViewerZone: profile, office, browser, UTC) and in the
/// page's culture, resolved once per request. Pages use it for every date they show.
/// </summary>
public sealed class Reader(IHttpContextAccessor accessor, CooperationDb db, TimeProvider clock, IStringLocalizer<Ui> text)
{
    private TimeDisplay? _time;

    public async Task<TimeDisplay> TimeAsync(CancellationToken cancellationToken)
    {
        if (_time is not null)
        {
            return _time;
        }

        var http = accessor.HttpContext ?? throw new InvalidOperationException("Reader is for requests.");
        var browserZone = ViewerZone.FromBrowser(http.Request);
        var zone = http.User.Identity?.IsAuthenticated == true
            ? await ViewerZone.ForUserAsync(db, http.User.UserId(), browserZone, cancellationToken)
            : ZoneTimes.Find(browserZone) ?? DateTimeZone.Utc;
        return _time = new TimeDisplay(zone, clock.GetUtcNow().UtcDateTime, CultureInfo.CurrentCulture, text);
    }
}
