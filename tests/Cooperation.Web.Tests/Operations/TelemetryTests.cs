using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cooperation.Knowledge;
using Cooperation.Web.Assistant;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Cooperation.Web.Tests.Operations;

/// <summary>The site's OpenTelemetry: the spans of one assistant question, and OTLP export when configured.</summary>
public sealed class TelemetryTests
{
    private const string Question = "Under the Paris Convention, how long is the priority period for a patent application?";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTraceOfAnAssistantQuestionShowsRetrievalAndAnsweringUnderTheRequest()
    {
        await using var app = new TracedApp();
        var asker = await AskerWithMaterialsAsync(app);
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/assistant/ask") { Content = JsonContent.Create(new { question = Question }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await asker.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<AskResult>(ApiJson.Options, Ct);
        Assert.False(answer!.Declined, answer.Answer);

        // The request span ends just after the response is written; wait for it rather than race it.
        var spans = await app.Exported.WaitForAsync(traceId, all => all.Any(s => s.Kind == ActivityKind.Server), Ct);
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        var answering = Assert.Single(spans, s => s.Source.Name == KnowledgeTelemetry.SourceName && s.OperationName == "knowledge.answer");
        Assert.Equal(server.SpanId, answering.ParentSpanId);
        var retrieval = Assert.Single(spans, s => s.Source.Name == KnowledgeTelemetry.SourceName && s.OperationName == "knowledge.search");
        Assert.Equal(answering.SpanId, retrieval.ParentSpanId);
        Assert.NotNull(retrieval.GetTagItem("knowledge.latency_ms"));
        Assert.NotNull(answering.GetTagItem("knowledge.latency_ms"));
        Assert.True((int)retrieval.GetTagItem("knowledge.hits")! > 0);
        Assert.Equal(false, answering.GetTagItem("knowledge.declined"));
        Assert.True(retrieval.Duration <= answering.Duration && answering.Duration <= server.Duration, "Child spans lie within their parents.");
        // The database work of the request (who may read which workspace) is traced under it too.
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == server.SpanId && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HealthProbesAreNotTraced()
    {
        await using var app = new TracedApp();
        var traceId = ActivityTraceId.CreateRandom();
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        probe.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.OK, (await app.AnonymousClient().SendAsync(probe, Ct)).StatusCode);

        // A page asked after the probe is traced, so by then the probe's span would have been exported too.
        var asked = ActivityTraceId.CreateRandom();
        using var page = new HttpRequestMessage(HttpMethod.Get, "/account/signin");
        page.Headers.Add("traceparent", $"00-{asked}-{ActivitySpanId.CreateRandom()}-01");
        await app.AnonymousClient().SendAsync(page, Ct);
        await app.Exported.WaitForAsync(asked, all => all.Any(s => s.Kind == ActivityKind.Server), Ct);

        Assert.DoesNotContain(app.Exported.Snapshot(), s => s.TraceId == traceId && s.Kind == ActivityKind.Server);
    }

