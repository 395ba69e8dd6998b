using Cooperation.Bot.Connector;
using Microsoft.Extensions.Time.Testing;

namespace Cooperation.Bot.Tests;

/// <summary>The per-conversation limits Teams applies to one bot: 7 per second, 8 per two seconds, 60 per thirty seconds.</summary>
public sealed class ConversationPacerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SevenSendsInASecondGoAtOnceAndTheEighthWaitsForTheWindow()
    {
        var pacer = new ConversationPacer(_time);
        for (var i = 0; i < 7; i++)
        {
            await pacer.WaitTurnAsync("c1", Token);
        }

        Assert.Equal(TimeSpan.FromSeconds(1), pacer.TimeUntilAllowed("c1"));

        var eighth = pacer.WaitTurnAsync("c1", Token);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(eighth.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await eighth;
    }

    [Fact]
    public async Task NoMoreThanEightSendsGoInTwoSeconds()
    {
        var pacer = new ConversationPacer(_time);
        for (var i = 0; i < 7; i++)
        {
            await pacer.WaitTurnAsync("c1", Token);
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        await pacer.WaitTurnAsync("c1", Token);

        Assert.Equal(TimeSpan.FromSeconds(1), pacer.TimeUntilAllowed("c1"));
    }

    [Fact]
    public async Task NoMoreThanSixtySendsGoInThirtySeconds()
    {
        var pacer = new ConversationPacer(_time);
        for (var i = 0; i < 60; i++)
        {
            if (pacer.TimeUntilAllowed("c1") is var wait && wait > TimeSpan.Zero)
            {
                _time.Advance(wait);
            }

            await pacer.WaitTurnAsync("c1", Token);
        }

        var elapsed = _time.GetUtcNow() - new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.FromSeconds(30) - elapsed, pacer.TimeUntilAllowed("c1"));
    }

    [Fact]
    public async Task OtherConversationsAreNotHeldBack()
    {
        var pacer = new ConversationPacer(_time);
        for (var i = 0; i < 7; i++)
        {
            await pacer.WaitTurnAsync("busy", Token);
        }

        Assert.True(pacer.TimeUntilAllowed("busy") > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, pacer.TimeUntilAllowed("quiet"));
        await pacer.WaitTurnAsync("quiet", Token);
    }
}
