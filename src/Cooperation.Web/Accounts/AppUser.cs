using Microsoft.AspNetCore.Identity;

namespace Cooperation.Web.Accounts;

public sealed class AppUser : IdentityUser
{
    public const int DisplayNameMaxLength = 120;

    public string DisplayName { get; set; } = "";
    public Guid? OfficeId { get; set; }
    public Offices.Office? Office { get; set; }

    /// <summary>Runs the installation: manages offices and acts as coordinator in every workspace.</summary>
    public bool IsAdministrator { get; set; }

    /// <summary>IANA zone the person sees times in; falls back to the office's zone.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The site's language for this person (en, zh-Hans), applied when they sign in; null: the browser's.</summary>
    public string? Language { get; set; }

    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
}

/// <summary>A personal access token for API clients. Only a hash of the secret is stored.</summary>
public sealed class AccessToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserId { get; init; }
    public required string Name { get; init; }
    public required string SecretHash { get; init; }
    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public AppUser? User { get; init; }

    public bool IsActive(DateTime now) => RevokedAt is null && ExpiresAt > now;
}
