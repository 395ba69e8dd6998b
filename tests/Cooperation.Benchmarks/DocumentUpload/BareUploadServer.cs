using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooperation.Benchmarks.DocumentUpload;

/// <summary>
/// A Kestrel endpoint on loopback that reads a request body and throws it away: what moving the bytes over HTTP
/// costs on this machine before any parsing, hashing or storing, as a reference beside the site's upload.
/// </summary>
internal sealed class BareUploadServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BareUploadServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BareUploadServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.MapPost("/drain", async (HttpRequest request, CancellationToken ct) =>
        {
            var buffer = new byte[1 << 16];
            long total = 0;
            for (var n = await request.Body.ReadAsync(buffer, ct); n > 0; n = await request.Body.ReadAsync(buffer, ct))
            {
                total += n;
            }

            return Results.Ok(total);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BareUploadServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
