using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Accounts;

/// <summary>
/// Identity's user manager, telling the access observers after any change to an account (locked, no longer an
/// administrator, deleted), whoever made it: every change of Identity goes through UpdateUserAsync or DeleteAsync.
/// </summary>
internal sealed class CooperationUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    IEnumerable<IAccessObserver> accessObservers)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    protected override async Task<IdentityResult> UpdateUserAsync(AppUser user)
    {
        var result = await base.UpdateUserAsync(user);
        await NotifyAsync(result, user);
        return result;
    }

    public override async Task<IdentityResult> DeleteAsync(AppUser user)
    {
        var result = await base.DeleteAsync(user);
        await NotifyAsync(result, user);
        return result;
    }

    private async Task NotifyAsync(IdentityResult result, AppUser user)
    {
        if (!result.Succeeded)
        {
            return;
        }

        foreach (var observer in accessObservers)
        {
            await observer.AccessChangedAsync(new AccessChange(UserId: user.Id), CancellationToken);
        }
    }
}
