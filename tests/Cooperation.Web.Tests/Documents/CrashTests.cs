using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using Cooperation.Web.Documents.Sweep;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Documents;

/// <summary>The site as a real process, killed in the middle of an upload, then started again on the same data.</summary>
public sealed class CrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AServerKilledDuringAnUploadLeavesNoPartialVersionAndTheSweepLeavesNoOrphans()
    {
        var dataPath = Directory.CreateTempSubdirectory("cooperation-crash-").FullName;
        var incoming = Path.Combine(dataPath, "documents", ".incoming");
        Guid workspace;
        using (var server = await SiteProcess.StartAsync(dataPath))
        {
            using var client = await server.ClientAsync();
            workspace = await client.CreateWorkspaceAsync("Crash");
            await client.UploadOkAsync(workspace, "before.txt", TestFiles.Text("committed before the crash"));

            var body = new StallingStream(stallAfter: 4 * 1024 * 1024);
            var form = DocumentApi.Form("interrupted.txt", new StreamContent(body));
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/workspaces/{workspace}/documents") { Content = form };
            request.Headers.TransferEncodingChunked = true;
            var upload = client.SendAsync(request, Ct);

            // Kill once the server is writing the file: part of it is on disk, the rest never comes.
            await WaitUntilAsync(() => Directory.Exists(incoming) && Directory.GetFiles(incoming).Any(f => new FileInfo(f).Length > 0));
            server.Kill();
            body.Release();
            await Assert.ThrowsAnyAsync<Exception>(() => upload);
        }

        Assert.NotEmpty(Directory.GetFiles(incoming));

        var settings = new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false", ["DocumentStorage:SweepGracePeriod"] = "00:00:00" };
        await using (var restarted = new CooperationApp(settings: settings, dataPath: dataPath))
        {
            var versions = await restarted.WithDbAsync(db => db.DocumentVersions.Select(v => v.FileName).ToListAsync(Ct));
            Assert.Equal(["before.txt"], versions);

            await using var scope = restarted.Services.CreateAsyncScope();
            var removed = await scope.ServiceProvider.GetRequiredService<OrphanSweeper>().SweepAsync(Ct);
            Assert.True(removed >= 1);

            var referenced = await restarted.WithDbAsync(db => db.DocumentVersions.Select(v => v.StorageKey).ToListAsync(Ct));
            var stored = Directory.GetFiles(Path.Combine(dataPath, "documents"), "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Path.Combine(dataPath, "documents"), f).Replace('\\', '/')).ToList();
            Assert.Equal(referenced.Order(), stored.Order());
            Assert.Empty(Directory.GetFiles(incoming));
        }

        Directory.Delete(dataPath, recursive: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(condition(), "The condition was not met within a minute.");
    }

    /// <summary>A body that sends some bytes and then waits, like a slow client in the middle of a big file.</summary>
    private sealed class StallingStream(long stallAfter) : Stream
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _position;

        public void Release() => _released.TrySetResult();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= stallAfter)
            {
                await _released.Task.WaitAsync(cancellationToken);
                throw new IOException("The upload was abandoned.");
            }

            var n = (int)Math.Min(buffer.Length, stallAfter - _position);
            buffer.Span[..n].Fill((byte)'a');
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>The site started as its own process (dotnet Cooperation.Web.dll) on a data folder, so that it can really be killed.</summary>
public sealed class SiteProcess : IDisposable
{
    private readonly Process _process;

    private SiteProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    private readonly System.Text.StringBuilder _output = new();

    public Uri BaseAddress { get; }

    /// <summary>What the site has printed to its standard output so far (the start-up banners among it).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public int ProcessId => _process.Id;

    public static async Task<SiteProcess> StartAsync(string dataPath, IDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Cooperation.Web.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Cooperation__DataPath"] = dataPath;
        start.Environment["Cooperation__Admin__Email"] = CooperationApp.AdminEmail;
        start.Environment["Cooperation__Admin__Password"] = CooperationApp.AdminPassword;
        start.Environment["Cooperation__Seed__Demo"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the site.");
        var site = new SiteProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) =>
        {
            lock (site._output)
            {
                site._output.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = site.BaseAddress };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The site exited with code {process.ExitCode} while starting.");
            }

            try
            {
                if ((await probe.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return site;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        site.Dispose();
        throw new TimeoutException("The site did not answer /healthz within a minute.");
    }

    /// <summary>An API client signed in as the administrator with a personal access token.</summary>
    public async Task<HttpClient> ClientAsync()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = BaseAddress };
        (await browser.SignInAsync(CooperationApp.AdminEmail, CooperationApp.AdminPassword)).Dispose();
        await browser.UseAntiforgeryHeaderAsync();
        using var created = await browser.PostAsJsonAsync("/api/tokens", new { name = "test", days = 1 });
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public long PeakWorkingSet()
    {
        _process.Refresh();
        return _process.PeakWorkingSet64;
    }

    public long WorkingSet()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
