using System.Diagnostics;

namespace Cooperation.Benchmarks;

/// <summary>
/// This program started again with other arguments (a benchmark's server side), so that what the server holds and
/// does is measured apart from the clients. The child prints "READY ..." when it is ready, answers one line on stdout
/// for each command line sent to its stdin, and ends when its stdin closes.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string[] ready)
    {
        _process = process;
        Ready = ready;
    }

    /// <summary>The words after "READY".</summary>
    public string[] Ready { get; }

    public static async Task<ChildProcess> StartAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                return new ChildProcess(process, line.Split(' ')[1..]);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        throw new InvalidOperationException($"The server process ended before it was ready (exit code {process.ExitCode}).");
    }

    /// <summary>Sends one command and returns the rest of the first line that starts with <paramref name="replyPrefix"/>.</summary>
    public async Task<string> RequestAsync(string command, string replyPrefix, CancellationToken cancellationToken)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync(cancellationToken);
        while (await _process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(replyPrefix, StringComparison.Ordinal))
            {
                return line[replyPrefix.Length..];
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
