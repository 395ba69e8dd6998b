using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Bot.Tests.Infrastructure;

/// <summary>
/// An Entra-style OAuth 2.0 token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>, client credentials) on
/// https://127.0.0.1 with a certificate made for the test, for the bot's outbound MSAL calls.
/// </summary>
public sealed class TestTokenService : IAsyncDisposable
{
    private readonly List<(string Path, IReadOnlyDictionary<string, string> Form)> _tokenRequests = [];
    private readonly List<string> _otherRequests = [];
    private LocalWebServer? _server;
    private int _issued;

    public X509Certificate2 Certificate { get; } = CreateCertificate();

    public Uri AuthorityHost => _server!.Address;

    public IReadOnlyList<(string Path, IReadOnlyDictionary<string, string> Form)> TokenRequests
    {
        get
        {
            lock (_tokenRequests)
            {
                return [.. _tokenRequests];
            }
        }
    }

    public IReadOnlyList<string> OtherRequests
    {
        get
        {
            lock (_otherRequests)
            {
                return [.. _otherRequests];
            }
        }
    }

    public static async Task<TestTokenService> StartAsync(CancellationToken cancellationToken)
    {
        var service = new TestTokenService();
        service._server = await LocalWebServer.StartAsync(
            _ => { },
            app =>
            {
                app.MapPost("/{tenant}/oauth2/v2.0/token", service.IssueAsync);
                app.MapFallback((HttpContext context) =>
                {
                    lock (service._otherRequests)
                    {
                        service._otherRequests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
                    }

                    return Results.NotFound();
                });
            },
            cancellationToken,
            service.Certificate);
        return service;
    }

    /// <summary>Makes the bot's identity client trust this server's certificate, and nothing else.</summary>
    public void TrustFrom(IServiceCollection services) =>
        services.AddHttpClient("Cooperation.Bot.Identity").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == Certificate.Thumbprint,
        });

    private async Task<IResult> IssueAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        lock (_tokenRequests)
        {
            _tokenRequests.Add((context.Request.Path.Value!, form.ToDictionary(pair => pair.Key, pair => pair.Value.ToString())));
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["ext_expires_in"] = 3600,
            ["access_token"] = $"connector-token-{Interlocked.Increment(ref _issued)}",
        });
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the private key in a form it can use on Linux: round-trip through PFX.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Certificate.Dispose();
    }
}
