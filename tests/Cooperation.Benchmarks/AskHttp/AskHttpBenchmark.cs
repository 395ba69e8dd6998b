using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cooperation.Benchmarks.AskHttp;

/// <summary>
/// The rules assistant asked over HTTP (issue 12: "ask p95 over HTTP ≤ 150 ms"): the real site in a child process
/// (<see cref="AskServer"/>), the development questions sent to POST /api/assistant/ask with a personal access token,
/// beside the same questions answered in that same process through the assistant's front door without HTTP, so that
/// what Kestrel, the middleware, token sign-in, rate limiting and JSON add is the difference between the two.
/// </summary>
public sealed class AskHttpBenchmark : IBenchmark
{
    public string Name => "ask-http";

    public string Description => "Assistant questions through POST /api/assistant/ask: p50/p95/p99 and requests/s, beside the same questions in process";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = AskHttpOptions.Parse(args);
        if (options.Serve)
        {
            await AskServer.ServeAsync(options, cancellationToken);
            return;
        }

        var questions = options.LoadQuestions();
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load average {LoadAverage()}");
        Console.WriteLine($"Command: dotnet Cooperation.Benchmarks.dll {Name} {string.Join(' ', args)}");
        Console.WriteLine($"Questions: {questions.Count} from {string.Join(", ", options.QuestionFiles.Select(Path.GetFileName))}; {options.Warmup} warm-up round(s), " +
                          $"{options.Rounds} measured round(s); site GC: {options.Gc}; concurrency: {(options.Concurrency > 1 ? options.Concurrency : "off")}");

