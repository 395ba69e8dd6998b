using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cooperation.Web.Tests.Operations;

/// <summary>Leases on periodic jobs, as two instances on one database take them.</summary>
public sealed class JobLeaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task OneInstanceHoldsAJobUntilItsLeaseRunsOutAndMayRenewIt(TestDatabase database)
    {
        await using var app = new CooperationApp(database);
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        await using var otherScope = app.Services.CreateAsyncScope();
        var otherDb = otherScope.ServiceProvider.GetRequiredService<CooperationDb>();
        var first = new JobLeases(db, new InstanceIdentity(), clock);
        var second = new JobLeases(otherDb, new InstanceIdentity(), clock);
        var hour = TimeSpan.FromHours(1);

        Assert.True(await first.TryTakeAsync("test.job", hour, Ct));
        Assert.False(await second.TryTakeAsync("test.job", hour, Ct));
        Assert.True(await second.TryTakeAsync("test.other-job", hour, Ct));

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.True(await first.TryTakeAsync("test.job", hour, Ct));
        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.False(await second.TryTakeAsync("test.job", hour, Ct));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await second.TryTakeAsync("test.job", hour, Ct));
        Assert.False(await first.TryTakeAsync("test.job", hour, Ct));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task OfManyInstancesAskingAtOnceForANewJobExactlyOneGetsIt(TestDatabase database)
    {
        await using var app = new CooperationApp(database);
        // Started once here: the first use of Services starts the site.
        var services = app.Services;
        var attempts = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var scope = services.CreateAsyncScope();
            var leases = new JobLeases(scope.ServiceProvider.GetRequiredService<CooperationDb>(), new InstanceIdentity(), TimeProvider.System);
            return await leases.TryTakeAsync("test.contended", TimeSpan.FromMinutes(5), Ct);
        }, Ct));

        Assert.Single(await Task.WhenAll(attempts), taken => taken);
    }
}
