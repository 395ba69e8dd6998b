using System.Collections.Concurrent;
using System.Net;

namespace Cooperation.Web.Accounts;

/// <summary>
/// Slows password guessing per source address instead of locking the account: a lockout on the account let anyone
/// who knew an email (the administrator's included) keep its owner out, and its message told real emails from
/// unknown ones. After <see cref="FreeFailures"/> failures a source waits, twice as long after each further failure,
/// up to <see cref="MaxWait"/>; the account, its other sign-ins and its API tokens are not affected. Kept in memory:
/// each instance counts its own sources, which bounds guessing per instance rather than exactly.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    internal const int FreeFailures = 5;
    internal static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(15);

    // A source quiet this long starts afresh.
    private static readonly TimeSpan Forget = TimeSpan.FromHours(1);
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _sources = new(StringComparer.Ordinal);

    /// <summary>True while the source must wait before its next attempt is even checked.</summary>
    public bool MustWait(IPAddress? source) =>
        _sources.TryGetValue(Key(source), out var failures) && failures.BlockedUntil > clock.GetUtcNow();

    public void Failed(IPAddress? source)
    {
        var now = clock.GetUtcNow();
        _sources.AddOrUpdate(
            Key(source),
            _ => Next(0, now),
            (_, previous) => Next(now - previous.Last > Forget ? 0 : previous.Count, now));
        if (_sources.Count > PruneAbove)
        {
            foreach (var (key, failures) in _sources)
            {
                if (now - failures.Last > Forget)
                {
                    _sources.TryRemove(key, out _);
                }
            }
        }
    }

    public void Succeeded(IPAddress? source) => _sources.TryRemove(Key(source), out _);

    private static Failures Next(int count, DateTimeOffset now)
    {
        count++;
        if (count < FreeFailures)
        {
            return new(count, now, DateTimeOffset.MinValue);
        }

        var doublings = Math.Min(count - FreeFailures, 10);
        var wait = TimeSpan.FromTicks(Math.Min(FirstWait.Ticks << doublings, MaxWait.Ticks));
        return new(count, now, now + wait);
    }

    // An IPv6 client usually holds a whole /64; counting single addresses would let it rotate freely.
    private static string Key(IPAddress? source)
    {
        if (source is null)
        {
            return "unknown";
        }

        if (source.IsIPv4MappedToIPv6)
        {
            source = source.MapToIPv4();
        }

        if (source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            var bytes = source.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes).ToString();
        }

        return source.ToString();
    }

    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset BlockedUntil);
}
