namespace Cooperation.Bot.Tests.Infrastructure;

/// <summary>
/// A test class's bot in local test mode (no app id, Bot:AllowUnsignedLocal on, unsigned activities from loopback) and the local connector
/// that receives its replies, both started before each test and stopped after it.
/// </summary>
public abstract class LocalBotTest : IAsyncLifetime
{
    protected LocalConnector Connector { get; private set; } = null!;

    protected BotHost Bot { get; private set; } = null!;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Connector = await LocalConnector.StartAsync(Token);
        Bot = await BotHost.StartAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
