using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Cooperation.Web.Programmes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Accounts;

/// <param name="TimeZone">IANA zone; empty for the office's zone (else the browser's).</param>
/// <param name="Language">en or zh-Hans; empty for the browser's.</param>
public sealed record ProfileInput(string? DisplayName, Guid? OfficeId, string? TimeZone, string? Language);

public sealed record PasswordChangeInput(string? CurrentPassword, string? NewPassword);

/// <param name="RevokeTokens">Also revoke every personal access token (but the one making the request).</param>
public sealed record SignOutOthersInput(bool RevokeTokens = false);

public sealed record SignedOutOthers(int TokensRevoked);

/// <summary>
/// A person's own account: profile, password, and ending their other sessions. Shared by the API, the Profile page
/// and the CLI. Every refusal is checked before anything is written, so bad input changes nothing.
/// </summary>
/// <remarks>
/// Ending sessions works through Identity's security stamp: a new stamp invalidates every sign-in cookie (checked on
/// each request, see AccountsExtensions) and closes hub connections opened with one (AccessReview). Personal access
/// tokens are deliberately kept unless asked for: they are the person's scripts, made and revoked on their own page,
/// and a password change should not silently stop a nightly import.
/// </remarks>
public sealed class AccountService(
    UserManager<AppUser> users,
    CooperationDb db,
    IOptions<IdentityOptions> identity,
    TimeProvider clock)
{
    public async Task<MeDto> GetAsync(string userId, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new MeDto(u.Id, u.Email!, u.DisplayName, u.IsAdministrator, u.OfficeId, u.Office != null ? u.Office.Name : null, u.TimeZone, u.Language))
            .FirstOrDefaultAsync(cancellationToken)
        ?? throw ProblemException.NotFound("Account");

    public async Task<MeDto> UpdateProfileAsync(string userId, ProfileInput input, CancellationToken cancellationToken)
    {
        var displayName = input.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > AppUser.DisplayNameMaxLength)
        {
            throw ProblemException.Invalid("displayName", new LocalizedText("Your name has 1 to {0} characters.", AppUser.DisplayNameMaxLength));
        }

        if (input.OfficeId is { } officeId && !await db.Offices.AnyAsync(o => o.Id == officeId, cancellationToken))
        {
            throw ProblemException.Invalid("officeId", new LocalizedText("There is no such office. Choose one from the list, or none."));
        }

        var zone = string.IsNullOrWhiteSpace(input.TimeZone) ? null : input.TimeZone.Trim();
        if (zone is not null && ZoneTimes.Find(zone) is null)
        {
            throw ProblemException.Invalid("timeZone", new LocalizedText("'{0}' is not an IANA time zone (for example Asia/Shanghai, Africa/Cairo, America/Santiago).", zone));
        }

        var language = string.IsNullOrWhiteSpace(input.Language) ? null
            : LocalizationExtensions.SupportedCultures.FirstOrDefault(c => c.Name.Equals(input.Language.Trim(), StringComparison.OrdinalIgnoreCase))?.Name
              ?? throw ProblemException.Invalid("language", new LocalizedText("'{0}' is not a language of the site; choose en or zh-Hans.", input.Language.Trim()));

        var user = await FindAsync(userId);
        user.DisplayName = displayName;
        user.OfficeId = input.OfficeId;
        // The zone database's own spelling, so that pages compare it with what they list.
        user.TimeZone = zone is null ? null : ZoneTimes.Find(zone)!.Id;
        user.Language = language;
        Check(await users.UpdateAsync(user), "displayName");
        return await GetAsync(userId, cancellationToken);
    }

    /// <summary>Changes the person's own password; the current one must be given. Other sign-in cookies end.</summary>
    public async Task ChangePasswordAsync(string userId, PasswordChangeInput input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(input.CurrentPassword))
        {
            throw ProblemException.Invalid("currentPassword", new LocalizedText("Enter your current password."));
        }

        var user = await FindAsync(userId);
        if (!await users.CheckPasswordAsync(user, input.CurrentPassword))
        {
            throw ProblemException.Invalid("currentPassword", new LocalizedText("The current password is not right. Nothing was changed."));
        }

        await ValidateNewAsync(user, input.NewPassword, input.CurrentPassword);
        cancellationToken.ThrowIfCancellationRequested();
        // Identity renews the security stamp with the password, which ends the other sessions.
        Check(await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword!), "newPassword");
    }

    /// <summary>
    /// An administrator's reset (the CLI): no current password, otherwise the same rules and effect. With no password
    /// a strong one is generated and returned, to be shown once.
    /// </summary>
    public async Task<string?> SetPasswordAsync(string userId, string? newPassword, CancellationToken cancellationToken)
    {
        var user = await FindAsync(userId);
        var generated = newPassword is null ? AdministratorBootstrap.GeneratePassword() : null;
        await ValidateNewAsync(user, newPassword ?? generated, currentPassword: null);
        cancellationToken.ThrowIfCancellationRequested();
        var reset = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, reset, newPassword ?? generated!), "newPassword");
        return generated;
    }

    /// <summary>Ends every other sign-in of the person; with <paramref name="input"/>.RevokeTokens, their tokens too.</summary>
    /// <param name="keepTokenId">The token making the request, which stays usable.</param>
    public async Task<SignedOutOthers> SignOutOthersAsync(string userId, SignOutOthersInput input, Guid? keepTokenId, CancellationToken cancellationToken)
    {
        var user = await FindAsync(userId);
        var revoked = 0;
        if (input.RevokeTokens)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var active = await db.AccessTokens
                .Where(t => t.UserId == userId && t.RevokedAt == null && t.ExpiresAt > now && t.Id != keepTokenId)
                .ToListAsync(cancellationToken);
            foreach (var token in active)
            {
                token.RevokedAt = now;
            }

            revoked = active.Count;
            await db.SaveChangesAsync(cancellationToken);
        }

        // UpdateSecurityStampAsync goes through UpdateUserAsync, which tells the access observers: open hub
        // connections of the ended sessions (and of revoked tokens) close now.
        Check(await users.UpdateSecurityStampAsync(user), "account");
        return new SignedOutOthers(revoked);
    }

    private async Task ValidateNewAsync(AppUser user, string? newPassword, string? currentPassword)
    {
        if (string.IsNullOrEmpty(newPassword))
        {
            throw ProblemException.Invalid("newPassword", new LocalizedText("Enter a new password."));
        }

        if (newPassword == currentPassword)
        {
            throw ProblemException.Invalid("newPassword", new LocalizedText("The new password is the same as the current one. Choose another."));
        }

        foreach (var validator in users.PasswordValidators)
        {
            if (!(await validator.ValidateAsync(users, user, newPassword)).Succeeded)
            {
                // One sentence with every rule rather than Identity's one sentence per broken rule, in English only.
                throw ProblemException.Invalid("newPassword", new LocalizedText(
                    "The new password is too weak: it needs at least {0} characters, with a digit and a lower-case letter. Nothing was changed.",
                    identity.Value.Password.RequiredLength));
            }
        }
    }

    private async Task<AppUser> FindAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw ProblemException.NotFound("Account");

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw ProblemException.Invalid(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
