using System.Security.Cryptography;
using System.Text;

namespace Cooperation.Web.Infrastructure;

/// <summary>Random secrets for links and tokens. Only their SHA-256 is stored, so a database leak reveals none.</summary>
public static class Secrets
{
    public static string New(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
