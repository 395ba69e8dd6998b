using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooperation.Bot.Tests.Infrastructure;

/// <summary>A minimal web application hosting the bot endpoint the way the site does, with a test backend.</summary>
public sealed class BotHost : IAsyncDisposable
{
    private readonly LocalWebServer _server;

    private BotHost(LocalWebServer server, TestBackend backend, RecordingLoggerProvider logs)
    {
        _server = server;
        Backend = backend;
        Logs = logs;
        Client = new HttpClient { BaseAddress = server.Address };
    }

    public TestBackend Backend { get; }

    public RecordingLoggerProvider Logs { get; }

    public HttpClient Client { get; }

    public Uri MessagesUrl => new(_server.Address, "api/messages");

    public IServiceProvider Services => _server.Services;

    public static async Task<BotHost> StartAsync(
        CancellationToken cancellationToken,
        IDictionary<string, string?>? settings = null,
        TestBackend? backend = null,
        Action<IServiceCollection>? configureServices = null)
    {
        backend ??= new TestBackend();
        var logs = new RecordingLoggerProvider();
        var server = await LocalWebServer.StartAsync(
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Bot:RetryBaseDelay"] = "00:00:00.050",
                    // Local test mode is off by default; the tests post unsigned activities from loopback (ignored once an app id is set).
                    ["Bot:AllowUnsignedLocal"] = "true",
                });
                if (settings is not null)
                {
                    builder.Configuration.AddInMemoryCollection(settings);
                }

                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Debug);
                builder.Services.AddSingleton<ITeamsBotBackend>(backend);
                builder.Services.AddTeamsBot(builder.Configuration);
                configureServices?.Invoke(builder.Services);
            },
            app => app.MapTeamsBot(),
            cancellationToken);
        return new BotHost(server, backend, logs);
    }

    public Task<HttpResponseMessage> PostAsync(JsonObject activity, CancellationToken cancellationToken, string? bearer = null) =>
        PostRawAsync(activity.ToJsonString(), cancellationToken, bearer);

    public Task<HttpResponseMessage> PostRawAsync(string body, CancellationToken cancellationToken, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return Client.SendAsync(request, cancellationToken);
    }

    public static async Task<JsonObject?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
