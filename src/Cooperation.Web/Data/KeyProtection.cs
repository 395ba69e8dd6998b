using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Data;

/// <summary>
/// The "DataProtection" section: a certificate that encrypts the data-protection keys (which sign the sign-in cookies
/// and anti-forgery tokens) before they are stored in the database, so that a copy of the database or of a backup does
/// not carry them readable. Without a certificate the keys are stored as they are, as before.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with an RSA key pair, e.g. a mounted secret.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The file's password, if it has one (from an environment variable or a secret store).</summary>
    public string? CertificatePassword { get; set; }
}

internal static class KeyProtection
{
    /// <summary>
    /// Encrypts new keys with the configured certificate (and decrypts with it). ASP.NET Core takes the certificate
    /// itself when the services are registered, so it is read here; a certificate that cannot be used is left out and
    /// reported by the options validation, which stops the site before it starts.
    /// </summary>
    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        builder.Services.AddOptions<KeyProtectionOptions>().BindConfiguration(KeyProtectionOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KeyProtectionOptions>, Validation>();

        var options = configuration.GetSection(KeyProtectionOptions.Section).Get<KeyProtectionOptions>() ?? new();
        var (certificate, _) = Load(options);
        return certificate is null ? builder : builder.ProtectKeysWithCertificate(certificate);
    }

    /// <summary>The certificate, or null with the sentence that says why it cannot be used (null and null when none is configured).</summary>
    public static (X509Certificate2? Certificate, string? Problem) Load(KeyProtectionOptions options)
    {
        const string PathKey = $"{KeyProtectionOptions.Section}:{nameof(KeyProtectionOptions.CertificatePath)}";
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            return (null, string.IsNullOrEmpty(options.CertificatePassword)
                ? null
                : $"{KeyProtectionOptions.Section}:{nameof(KeyProtectionOptions.CertificatePassword)} is set but {PathKey} is not.");
        }

        var path = Path.GetFullPath(options.CertificatePath);
        if (!File.Exists(path))
        {
            return (null, $"{PathKey}: there is no file {path}.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        catch (CryptographicException e)
        {
            return (null, $"{PathKey}: {path} cannot be read as a PKCS#12 (.pfx) file with the configured password ({e.Message.TrimEnd('.')}).");
        }

        using var key = certificate.GetRSAPrivateKey();
        if (key is null)
        {
            certificate.Dispose();
            return (null, $"{PathKey}: {path} has no RSA private key; the keys are encrypted with RSA, so the file must hold the private key.");
        }

        return (certificate, null);
    }

    private sealed class Validation : IValidateOptions<KeyProtectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, KeyProtectionOptions options)
        {
            var (certificate, problem) = Load(options);
            certificate?.Dispose();
            return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
        }
    }
}
