using System.Collections.Concurrent;
using System.Net.Http.Json;
using Cooperation.Web.Programmes;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cooperation.Web.Tests.Programmes;

/// <summary>Reminders on a fake clock, with two instances of the site sharing one database and a restart in between.</summary>
public sealed class ReminderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A reminder channel that remembers what it was asked to deliver, shared by every instance of a test.</summary>
    internal sealed class RecordingChannel : IReminderChannel
    {
        public ConcurrentBag<(ReminderMessage Message, DateTimeOffset At)> Delivered { get; } = [];
        public FakeTimeProvider? Clock { get; init; }

        public string Name => "recording";

        public Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task SendAsync(ReminderMessage message, CancellationToken cancellationToken)
        {
            Delivered.Add((message, Clock!.GetUtcNow()));
            return Task.CompletedTask;
        }
    }

    /// <summary>The real site with the fake clock and the recording channel added to its services.</summary>
    internal sealed class ReminderApp(FakeTimeProvider clock, RecordingChannel channel, TestDatabase database, string? dataPath = null, string? postgresDatabase = null)
        : CooperationApp(database, settings: new Dictionary<string, string?> { ["Programmes:Reminders:PollInterval"] = "00:01:00" }, dataPath: dataPath, postgresDatabase: postgresDatabase)
    {
        private readonly FakeTimeProvider _clock = clock;
        private readonly RecordingChannel _channel = channel;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.AddSingleton<IReminderChannel>(_channel);
            });
        }

        public Task<int> RoundAsync() => Services.GetRequiredService<ReminderService>().RunOnceAsync(Ct);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task EachReminderIsDeliveredExactlyOnceByTwoInstancesAndAcrossARestart(TestDatabase database)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var channel = new RecordingChannel { Clock = clock };
        var first = new ReminderApp(clock, channel, database);
        first.KeepDataOnDispose();
        var second = new ReminderApp(clock, channel, database, first.DataPath, first.PostgresDatabaseName);
        second.KeepDataOnDispose();
        ReminderApp? third = null;
        try
        {
            // A session at 10:00Z on 3 Mar: reminders are due at 10:00Z on 2 Mar (one day) and 09:00Z on 3 Mar (one hour).
            var coordinator = await first.CreateUserAsync("coordinator@reminders.example");
            var member = await first.CreateUserAsync("member@reminders.example");
            var decliner = await first.CreateUserAsync("decliner@reminders.example");
            var offices = await ProgrammeTestData.AddOfficesAsync(first);
            var workspace = await ProgrammeTestData.CreateWorkspaceAsync(coordinator);
            await first.AddMemberAsync(workspace, member, WorkspaceRole.Member);
            await first.AddMemberAsync(workspace, decliner, WorkspaceRole.Member);
            var programme = await ProgrammeTestData.CreateProgrammeAsync(coordinator, workspace, offices["Almaty"], [offices["Beijing"]]);
            var session = (await ProgrammeTestData.CreateSessionAsync(coordinator, workspace, programme.Id, new SessionInput("2027-03-03T10:00Z", "2027-03-03T12:00Z"))).Sessions[0];
            var reply = $"/api/workspaces/{workspace}/programmes/{programme.Id}/sessions/{session.Id}/reply";
            (await coordinator.Client.PutAsJsonAsync(reply, new ReplyInput(ParticipantReply.Accepted), ApiJson.Options, Ct)).EnsureSuccessStatusCode();
            (await member.Client.PutAsJsonAsync(reply, new ReplyInput(ParticipantReply.Tentative), ApiJson.Options, Ct)).EnsureSuccessStatusCode();
            (await decliner.Client.PutAsJsonAsync(reply, new ReplyInput(ParticipantReply.Declined), ApiJson.Options, Ct)).EnsureSuccessStatusCode();

            // Nothing is due yet.
            await Task.WhenAll(first.RoundAsync(), second.RoundAsync());
            Assert.Empty(channel.Delivered);

            // One minute before the one-day mark, still nothing; at it, both instances race (their own loops wake too).
            clock.SetUtcNow(new DateTimeOffset(2027, 3, 2, 9, 59, 0, TimeSpan.Zero));
            await Task.WhenAll(first.RoundAsync(), second.RoundAsync());
            Assert.Empty(channel.Delivered);
            clock.SetUtcNow(new DateTimeOffset(2027, 3, 2, 10, 0, 0, TimeSpan.Zero));
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(first.RoundAsync(), second.RoundAsync(), first.RoundAsync(), second.RoundAsync());
            }

            // The first instance stops; a new one starts on the same database.
            await first.DisposeAsync();
            third = new ReminderApp(clock, channel, database, second.DataPath, second.PostgresDatabaseName);
            clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 9, 0, 0, TimeSpan.Zero));
            for (var round = 0; round < 3; round++)
            {
                await Task.WhenAll(second.RoundAsync(), third.RoundAsync(), second.RoundAsync(), third.RoundAsync());
            }

            // After the start nothing more is sent.
            clock.SetUtcNow(new DateTimeOffset(2027, 3, 3, 10, 30, 0, TimeSpan.Zero));
            await Task.WhenAll(second.RoundAsync(), third.RoundAsync());
            await second.DisposeAsync();
            third.KeepDataOnDispose();
            await third.DisposeAsync();

            // Two people (the decliner gets nothing) x two lead times, each exactly once, each at its due time.
            var delivered = channel.Delivered.Select(d => (d.Message.UserId, Lead: d.Message.LeadTime, d.At)).OrderBy(d => d.At).ThenBy(d => d.UserId).ToList();
            var day = new DateTimeOffset(2027, 3, 2, 10, 0, 0, TimeSpan.Zero);
            var hour = new DateTimeOffset(2027, 3, 3, 9, 0, 0, TimeSpan.Zero);
            Assert.Equal(
                new[] { (coordinator.Id, TimeSpan.FromDays(1), day), (member.Id, TimeSpan.FromDays(1), day), (coordinator.Id, TimeSpan.FromHours(1), hour), (member.Id, TimeSpan.FromHours(1), hour) }
                    .OrderBy(d => d.Item3).ThenBy(d => d.Item1),
                delivered);
            Assert.All(channel.Delivered, d => Assert.Equal(session.Id, d.Message.SessionId));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
            if (third is not null)
            {
                await third.DisposeAsync();
            }

            var cleanup = new CooperationApp(database, dataPath: first.DataPath, postgresDatabase: first.PostgresDatabaseName);
            await cleanup.DisposeAsync();
            if (Directory.Exists(first.DataPath))
            {
                Directory.Delete(first.DataPath, recursive: true);
            }
        }
    }

    [Fact]
    public async Task TheBackgroundLoopSendsARemindersWhenTheFakeClockReachesItsTime()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var channel = new RecordingChannel { Clock = clock };
        await using var app = new ReminderApp(clock, channel, TestDatabase.Sqlite);
        var coordinator = await app.CreateUserAsync("coordinator@loop.example");
        var offices = await ProgrammeTestData.AddOfficesAsync(app);
        var workspace = await ProgrammeTestData.CreateWorkspaceAsync(coordinator);
        var programme = await ProgrammeTestData.CreateProgrammeAsync(coordinator, workspace, offices["Cairo"], []);
        var session = (await ProgrammeTestData.CreateSessionAsync(coordinator, workspace, programme.Id, new SessionInput("2027-03-01T05:00Z", "2027-03-01T06:00Z"))).Sessions[0];
        (await coordinator.Client.PutAsJsonAsync($"/api/workspaces/{workspace}/programmes/{programme.Id}/sessions/{session.Id}/reply",
            new ReplyInput(ParticipantReply.Accepted), ApiJson.Options, Ct)).EnsureSuccessStatusCode();

        // The session is five hours away: only the one-hour reminder (due 04:00Z) will go out, from the loop alone.
        var sent = await app.WithDbAsync(db => db.SessionReminders.CountAsync(Ct));
        Assert.Equal(0, sent);
        while (!channel.Delivered.Any(d => d.Message.SessionId == session.Id))
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.True(clock.GetUtcNow() < new DateTimeOffset(2027, 3, 1, 5, 0, 0, TimeSpan.Zero), "The reminder was not sent before the session began.");
            await Task.Delay(10, Ct);
        }

        var delivery = Assert.Single(channel.Delivered);
        Assert.Equal(TimeSpan.FromHours(1), delivery.Message.LeadTime);
        Assert.True(delivery.At >= new DateTimeOffset(2027, 3, 1, 4, 0, 0, TimeSpan.Zero));
        Assert.Equal("Africa/Cairo", delivery.Message.HostTimeZone);
    }
}
