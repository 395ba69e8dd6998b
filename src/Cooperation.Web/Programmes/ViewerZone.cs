using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>The zone a person sees times in: their own setting, else their office's, else UTC.</summary>
public static class ViewerZone
{
    public static async Task<DateTimeZone> ForUserAsync(CooperationDb db, string userId, CancellationToken cancellationToken)
    {
        var zones = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.TimeZone, OfficeZone = u.Office != null ? u.Office.TimeZone : null })
            .FirstOrDefaultAsync(cancellationToken);
        return ZoneTimes.Find(zones?.TimeZone) ?? ZoneTimes.Find(zones?.OfficeZone) ?? DateTimeZone.Utc;
    }
}
