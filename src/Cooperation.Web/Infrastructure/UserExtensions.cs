using System.Security.Claims;

namespace Cooperation.Web.Infrastructure;

public static class UserExtensions
{
    public const string AdministratorClaim = "cooperation:admin";

    /// <summary>The signed-in person's id; endpoints that call this require authentication.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request has no signed-in user.");

    public static bool IsAdministrator(this ClaimsPrincipal user) => user.HasClaim(AdministratorClaim, "true");
}
