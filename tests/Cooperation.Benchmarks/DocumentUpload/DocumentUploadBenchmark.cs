using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Cooperation.Benchmarks.DocumentUpload;

/// <summary>
/// Uploads one large file through POST /api/workspaces/{id}/documents to the site running as its own process,
/// once per storage provider, and measures throughput and the server's working set; beside it, in the same
/// run, a plain copy of the same bytes to the same store (a file in the same folder, a blob in the same
/// Azurite). Usage: upload [--size-mb 1024] [--azurite "connection string"] (or COOPERATION_TEST_AZURITE).
/// </summary>
public sealed partial class DocumentUploadBenchmark : IBenchmark
{
    private const string AdminEmail = "bench@cooperation.local";
    private const string AdminPassword = "bench-password-1";

    public string Name => "upload";

    public string Description => "1 GB document upload through the API on each storage provider, beside a plain copy to the same store";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sizeMb = Option(args, "--size-mb") is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : 1024;
        var azurite = Option(args, "--azurite") ?? Environment.GetEnvironmentVariable("COOPERATION_TEST_AZURITE");
        var bytes = sizeMb * 1024 * 1024;
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; file {sizeMb} MB");

        var bare = await BareTransferAsync(bytes, cancellationToken);
        Console.WriteLine(FormattableString.Invariant($"HTTP transfer alone (bare endpoint, body discarded): {bare:0.0} MB/s"));
        var results = new List<Result> { await RunProviderAsync("FileSystem", null, bytes, cancellationToken) };
        if (azurite is null)
        {
            Console.WriteLine("AzureBlob: skipped (give --azurite or COOPERATION_TEST_AZURITE)");
        }
        else
        {
            results.Add(await RunProviderAsync("AzureBlob", azurite, bytes, cancellationToken));
        }

