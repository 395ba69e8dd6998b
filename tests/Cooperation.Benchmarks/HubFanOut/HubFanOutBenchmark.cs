using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cooperation.Benchmarks.HubFanOut;

/// <summary>
/// Broadcast fan-out of chat messages to N connections in one workspace: the real workspace hub (authenticated,
/// access-checked, every message stored with its sequence number) beside a bare SignalR hub (no auth, no storage),
/// both in the same run on the same machine. Servers run in child processes; the clients run here.
/// </summary>
public sealed class HubFanOutBenchmark : IBenchmark
{
    public string Name => "hubfanout";

    public string Description => "Hub fan-out to 1,000 connections: messages/s, p50/p99 delivery latency and memory per idle connection, beside a bare hub";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = FanOutOptions.Parse(args);
        if (options.Serve is { } serve)
        {
            await HubServers.ServeAsync(serve, options.Postgres, cancellationToken);
            return;
        }

        Console.WriteLine($"Hub fan-out: {options.Connections} connections, {options.Messages} messages per round from {options.Senders} senders, {options.Rounds} rounds each, " +
                          $"database {(options.Postgres is null ? "SQLite" : "PostgreSQL")}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        // The client side (1,000 connections in this process) compiles and tiers up its code and grows its thread
        // pool during the first round; without this uncounted round the hub measured first would pay for that.
        var first = await RunRoundAsync("bare", options with { Messages = options.Warmup * 5 }, cancellationToken);
        Console.WriteLine($"  warm-up round (not counted): {first.MessagesPerSecond:0.0} msg/s");
        var results = new List<RoundResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            // Alternate which goes first, so that neither always gets the warmer machine.
            foreach (var kind in round % 2 == 1 ? new[] { "bare", "site" } : ["site", "bare"])
            {
                var result = await RunRoundAsync(kind, options, cancellationToken);
                results.Add(result);
                Console.WriteLine($"  round {round} {kind,-4}: {result.MessagesPerSecond,8:0.0} msg/s  {result.DeliveriesPerSecond,9:0} deliveries/s  " +
                                  $"p50 {result.P50Ms,7:0.0} ms  p99 {result.P99Ms,7:0.0} ms  {result.PayloadBytes} B/message  idle {result.BytesPerConnection / 1024.0,6:0.0} KB/connection (managed {result.ManagedBytesPerConnection / 1024.0:0.0} KB)");
            }
        }

