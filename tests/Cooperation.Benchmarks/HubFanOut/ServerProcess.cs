using System.Diagnostics;
using System.Globalization;

namespace Cooperation.Benchmarks.HubFanOut;

/// <summary>This program started again with --serve, printing "READY url [workspaceId token]" and answering "mem".</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri url, Guid? workspaceId, string? token)
    {
        _process = process;
        Url = url;
        WorkspaceId = workspaceId;
        Token = token;
    }

    public Uri Url { get; }
    public Guid? WorkspaceId { get; }
    public string? Token { get; }

    public static async Task<ServerProcess> StartAsync(string kind, string? postgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        foreach (var a in new[] { "hubfanout", "--serve", kind })
        {
            start.ArgumentList.Add(a);
        }

        if (postgres is not null)
        {
            start.ArgumentList.Add("--postgres");
            start.ArgumentList.Add(postgres);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                return parts[2] == "bare"
                    ? new ServerProcess(process, new Uri(parts[1]), null, null)
                    : new ServerProcess(process, new Uri(parts[1]), Guid.Parse(parts[2]), parts[3]);
            }
        }

        throw new InvalidOperationException($"The {kind} server ended before it was ready (exit code {process.ExitCode}).");
    }

    public async Task<(long Managed, long WorkingSet)> MemoryAsync(CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync("mem");
        await _process.StandardInput.FlushAsync(cancellationToken);
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("MEM ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                return (long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException("The server process ended.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
