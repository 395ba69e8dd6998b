using System.Globalization;

namespace Cooperation.Benchmarks.HubFanOut;

/// <summary>This program started again with --serve, printing "READY url [workspaceId token]" and answering "mem".</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private ServerProcess(ChildProcess child)
    {
        _child = child;
        var ready = child.Ready;
        Url = new Uri(ready[0]);
        if (ready[1] != "bare")
        {
            WorkspaceId = Guid.Parse(ready[1]);
            Token = ready[2];
        }
    }

    public Uri Url { get; }
    public Guid? WorkspaceId { get; }
    public string? Token { get; }

    public static async Task<ServerProcess> StartAsync(string kind, string? postgres, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "hubfanout", "--serve", kind };
        if (postgres is not null)
        {
            arguments.AddRange(["--postgres", postgres]);
        }

        return new ServerProcess(await ChildProcess.StartAsync(arguments, null, cancellationToken));
    }

    public async Task<(long Managed, long WorkingSet)> MemoryAsync(CancellationToken cancellationToken)
    {
        var parts = (await _child.RequestAsync("mem", "MEM ", cancellationToken)).Split(' ');
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
