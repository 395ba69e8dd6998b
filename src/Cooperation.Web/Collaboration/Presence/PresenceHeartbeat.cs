using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Collaboration.Presence;

/// <summary>
/// Keeps this instance's connections marked alive, and forgets the connections of instances that stopped
/// (a crash leaves their rows behind; without this their people would look online for ever). Every instance beats for
/// its own rows; a stopped instance's rows are removed by whichever instance finds them stale first.
/// </summary>
internal sealed class PresenceHeartbeat(IServiceScopeFactory scopes, InstanceIdentity instance, IOptions<CollaborationOptions> options, TimeProvider clock, ILogger<PresenceHeartbeat> logger)
    : PeriodicJob(scopes, clock, logger)
{
    public override string Name => "collaboration.presence-heartbeat";

    protected override TimeSpan Interval => options.Value.PresenceHeartbeat;

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<CooperationDb>();
        var now = Clock.GetUtcNow().UtcDateTime;
        await db.PresenceConnections.Where(c => c.InstanceId == instance.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.HeartbeatAt, now), cancellationToken);

        var expired = now - options.Value.PresenceExpiry;
        var stale = await db.PresenceConnections.AsNoTracking().Where(c => c.HeartbeatAt < expired).ToListAsync(cancellationToken);
        if (stale.Count > 0)
        {
            await services.GetRequiredService<PresenceService>().RemoveAsync(stale, cancellationToken);
            Log.StalePresenceRemoved(Logger, stale.Count);
        }

        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A clean shutdown takes its connections with it, so nobody looks online until the expiry.
        try
        {
            await RunInScopeAsync(
                async (services, ct) =>
                {
                    var db = services.GetRequiredService<CooperationDb>();
                    var mine = await db.PresenceConnections.AsNoTracking().Where(c => c.InstanceId == instance.Id).ToListAsync(ct);
                    await services.GetRequiredService<PresenceService>().RemoveAsync(mine, ct);
                    return mine.Count;
                },
                cancellationToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // Shutdown ran out of time, or the host is already gone; the rows expire on their own.
        }
        catch (Exception exception)
        {
            // Shutdown goes on regardless; the rows expire on their own.
            Log.HeartbeatFailed(Logger, exception);
        }
    }
}