        Console.WriteLine();
        Console.WriteLine("| provider | API upload MB/s | plain copy MB/s | ratio | bare HTTP MB/s | API / bare HTTP | server working set before | peak during upload | growth | hash verified |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"| {r.Provider} | {r.ApiMbPerSecond:0.0} | {r.CopyMbPerSecond:0.0} | {r.ApiMbPerSecond / r.CopyMbPerSecond:0.00} | {bare:0.0} | {r.ApiMbPerSecond / bare:0.00} | {r.BaselineMb:0} MB | {r.PeakMb:0} MB | {r.PeakMb - r.BaselineMb:0} MB | {r.HashVerified} |"));
        }
    }

    /// <summary>The same multipart body posted to an endpoint that only reads it: the transport's share of the cost.</summary>
    private static async Task<double> BareTransferAsync(long bytes, CancellationToken cancellationToken)
    {
        await using var server = await BareUploadServer.StartAsync(cancellationToken);
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        async Task PostAsync(long length)
        {
            var file = new StreamContent(new GeneratedText(length));
            file.Headers.ContentLength = length;
            using var form = new MultipartFormDataContent { { file, "file", $"bench-{length}.txt" } };
            using var response = await client.PostAsync("/drain", form, cancellationToken);
            response.EnsureSuccessStatusCode();
        }

        await PostAsync(4 * 1024 * 1024);
        var timer = Stopwatch.StartNew();
        await PostAsync(bytes);
        return bytes / 1e6 / timer.Elapsed.TotalSeconds;
    }

    private static async Task<Result> RunProviderAsync(string provider, string? azurite, long bytes, CancellationToken cancellationToken)
    {
        var dataPath = Directory.CreateTempSubdirectory("cooperation-bench-").FullName;
        var container = $"bench-{Guid.NewGuid():N}";
        var settings = new Dictionary<string, string>
        {
            ["DocumentStorage__Provider"] = provider,
            ["DocumentStorage__MaxUploadBytes"] = (bytes + (1024 * 1024)).ToString(CultureInfo.InvariantCulture),
            // Text extraction of the uploaded file would compete for the same two cores; the upload is what is measured.
            ["DocumentExtraction__Enabled"] = "false",
        };
        if (azurite is not null)
        {
            settings["DocumentStorage__ConnectionString"] = azurite;
            settings["DocumentStorage__Container"] = container;
        }

        try
        {
            using var site = await Site.StartAsync(dataPath, settings, cancellationToken);
            using var client = await site.ClientAsync(cancellationToken);
            var workspace = await CreateWorkspaceAsync(client, cancellationToken);

            // Warm up (JIT, connection pools, the store's folder or container), then take the baseline.
            await UploadAsync(client, workspace, 4 * 1024 * 1024, cancellationToken);
            await Task.Delay(1000, cancellationToken);
            var baseline = site.WorkingSet();

            using var sampler = new CancellationTokenSource();
            long peak = baseline;
            var sampling = Task.Run(async () =>
            {
                while (!sampler.IsCancellationRequested)
                {
                    peak = Math.Max(peak, site.WorkingSet());
                    await Task.Delay(50, CancellationToken.None);
                }
            }, CancellationToken.None);
            var timer = Stopwatch.StartNew();
            var (sha256, expected) = await UploadAsync(client, workspace, bytes, cancellationToken);
            var apiSeconds = timer.Elapsed.TotalSeconds;
            await sampler.CancelAsync();
            await sampling;
            peak = Math.Max(peak, site.WorkingSet());
            Console.WriteLine(FormattableString.Invariant($"{provider}: API upload {bytes / 1e6 / apiSeconds:0.0} MB/s ({apiSeconds:0.0} s), working set {baseline / 1e6:0} MB -> peak {peak / 1e6:0} MB"));

            timer.Restart();
            await PlainCopyAsync(provider, azurite, container, dataPath, bytes, cancellationToken);
            var copySeconds = timer.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant($"{provider}: plain copy {bytes / 1e6 / copySeconds:0.0} MB/s ({copySeconds:0.0} s)"));

            return new Result(provider, bytes / 1e6 / apiSeconds, bytes / 1e6 / copySeconds, baseline / 1e6, peak / 1e6, sha256 == expected);
        }
        finally
        {
            if (azurite is not null)
            {
                await new BlobServiceClient(azurite).GetBlobContainerClient(container).DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }

            Directory.Delete(dataPath, recursive: true);
        }
    }

    /// <summary>The same bytes written the plainest way to the same store: a file in the documents folder, or one blob upload.</summary>
    private static async Task PlainCopyAsync(string provider, string? azurite, string container, string dataPath, long bytes, CancellationToken cancellationToken)
    {
        var source = new GeneratedText(bytes);
        if (provider == "FileSystem")
        {
            var path = Path.Combine(dataPath, "documents", "plain-copy.bin");
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 18, FileOptions.Asynchronous))
            {
                await source.CopyToAsync(file, 1 << 18, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Delete(path);
            return;
        }

        var blobs = new BlobServiceClient(azurite).GetBlobContainerClient(container);
        await blobs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await blobs.GetBlobClient("plain-copy").UploadAsync(source, new BlobUploadOptions
        {
            TransferOptions = new StorageTransferOptions { InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024, MaximumConcurrency = 2 },
        }, cancellationToken);
    }

    private static async Task<(string Sha256, string Expected)> UploadAsync(HttpClient client, Guid workspace, long bytes, CancellationToken cancellationToken)
    {
        // The expected hash is taken in a pass of its own before the upload: hashing inside the client while it
        // sends would take one of the machine's two cores from the server being measured.
        var expected = GeneratedText.Sha256Of(bytes);
        var body = new GeneratedText(bytes);
        var file = new StreamContent(body);
        file.Headers.ContentLength = bytes;
        using var form = new MultipartFormDataContent { { file, "file", $"bench-{bytes}.txt" } };
        using var response = await client.PostAsync($"/api/workspaces/{workspace}/documents", form, cancellationToken);
        var json = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Upload failed: {(int)response.StatusCode} {json}");
        }

        var sha = JsonDocument.Parse(json).RootElement.GetProperty("version").GetProperty("sha256").GetString()!;
        return (sha, expected);
    }

    private static async Task<Guid> CreateWorkspaceAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync("/api/workspaces", new { name = $"Benchmark {Guid.NewGuid():N}" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed record Result(string Provider, double ApiMbPerSecond, double CopyMbPerSecond, double BaselineMb, double PeakMb, bool HashVerified);

    /// <summary>Lines of text made on the fly (recognised as plain text), the same bytes for the same length.</summary>
    private sealed class GeneratedText(long length) : Stream
    {
        private static readonly byte[] Block = MakeBlock();
        private long _position;

        public static string Sha256Of(long length)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using var text = new GeneratedText(length);
            var buffer = new byte[1 << 18];
            for (var n = text.Read(buffer); n > 0; n = text.Read(buffer))
            {
                hash.AppendData(buffer.AsSpan(0, n));
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var total = 0;
            while (total < buffer.Length && _position < length)
            {
                var start = (int)(_position % Block.Length);
                var n = (int)Math.Min(Math.Min(buffer.Length - total, Block.Length - start), length - _position);
                Block.AsSpan(start, n).CopyTo(buffer[total..]);
                total += n;
                _position += n;
            }

            return total;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private static byte[] MakeBlock()
        {
            var text = new StringBuilder();
            for (var i = 0; text.Length < 1 << 20; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"Rule {i}.1 The applicant shall pay the fee within {i % 31} months of the priority date.\n");
            }

            return Encoding.ASCII.GetBytes(text.ToString());
        }

    }

    /// <summary>The site as its own process (dotnet Cooperation.Web.dll), so its memory is its own.</summary>
    private sealed partial class Site(Process process, Uri baseAddress) : IDisposable
    {
        public static async Task<Site> StartAsync(string dataPath, IDictionary<string, string> settings, CancellationToken cancellationToken)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Cooperation.Web.dll")])
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["Urls"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Cooperation__DataPath"] = dataPath;
            start.Environment["Cooperation__Admin__Email"] = AdminEmail;
            start.Environment["Cooperation__Admin__Password"] = AdminPassword;
            start.Environment["Cooperation__Seed__Demo"] = "false";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  site: {e.Data}"); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var site = new Site(process, new Uri($"http://127.0.0.1:{port}"));
            using var probe = new HttpClient { BaseAddress = site.BaseAddress };
            for (var i = 0; i < 600; i++)
            {
                try
                {
                    if ((await probe.GetAsync("/healthz", cancellationToken)).IsSuccessStatusCode)
                    {
                        return site;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100, cancellationToken);
            }

            site.Dispose();
            throw new TimeoutException("The site did not start.");
        }

        public Uri BaseAddress => baseAddress;

        public long WorkingSet()
        {
            process.Refresh();
            return process.WorkingSet64;
        }

        public async Task<HttpClient> ClientAsync(CancellationToken cancellationToken)
        {
            var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var browser = new HttpClient(handler) { BaseAddress = baseAddress };
            var page = await browser.GetStringAsync("/account/sign-in", cancellationToken);
            var token = AntiforgeryToken().Match(page).Groups[1].Value;
            using var signIn = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = AdminEmail, ["Password"] = AdminPassword, ["__RequestVerificationToken"] = token,
            }), cancellationToken);
            using var created = await browser.PostAsJsonAsync("/api/tokens", new { name = "benchmark", days = 1 }, cancellationToken);
            created.EnsureSuccessStatusCode();
            var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString();
            var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(30) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            return client;
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex AntiforgeryToken();
    }
}
