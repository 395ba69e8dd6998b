using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cooperation.Web.Tests.Teams;

/// <summary>
/// Stands in for the Bot Connector service (which cannot run here): a Kestrel server on loopback that speaks its
/// /v3/conversations wire format and records what the bot sends.
/// </summary>
public sealed class LocalConnector : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<(string Path, JsonObject Activity)> Received { get; } = new();

    private LocalConnector(WebApplication app) => _app = app;

    public string ServiceUrl => _app.Urls.First();

    public static async Task<LocalConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new LocalConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{**rest}", async (HttpContext context, string conversationId) =>
        {
            var activity = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            connector.Received.Enqueue((context.Request.Path, activity));
            return Results.Json(new { id = Guid.NewGuid().ToString("N") }, statusCode: 201);
        });
        await app.StartAsync();
        return connector;
    }

    /// <summary>The text messages (not typing indicators) the bot sent, oldest first.</summary>
    public List<JsonObject> Messages => Received.Select(r => r.Activity).Where(a => (string?)a["type"] == "message").ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
