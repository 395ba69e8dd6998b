using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Collaboration.Presence;

/// <summary>
/// Keeps this instance's connections marked alive, and forgets the connections of instances that stopped
/// (a crash leaves their rows behind; without this their people would look online for ever).
/// </summary>
internal sealed class PresenceHeartbeat(IServiceScopeFactory scopes, InstanceIdentity instance, IOptions<CollaborationOptions> options, TimeProvider clock, ILogger<PresenceHeartbeat> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceHeartbeat, clock);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.HeartbeatFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.PresenceConnections.Where(c => c.InstanceId == instance.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.HeartbeatAt, now), cancellationToken);

        var expired = now - options.Value.PresenceExpiry;
        var stale = await db.PresenceConnections.AsNoTracking().Where(c => c.HeartbeatAt < expired).ToListAsync(cancellationToken);
        if (stale.Count > 0)
        {
            await scope.ServiceProvider.GetRequiredService<PresenceService>().RemoveAsync(stale, cancellationToken);
            Log.StalePresenceRemoved(logger, stale.Count);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A clean shutdown takes its connections with it, so nobody looks online until the expiry.
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
            var mine = await db.PresenceConnections.AsNoTracking().Where(c => c.InstanceId == instance.Id).ToListAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<PresenceService>().RemoveAsync(mine, cancellationToken);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // Shutdown ran out of time, or the host is already gone; the rows expire on their own.
        }
        catch (Exception exception)
        {
            // Shutdown goes on regardless; the rows expire on their own.
            Log.HeartbeatFailed(logger, exception);
        }
    }
}
