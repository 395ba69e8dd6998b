namespace Cooperation.Web.Infrastructure;

/// <summary>
/// Wakes one background loop of this process as soon as something happens, rather than at its next poll. Notices
/// given before the loop looks count as one.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _notice = new(0, 1);

    public void Notify()
    {
        try
        {
            _notice.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up is enough.
        }
    }

    /// <summary>True when notified (before or within <paramref name="timeout"/>, which may be zero to only look), false after it.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _notice.WaitAsync(timeout, cancellationToken);
}