        var bare = Median(results.Where(r => r.Kind == "bare").ToList());
        var site = Median(results.Where(r => r.Kind == "site").ToList());
        Console.WriteLine();
        Console.WriteLine("| hub | message bytes | messages/s | deliveries/s | p50 ms | p99 ms | memory per idle connection (working set / managed) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var r in new[] { bare, site })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(r.Kind == "bare" ? "bare SignalR hub" : "workspace hub")} | {r.PayloadBytes} | {r.MessagesPerSecond:0.0} | {r.DeliveriesPerSecond:0} | {r.P50Ms:0.0} | {r.P99Ms:0.0} | {r.BytesPerConnection / 1024.0:0.0} KB / {r.ManagedBytesPerConnection / 1024.0:0.0} KB |"));
        }

        var throughputRatio = site.MessagesPerSecond / bare.MessagesPerSecond;
        var p99Ratio = site.P99Ms / bare.P99Ms;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nworkspace hub / bare: throughput {throughputRatio:0.00}x (goal >= 0.8x: {(throughputRatio >= 0.8 ? "met" : "NOT met")}), p99 {p99Ratio:0.00}x (goal <= 1.5x: {(p99Ratio <= 1.5 ? "met" : "NOT met")})"));
    }

    private static async Task<RoundResult> RunRoundAsync(string kind, FanOutOptions options, CancellationToken cancellationToken)
    {
        await using var server = await ServerProcess.StartAsync(kind, options.Postgres, cancellationToken);
        var hubUrl = new Uri(server.Url, kind == "site" ? "/hubs/workspace" : "/hubs/bare");
        var workspaceId = server.WorkspaceId ?? Guid.NewGuid();

        // One batch connected, joined and closed before the baseline, so that the memory delta holds what the
        // connections keep rather than code compiled, caches filled and threads added by the first of them.
        var warmUp = await Task.WhenAll(Enumerable.Range(0, ConnectBatch).Select(async _ =>
        {
            var connection = await ConnectAsync(hubUrl, server.Token, cancellationToken);
            await connection.InvokeAsync("JoinWorkspace", workspaceId, cancellationToken);
            return connection;
        }));
        foreach (var connection in warmUp)
        {
            await connection.DisposeAsync();
        }

        var before = await server.MemoryAsync(cancellationToken);
        var receivers = new Receiver[options.Connections];
        for (var start = 0; start < options.Connections; start += ConnectBatch)
        {
            var batch = Enumerable.Range(start, Math.Min(ConnectBatch, options.Connections - start)).Select(async i =>
            {
                receivers[i] = new Receiver(await ConnectAsync(hubUrl, server.Token, cancellationToken), options.Messages + options.Warmup);
                await receivers[i].Connection.InvokeAsync("JoinWorkspace", workspaceId, cancellationToken);
            });
            await Task.WhenAll(batch);
        }

        var after = await server.MemoryAsync(cancellationToken);
        // Several people talking at once: SignalR runs one connection's calls one after another, so a single
        // sender would measure the round trip of one call rather than what the hub can carry.
        var senders = new HubConnection[options.Senders];
        for (var i = 0; i < senders.Length; i++)
        {
            senders[i] = await ConnectAsync(hubUrl, server.Token, cancellationToken);
        }

        var padding = new string('x', 80);
        async Task SendAsync(int count, int firstId)
        {
            var next = -1;
            await Task.WhenAll(senders.Select(async sender =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    var text = string.Create(CultureInfo.InvariantCulture, $"{firstId + i}|{Stopwatch.GetTimestamp()}|{padding}");
                    await sender.InvokeAsync<JsonElement>("SendChatMessage", workspaceId, text, cancellationToken);
                }
            }));
        }

        // Warm-up: first calls compile, open database connections, fill caches.
        foreach (var r in receivers)
        {
            r.Expect(options.Warmup);
        }

        await SendAsync(options.Warmup, 0);
        await Task.WhenAll(receivers.Select(r => r.Done));

        foreach (var r in receivers)
        {
            r.Expect(options.Messages);
        }

        var started = Stopwatch.GetTimestamp();
        await SendAsync(options.Messages, options.Warmup);
        await Task.WhenAll(receivers.Select(r => r.Done)).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started, receivers.Max(r => r.LastAt));

        // Every receiver must have had every message once; the size shows both hubs send the same bytes.
        var all = receivers.SelectMany(r => r.Latencies).Order().ToArray();
        if (all.Length != options.Messages * options.Connections || receivers.Any(r => r.Ids.Count != options.Messages + options.Warmup))
        {
            throw new InvalidOperationException($"The {kind} hub delivered {all.Length} of {options.Messages * options.Connections} messages, or some twice.");
        }

        foreach (var connection in receivers.Select(r => r.Connection).Concat(senders))
        {
            await connection.DisposeAsync();
        }

        return new RoundResult(kind, receivers[0].PayloadBytes,
            options.Messages / elapsed.TotalSeconds,
            options.Messages * (double)options.Connections / elapsed.TotalSeconds,
            Percentile(all, 0.50), Percentile(all, 0.99),
            (after.WorkingSet - before.WorkingSet) / (double)options.Connections,
            (after.Managed - before.Managed) / (double)options.Connections);
    }

    private const int ConnectBatch = 50;

    private static async Task<HubConnection> ConnectAsync(Uri url, string? token, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
        connection.ServerTimeout = TimeSpan.FromMinutes(5);
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    private static double Percentile(long[] sortedTicks, double p) =>
        sortedTicks.Length == 0 ? double.NaN : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(p * sortedTicks.Length))] * 1000.0 / Stopwatch.Frequency;

    private static RoundResult Median(List<RoundResult> rounds)
    {
        T Mid<T>(IEnumerable<T> values) => values.Order().ElementAt(rounds.Count / 2);
        return new RoundResult(rounds[0].Kind, rounds[0].PayloadBytes, Mid(rounds.Select(r => r.MessagesPerSecond)), Mid(rounds.Select(r => r.DeliveriesPerSecond)),
            Mid(rounds.Select(r => r.P50Ms)), Mid(rounds.Select(r => r.P99Ms)), Mid(rounds.Select(r => r.BytesPerConnection)), Mid(rounds.Select(r => r.ManagedBytesPerConnection)));
    }

    private sealed record RoundResult(string Kind, int PayloadBytes, double MessagesPerSecond, double DeliveriesPerSecond, double P50Ms, double P99Ms, double BytesPerConnection, double ManagedBytesPerConnection);

    /// <summary>One receiving connection: records the delivery latency of each message from the timestamp in its text.</summary>
    private sealed class Receiver
    {
        private readonly Lock _lock = new();
        private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining;

        public Receiver(HubConnection connection, int capacity)
        {
            Connection = connection;
            Latencies = new List<long>(capacity);
            connection.On<JsonElement>("ChatMessageReceived", message =>
            {
                var now = Stopwatch.GetTimestamp();
                var text = message.GetProperty("data").GetProperty("text").GetString()!;
                var fields = text.Split('|');
                var stamp = long.Parse(fields[1], CultureInfo.InvariantCulture);
                lock (_lock)
                {
                    PayloadBytes = message.GetRawText().Length;
                    Ids.Add(int.Parse(fields[0], CultureInfo.InvariantCulture));
                    Latencies.Add(now - stamp);
                    LastAt = now;
                    if (--_remaining == 0)
                    {
                        _done.TrySetResult();
                    }
                }
            });
        }

        public HubConnection Connection { get; }
        public List<long> Latencies { get; }
        public HashSet<int> Ids { get; } = [];
        public int PayloadBytes { get; private set; }
        public long LastAt { get; private set; }
        public Task Done => _done.Task;

        public void Expect(int count)
        {
            lock (_lock)
            {
                Latencies.Clear();
                _remaining = count;
                _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}

internal sealed record FanOutOptions(int Connections, int Messages, int Warmup, int Senders, int Rounds, string? Postgres, string? Serve)
{
    public static FanOutOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new FanOutOptions(Number("--connections", 1000), Number("--messages", 200), Number("--warmup", 20), Number("--senders", 8), Number("--rounds", 3),
            Value("--postgres"), Value("--serve"));
    }
}