        var environment = new Dictionary<string, string> { ["DOTNET_gcServer"] = options.Gc == "server" ? "1" : "0" };
        var started = Stopwatch.GetTimestamp();
        await using var site = await ChildProcess.StartAsync(["ask-http", "--serve", .. options.ServerArguments()], environment, cancellationToken);
        Console.WriteLine($"Site ready at {site.Ready[0]} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s (Rules library: {site.Ready[2]} documents; its GC: {site.Ready[3]})");
        using var client = new HttpClient { BaseAddress = new Uri(site.Ready[0]), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", site.Ready[1]);

        // One question at a time, the two paths interleaved question by question (which goes first alternates), so
        // that the machine's other load falls on both alike; after each pair, the cheapest signed-in request.
        var http = new List<double>();
        var floor = new List<double>();
        var inProcess = new List<double>();
        var assistant = new List<double>();
        var same = 0;
        var declined = 0;
        for (var round = 0; round < options.Warmup + options.Rounds; round++)
        {
            var measured = round >= options.Warmup;
            for (var i = 0; i < questions.Count; i++)
            {
                AskedOverHttp? overHttp = null;
                if ((round + i) % 2 == 0)
                {
                    overHttp = await AskOverHttpAsync(client, questions[i].Question, cancellationToken);
                }

                var reply = (await site.RequestAsync($"ask {i}", "ASKED ", cancellationToken)).Split(' ');
                overHttp ??= await AskOverHttpAsync(client, questions[i].Question, cancellationToken);
                var me = await FloorAsync(client, cancellationToken);
                if (measured)
                {
                    http.Add(overHttp.Milliseconds);
                    floor.Add(me);
                    inProcess.Add(double.Parse(reply[0], CultureInfo.InvariantCulture));
                    assistant.Add(double.Parse(reply[1], CultureInfo.InvariantCulture));
                    same += reply[3] == overHttp.AnswerKey ? 1 : 0;
                    declined += overHttp.Declined ? 1 : 0;
                }
            }

            Console.WriteLine($"  round {round + 1}{(measured ? "" : " (warm-up)")}: done, load average {LoadAverage()}");
        }

        var rows = new List<(string Path, Latencies Figures)>
        {
            ("HTTP: POST /api/assistant/ask (token, JSON), one at a time", Latencies.Sequential(http)),
            ("in process: AssistantService.AskAsync (access + assistant), one at a time", Latencies.Sequential(inProcess)),
            ("the assistant alone (its own latency, whole ms, in process)", Latencies.Sequential(assistant)),
            ("HTTP floor: GET /api/me (token sign-in, one row read, JSON; no assistant)", Latencies.Sequential(floor)),
        };

        if (options.Concurrency > 1)
        {
            var count = options.Rounds * questions.Count;
            var (wall, times) = await Batch.RunAsync(options.Concurrency, count,
                async i => (await AskOverHttpAsync(client, questions[i % questions.Count].Question, cancellationToken)).Milliseconds);
            rows.Add(($"HTTP, {options.Concurrency} at a time", new Latencies(times, count / (wall / 1000))));
            var batch = (await site.RequestAsync($"batch {options.Concurrency} {count}", "BATCH ", cancellationToken)).Split(' ');
            var inProcessTimes = batch[1].Split(';').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToList();
            rows.Add(($"in process, {options.Concurrency} at a time", new Latencies(inProcessTimes, count / (double.Parse(batch[0], CultureInfo.InvariantCulture) / 1000))));
        }

        Console.WriteLine();
        Console.WriteLine("| path | requests | p50 ms | p95 ms | p99 ms | max ms | mean ms | requests/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (path, figures) in rows)
        {
            Console.WriteLine(figures.Row(path));
        }

        var overHttpFigures = rows[0].Figures;
        var inProcessFigures = rows[1].Figures;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nHTTP minus in process: p50 {overHttpFigures.Percentile(0.50) - inProcessFigures.Percentile(0.50):+0.0;-0.0} ms, p95 {overHttpFigures.Percentile(0.95) - inProcessFigures.Percentile(0.95):+0.0;-0.0} ms, mean {overHttpFigures.Mean - inProcessFigures.Mean:+0.0;-0.0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ask p95 over HTTP: {overHttpFigures.Percentile(0.95):0.0} ms (goal <= 150 ms: {(overHttpFigures.Percentile(0.95) <= 150 ? "met" : "NOT met")})"));
        Console.WriteLine($"Answers: the same text over HTTP as in process for {same} of {http.Count}; declined {declined} of {http.Count}");
        Console.WriteLine($"Load average at the end: {LoadAverage()}");
    }

    private static async Task<AskedOverHttp> AskOverHttpAsync(HttpClient client, string question, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.PostAsJsonAsync("/api/assistant/ask", new { question }, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/assistant/ask answered {(int)response.StatusCode}: {body}");
        }

        return new AskedOverHttp(milliseconds, body.GetProperty("declined").GetBoolean(), AskHttpOptions.AnswerKey(body.GetProperty("answer").GetString()!));
    }

    /// <summary>The cheapest signed-in request: what HTTP and the token sign-in cost on their own.</summary>
    private static async Task<double> FloorAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync("/api/me", cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private sealed record AskedOverHttp(double Milliseconds, bool Declined, string AnswerKey);

    /// <summary>Latencies of one path; requests/s is the one given, or for calls made one at a time, one over the mean.</summary>
    private sealed class Latencies(IReadOnlyList<double> milliseconds, double requestsPerSecond)
    {
        private readonly List<double> _sorted = milliseconds.Order().ToList();

        public static Latencies Sequential(IReadOnlyList<double> milliseconds) => new(milliseconds, 1000 / milliseconds.Average());

        public double Mean => _sorted.Average();

        public double Percentile(double share) => _sorted[Math.Clamp((int)Math.Ceiling(share * _sorted.Count) - 1, 0, _sorted.Count - 1)];

        public string Row(string path) => string.Create(CultureInfo.InvariantCulture,
            $"| {path} | {_sorted.Count} | {Percentile(0.50):0.0} | {Percentile(0.95):0.0} | {Percentile(0.99):0.0} | {_sorted[^1]:0.0} | {Mean:0.0} | {requestsPerSecond:0.0} |");
    }
}

/// <summary>A number of calls made so many at a time: each call's milliseconds and the wall-clock milliseconds of all.</summary>
internal static class Batch
{
    public static async Task<(double WallMilliseconds, List<double> Milliseconds)> RunAsync(int concurrency, int count, Func<int, Task<double>> call)
    {
        var times = new double[count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        // Each caller on a thread of its own, as requests are: an in-process ask that never waits on I/O (SQLite
        // answers synchronously) would otherwise run every call in the first caller before the others start.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                times[i] = await call(i);
            }
        })));
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, times.ToList());
    }
}
