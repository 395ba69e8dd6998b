using System.ComponentModel.DataAnnotations;

namespace Cooperation.Web.Collaboration;

/// <summary>The "Collaboration" section: limits for chat and comments, and how presence is kept.</summary>
public sealed class CollaborationOptions
{
    public const string Section = "Collaboration";

    /// <summary>Largest chat message or comment, in UTF-8 bytes.</summary>
    [Range(256, 32_768)]
    public int MaxMessageBytes { get; set; } = 8_192;

    /// <summary>How many hub calls one connection may make in a burst before it is slowed down.</summary>
    [Range(1, 100_000)]
    public int RateLimitBurst { get; set; } = 20;

    /// <summary>How many hub calls per second one connection may keep making after the burst.</summary>
    [Range(0.1, 100_000)]
    public double RateLimitPerSecond { get; set; } = 5;

    /// <summary>How often an instance confirms that its connections are still there.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PresenceHeartbeat { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections of an instance that has not confirmed them for this long (it crashed) are forgotten.</summary>
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan PresenceExpiry { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How often an instance rechecks every connection it holds against the database: the safety net behind the
    /// immediate notices (a token that ran out, a change made where no notice could reach this instance).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AccessRecheck { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>The "SignalR" section: how instances share hub messages when the site runs on several nodes.</summary>
public sealed class SignalROptions
{
    public const string Section = "SignalR";

    /// <summary>A StackExchange.Redis connection string ("127.0.0.1:6379"); turns on the Redis backplane.</summary>
    public string? Redis { get; set; }

    /// <summary>
    /// An Azure SignalR Service connection string ("Endpoint=https://...;AccessKey=...;Version=1.0;"); clients then
    /// connect to the service, which carries messages between instances. Use this or <see cref="Redis"/>, not both.
    /// </summary>
    public string? Azure { get; set; }

    /// <summary>Channel prefix on Redis, so that several sites can share one Redis.</summary>
    [RegularExpression("^[A-Za-z0-9:._-]{1,64}$")]
    public string RedisChannelPrefix { get; set; } = "cooperation";
}
