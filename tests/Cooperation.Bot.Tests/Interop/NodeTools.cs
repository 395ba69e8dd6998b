using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Cooperation.Bot.Tests.Interop;

/// <summary>
/// The npm packages the interop tests run against (infra/test-tools/bot-interop). COOPERATION_TEST_NODE_TOOLS
/// names the folder holding bot-interop/node_modules (as infra/scripts/test.sh sets it) or that node_modules
/// folder itself; without it the repository's .tools/node/bot-interop/node_modules is used.
/// </summary>
public static class NodeTools
{
    public const string EnvironmentVariable = "COOPERATION_TEST_NODE_TOOLS";

    public static string ModulesFolder()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            candidates.Add(Path.Combine(configured, "bot-interop", "node_modules"));
            candidates.Add(Path.Combine(configured, "node_modules"));
            candidates.Add(configured);
        }
        else
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                candidates.Add(Path.Combine(folder.FullName, ".tools", "node", "bot-interop", "node_modules"));
            }
        }

        return candidates.FirstOrDefault(candidate => Directory.Exists(Path.Combine(candidate, "botbuilder")))
            ?? throw new InvalidOperationException(
                $"The bot interop packages are not installed. Run infra/test-tools/bot-interop/install.sh and set {EnvironmentVariable} to the node_modules folder it prints.");
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A node process started for a test, its output kept, and ended (with its children) when the test is done.</summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];

    private NodeProcess(Process process) => _process = process;

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

    public static NodeProcess Start(string script, IEnumerable<string> arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing may open a browser or phone home from a test run.
        start.Environment["BROWSER"] = "none";
        start.Environment["CI"] = "true";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var node = new NodeProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        node._process.OutputDataReceived += (_, line) => node.Append(line.Data);
        node._process.ErrorDataReceived += (_, line) => node.Append(line.Data);
        node._process.Start();
        node._process.BeginOutputReadLine();
        node._process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Waits until the process prints a line containing the marker; fails with its output if it exits first.</summary>
    public Task<string> WaitForOutputAsync(string marker, CancellationToken cancellationToken) =>
        WaitForLineAsync(line => line.Contains(marker, StringComparison.Ordinal), cancellationToken);

    /// <summary>The first line printed (before or after the call) that matches; fails with the output if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            if (_lines.FirstOrDefault(match) is { } printed)
            {
                return printed;
            }

            _waiters.Add((match, seen));
        }

        var exited = _process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(seen.Task, exited);
        if (first == exited)
        {
            await exited;
            throw new InvalidOperationException($"node exited with {_process.ExitCode} before printing the expected line:\n{Output}");
        }

        return await seen.Task;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(waiter => waiter.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult(line);
                _waiters.Remove(waiter);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
