using System.Security.Cryptography;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Accounts;

public sealed record AdministratorResult(string Email, bool Created, string? GeneratedPassword);

/// <summary>Creates the first administrator, from configuration or with a generated password.</summary>
public sealed class AdministratorBootstrap(UserManager<AppUser> users)
{
    public const string DefaultEmail = "admin@cooperation.local";

    public Task<bool> AnyAdministratorAsync(CancellationToken cancellationToken) =>
        users.Users.AnyAsync(u => u.IsAdministrator, cancellationToken);

    /// <summary>
    /// Makes sure an administrator with this email exists. An existing account is promoted and keeps its password
    /// unless one is given. With no password a strong one is generated and returned, to be shown once.
    /// </summary>
    public async Task<AdministratorResult> EnsureAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        email = string.IsNullOrWhiteSpace(email) ? DefaultEmail : email.Trim();
        var user = await users.FindByEmailAsync(email);
        string? generated = null;
        if (user is null)
        {
            generated = password is null ? GeneratePassword() : null;
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator", IsAdministrator = true };
            Check(await users.CreateAsync(user, password ?? generated!));
            return new AdministratorResult(email, true, generated);
        }

        cancellationToken.ThrowIfCancellationRequested();
        user.IsAdministrator = true;
        Check(await users.UpdateAsync(user));
        if (password is not null)
        {
            var resetToken = await users.GeneratePasswordResetTokenAsync(user);
            Check(await users.ResetPasswordAsync(user, resetToken, password));
        }

        return new AdministratorResult(email, false, null);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw ProblemException.Invalid("password", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    // Letters and digits only, so it survives copy and paste from any terminal.
    /// <summary>
    /// Twenty characters without look-alikes (no l, 1, I, O, 0). Drawn again until it has a digit, a lower-case and an
    /// upper-case letter, as the password rules require: about one draw in twenty has no digit, and a first start
    /// must never fail on its own generated password.
    /// </summary>
    internal static string GeneratePassword()
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 20);
            if (password.Any(char.IsAsciiDigit) && password.Any(char.IsAsciiLetterLower) && password.Any(char.IsAsciiLetterUpper))
            {
                return password;
            }
        }
    }
}
