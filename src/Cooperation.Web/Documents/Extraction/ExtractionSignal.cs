namespace Cooperation.Web.Documents.Extraction;

/// <summary>Wakes this process's extraction worker as soon as work is added here, rather than at its next poll.</summary>
public sealed class ExtractionSignal
{
    private readonly SemaphoreSlim _work = new(0, 1);

    public void Notify()
    {
        try
        {
            _work.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up is enough.
        }
    }

    /// <summary>Returns when notified or after <paramref name="timeout"/>, whichever is first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _work.WaitAsync(timeout, cancellationToken);
}
