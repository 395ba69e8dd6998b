namespace Cooperation.Web.Programmes;

/// <summary>What a reminder tells one person. Times are instants; the channel shows them in <see cref="RecipientTimeZone"/>.</summary>
public sealed record ReminderMessage(
    Guid ReminderId,
    string UserId,
    Guid WorkspaceId,
    Guid ProgrammeId,
    Guid SessionId,
    string Title,
    DateTime StartUtc,
    DateTime EndUtc,
    string HostTimeZone,
    string RecipientTimeZone,
    TimeSpan LeadTime,
    string? Location,
    string? OnlineLink,
    string Link);

/// <summary>
/// A way of reaching people (the live hub, Teams...). Register implementations with
/// <c>services.TryAddEnumerable(ServiceDescriptor.Singleton&lt;IReminderChannel, MyChannel&gt;())</c>; each gets its own
/// delivery rows, so a failure in one never repeats a reminder in another.
/// </summary>
public interface IReminderChannel
{
    /// <summary>Short and stable: it is part of the delivery key in the database (at most 32 characters).</summary>
    string Name { get; }

    /// <summary>False when the channel cannot reach this person (for example no linked Teams account): nothing is sent, nothing retried.</summary>
    Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Throw to have the reminder tried again at the next round.</summary>
    Task SendAsync(ReminderMessage message, CancellationToken cancellationToken);
}
