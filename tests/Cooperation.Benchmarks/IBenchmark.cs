namespace Cooperation.Benchmarks;

public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(string[] args, CancellationToken cancellationToken);
}
