using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Operations;

/// <summary>
/// What goes into the container image is the publish output; Docker cannot run here, so the site is published and
/// started from that output the way the image starts it (dotnet Cooperation.Web.dll, empty data folder).
/// </summary>
public sealed partial class PublishedSiteTests
{
    [Fact]
    public async Task ThePublishedSiteStartsOnAnEmptyDataFolderAndIsReady()
    {
        var ct = TestContext.Current.CancellationToken;
        var publish = Directory.CreateTempSubdirectory("cooperation-publish-").FullName;
        var data = Directory.CreateTempSubdirectory("cooperation-published-data-").FullName;
        try
        {
            var published = await PublishAsync(publish, ct);
            Assert.True(published.ExitCode == 0, published.Describe());
            Assert.True(File.Exists(Path.Combine(publish, "Cooperation.Web.dll")), "The publish output has no Cooperation.Web.dll.");

            var port = FreePort();
            await using var site = await PublishedSite.StartAsync(publish, data, port, ct);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await site.WaitUntilReadyAsync(client, ct);

            Assert.Equal(HttpStatusCode.OK, ready);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", ct)).StatusCode);
            Assert.True(File.Exists(Path.Combine(data, "cooperation.db")), "The site did not create its database in the empty data folder.");
            var styles = await client.GetAsync("/css/site.css", ct);
            Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
            var signIn = await client.GetAsync("/account/signin", ct);
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

            // The image's HEALTHCHECK runs this very command; here it is pointed at the published site's port.
            var healthCheck = DockerHealthCheck().Select(a => a.Replace("8080", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToArray();
            var probe = await ExternalProcess.RunAsync(healthCheck[0], healthCheck.Skip(1), ct);
            Assert.True(probe.ExitCode == 0, "The Dockerfile's health check failed against the running site: " + probe.Describe());
        }
        finally
        {
            TryDelete(publish);
            TryDelete(data);
        }
    }

    /// <summary>Publishes from the build the tests run on (same configuration), so the test does not rebuild the solution.</summary>
    private static Task<ProcessResult> PublishAsync(string output, CancellationToken ct)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var project = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Cooperation.Web", "Cooperation.Web.csproj");
        return ExternalProcess.RunAsync("dotnet", ["publish", project, "-c", configuration, "--no-build", "-o", output, "-nologo"], ct, TestEnvironment.RepositoryRoot);
    }

    private static string[] DockerHealthCheck()
    {
        var dockerfile = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "infra", "Dockerfile"));
        var command = HealthCheckCommand().Match(dockerfile);
        Assert.True(command.Success, "infra/Dockerfile has no HEALTHCHECK ... CMD [...] line.");
        return JsonSerializer.Deserialize<string[]>(command.Groups["json"].Value)!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up with the rest of the temp folder.
        }
    }

    [GeneratedRegex(@"HEALTHCHECK[^\n]*(?:\\\n[^\n]*)*?CMD (?<json>\[[^\n]*\])")]
    private static partial Regex HealthCheckCommand();

    /// <summary>The site running as its own process from the publish output, stopped and awaited on dispose.</summary>
    private sealed class PublishedSite : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private PublishedSite(Process process)
        {
            _process = process;
        }

        public static Task<PublishedSite> StartAsync(string publish, string data, int port, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = publish,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(publish, "Cooperation.Web.dll"));
            start.Environment["Urls"] = $"http://127.0.0.1:{port}";
            start.Environment["Cooperation__DataPath"] = data;
            start.Environment["Cooperation__Admin__Email"] = "admin@published.example";
            start.Environment["Cooperation__Admin__Password"] = "published-admin-password-1";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            // Nothing from the test run's own environment may point the site elsewhere.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Database__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(key);
            }

            var site = new PublishedSite(new Process { StartInfo = start });
            site._process.OutputDataReceived += (_, e) => site.Append(e.Data);
            site._process.ErrorDataReceived += (_, e) => site.Append(e.Data);
            site._process.Start();
            site._process.BeginOutputReadLine();
            site._process.BeginErrorReadLine();
            return Task.FromResult(site);
        }

        /// <summary>Asks /readyz until it answers 200; fails with the site's output if the process exits first.</summary>
        public async Task<HttpStatusCode> WaitUntilReadyAsync(HttpClient client, CancellationToken ct)
        {
            // A ceiling so a hung start fails the test instead of the whole run; not a speed requirement.
            using var ceiling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            ceiling.CancelAfter(TimeSpan.FromMinutes(3));
            while (true)
            {
                Assert.False(_process.HasExited, $"The published site exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
                try
                {
                    var response = await client.GetAsync("/readyz", ceiling.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return response.StatusCode;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    Assert.Fail($"The published site did not become ready within three minutes:\n{Output}");
                }

                await Task.Delay(200, ceiling.Token);
            }
        }

        private string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(CancellationToken.None);
            _process.Dispose();
        }
    }
}
