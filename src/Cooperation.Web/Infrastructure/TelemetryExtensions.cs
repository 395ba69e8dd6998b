using Azure.Monitor.OpenTelemetry.AspNetCore;
using Cooperation.Knowledge;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// OpenTelemetry traces, metrics and logs: requests, outgoing HTTP, the database, SignalR and the assistant's
/// retrieval and answering spans. Nothing leaves the process unless an exporter is configured:
/// OTEL_EXPORTER_OTLP_ENDPOINT (any OTLP collector; OTEL_EXPORTER_OTLP_PROTOCOL etc. are honoured) and/or
/// APPLICATIONINSIGHTS_CONNECTION_STRING (Azure Monitor).
/// </summary>
public static class TelemetryExtensions
{
    public const string DefaultServiceName = "cooperation-hub";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Activity sources traced besides the instrumented libraries.</summary>
    public static readonly string[] TraceSources = [KnowledgeTelemetry.SourceName, "Microsoft.AspNetCore.SignalR.Server"];

    /// <summary>Meters built into .NET and ASP.NET Core (request durations, connections, SignalR, EF Core, runtime).</summary>
    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.Authentication",
        "System.Net.Http", "Microsoft.EntityFrameworkCore", "System.Runtime",
    ];

    // Npgsql traces its own commands in more detail; EF Core's spans for them would be duplicates.
    private const string NpgsqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        var azureMonitor = !string.IsNullOrWhiteSpace(configuration[AzureMonitorKey]);

        builder.Services.AddSingleton<SecretPaths>();
        builder.Services.AddSingleton<SecretRedactingLogProcessor>();
        builder.Services.AddSingleton<SecretRedactingSpanProcessor>();

        // Health probes arrive every few seconds from load balancers; tracing them would bury the real requests.
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            options.Filter = context => !IsProbe(context.Request.Path);
            options.EnableAspNetCoreSignalRSupport = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName))
            .WithTracing(tracing =>
            {
                // The Azure Monitor distro brings the ASP.NET Core and HttpClient instrumentation itself.
                if (!azureMonitor)
                {
                    tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                }

                // Added before any exporter, so that every exporter gets the redacted span.
                tracing.AddProcessor<SecretRedactingSpanProcessor>();
                tracing.AddEntityFrameworkCoreInstrumentation(options => options.Filter = (provider, _) => provider != NpgsqlProvider)
                    .AddNpgsql()
                    .AddSource(TraceSources);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddNpgsqlInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });

        if (otlp || azureMonitor)
        {
            telemetry.WithLogging(
                logging =>
                {
                    // Added first, so that every exporter after it gets the redacted record.
                    logging.AddProcessor<SecretRedactingLogProcessor>();
                    if (otlp)
                    {
                        logging.AddOtlpExporter();
                    }
                },
                options =>
                {
                    options.IncludeFormattedMessage = true;
                    // The request scope carries the raw path (RequestPath), which may hold a feed secret or an
                    // invitation token and cannot be rewritten; trace and span ids are on every record anyway.
                    options.IncludeScopes = false;
                });
        }

        if (azureMonitor)
        {
            telemetry.UseAzureMonitor();
        }

        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase);
}