    [Fact]
    public async Task TracesAndMetricsGoToTheOtlpEndpointWhenOneIsConfigured()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["Cooperation:Seed:Demo"] = "false",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        await using (app)
        {
            var asker = await AskerWithMaterialsAsync(app);
            var response = await asker.Client.PostAsJsonAsync("/api/assistant/ask", new { question = Question }, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Exporters send in batches (every few seconds, metrics every minute); flush rather than wait for them.
            Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(), "Flushing the traces failed.");
            Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(), "Flushing the metrics failed.");
        }

        var traces = collector.Received.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, r => Assert.Equal("application/x-protobuf", r.ContentType));
        // Span names travel as plain UTF-8 strings inside the protobuf message.
        Assert.Contains(traces, r => Contains(r.Body, "knowledge.answer") && Contains(r.Body, "knowledge.search"));
        Assert.Contains(traces, r => Contains(r.Body, global::Cooperation.Web.Infrastructure.TelemetryExtensions.DefaultServiceName));
        Assert.Contains(collector.Received, r => r.Path == "/v1/metrics" && Contains(r.Body, "http.server.request.duration"));
    }

    [Fact]
    public async Task FeedSecretsAndInvitationTokensReachNeitherTracesNorLogsNorMetrics()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var app = new TracedApp(new Dictionary<string, string?>
        {
            // An OTLP endpoint switches log export on; Information brings ASP.NET Core's "Request starting <path>".
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        });
        string feedSecret, invitationToken;
        const string mistypedFeed = "cal_mistyped-secret-without-extension";
        await using (app)
        {
            var coordinator = await app.CreateUserAsync($"coordinator-{Guid.NewGuid():N}@telemetry.example");
            var created = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = $"Feeds {Guid.NewGuid():N}" }, Ct);
            var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
            var subscription = await (await coordinator.Client.PostAsync($"/api/workspaces/{workspace}/programmes/subscription", null, Ct))
                .Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct);
            var feed = new Uri((string)subscription!["url"]!).AbsolutePath;
            feedSecret = feed["/calendar/".Length..^".ics".Length];
            var invite = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email = "guest@telemetry.example", role = "observer" }, Ct);
            var link = (string)(await invite.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Ct))!["link"]!;
            invitationToken = link[(link.LastIndexOf('/') + 1)..];

            var anonymous = app.AnonymousClient();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(feed, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/invitations/{invitationToken}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/account/invitation/{invitationToken}", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/calendar/{mistypedFeed}", Ct)).StatusCode);
            Assert.True(app.Services.GetRequiredService<TracerProvider>().ForceFlush(), "Flushing the traces failed.");
            Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(), "Flushing the metrics failed.");
        }

        string[] secrets = [feedSecret, invitationToken, mistypedFeed];
        var spans = app.Exported.Snapshot();
        // The requests were traced, with the route parameter's name where the credential was.
        var paths = spans.Select(s => s.GetTagItem("url.path") as string).OfType<string>()
            .Where(p => p.Contains("calendar/", StringComparison.Ordinal) || p.Contains("invitation", StringComparison.Ordinal)).ToList();
        Assert.Contains("/calendar/{secret}.ics", paths);
        Assert.Contains("/api/invitations/{token}", paths);
        Assert.Contains("/account/invitation/{token}", paths);
        Assert.Contains("/calendar/{rest}", paths);
        var spanText = string.Join("\n", spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.DisplayName)));
        var metricText = string.Join("\n", app.Metrics.SelectMany(MetricTags));
        Assert.Contains(app.LogText, line => line.Contains("/calendar/{secret}.ics", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, spanText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, metricText, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(app.LogText, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(collector.Received, r => Contains(r.Body, secret));
        }
    }

    private static IEnumerable<string> MetricTags(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            foreach (var tag in point.Tags)
            {
                yield return $"{metric.Name} {tag.Key}={tag.Value}";
            }
        }
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>A member of a workspace holding the Paris Convention.</summary>
    private static async Task<TestUser> AskerWithMaterialsAsync(CooperationApp app)
    {
        var asker = await app.CreateUserAsync($"asker-{Guid.NewGuid():N}@telemetry.example");
        var created = await asker.Client.PostAsJsonAsync("/api/workspaces", new { name = $"Paris study {Guid.NewGuid():N}" }, Ct);
        var workspace = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
        await asker.UploadMaterialAsync(workspace, "paris-convention-stockholm-1967-fr.md", "Convention de Paris");
        return asker;
    }

    /// <summary>The site with in-memory exporters added to its own tracing and metrics pipelines, and logs captured as exported.</summary>
    private sealed class TracedApp(IDictionary<string, string?>? settings = null)
        : CooperationApp(settings: new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Cooperation:Seed:Demo"] = "false" })
    {
        public ExportedSpans Exported { get; } = new();

        public List<Metric> Metrics { get; } = [];

        public ConcurrentQueue<string> LogText { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Exported))
                .ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(Metrics))
                .ConfigureOpenTelemetryLoggerProvider(logging => logging.AddProcessor(new LogCapture(LogText))));
        }
    }

    /// <summary>Records what a log exporter would send: message, body, attributes and scopes.</summary>
    private sealed class LogCapture(ConcurrentQueue<string> lines) : OpenTelemetry.BaseProcessor<OpenTelemetry.Logs.LogRecord>
    {
        public override void OnEnd(OpenTelemetry.Logs.LogRecord data)
        {
            var text = new StringBuilder().Append(data.FormattedMessage).Append(' ').Append(data.Body);
            foreach (var attribute in data.Attributes ?? [])
            {
                text.Append(' ').Append(attribute.Key).Append('=').Append(attribute.Value);
            }

            data.ForEachScope<StringBuilder>((scope, builder) =>
            {
                foreach (var item in scope)
                {
                    builder.Append(' ').Append(item.Key).Append('=').Append(item.Value);
                }
            }, text);
            lines.Enqueue(text.ToString());
        }
    }

    /// <summary>
    /// Spans exported by the site. Activity sources are process-wide, so spans of other tests running at the same
    /// time can arrive too: every question is asked about one trace id.
    /// </summary>
    private sealed class ExportedSpans : ICollection<Activity>
    {
        private readonly ConcurrentQueue<Activity> _spans = new();

        public List<Activity> Snapshot() => [.. _spans];

        public async Task<List<Activity>> WaitForAsync(ActivityTraceId traceId, Func<List<Activity>, bool> complete, CancellationToken ct)
        {
            // A ceiling so that a missing span fails the test with a message instead of hanging the run.
            using var ceiling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            ceiling.CancelAfter(TimeSpan.FromMinutes(1));
            while (true)
            {
                var spans = _spans.Where(s => s.TraceId == traceId).ToList();
                if (complete(spans))
                {
                    return spans;
                }

                try
                {
                    await Task.Delay(50, ceiling.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    Assert.Fail($"The spans of trace {traceId} never completed; got: {string.Join(", ", spans.Select(s => s.OperationName))}");
                }
            }
        }

        public int Count => _spans.Count;
        public bool IsReadOnly => false;
        public void Add(Activity item) => _spans.Enqueue(item);
        public void Clear() => _spans.Clear();
        public bool Contains(Activity item) => _spans.Contains(item);
        public void CopyTo(Activity[] array, int arrayIndex) => _spans.ToArray().CopyTo(array, arrayIndex);
        public bool Remove(Activity item) => throw new NotSupportedException();
        public IEnumerator<Activity> GetEnumerator() => _spans.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Stands in for an OpenTelemetry collector: OTLP over HTTP (protobuf) on loopback, recording each export.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpCollector(WebApplication app) => _app = app;

        public ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> Received { get; } = new();

        public string Endpoint => _app.Urls.First();

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector.Received.Enqueue((context.Request.Path, context.Request.ContentType, body.ToArray()));
                // An empty protobuf message is a valid Export*ServiceResponse: everything accepted.
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            return collector;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
