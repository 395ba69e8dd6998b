using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Cooperation.Bot.Authentication;

/// <summary>The keys of one issuer, with the channels each key is endorsed for (Bot Connector keys carry an <c>endorsements</c> list).</summary>
internal sealed class SigningKeySet(IReadOnlyList<SecurityKey> keys, IReadOnlyDictionary<string, IReadOnlySet<string>> endorsements)
{
    public IReadOnlyList<SecurityKey> Keys { get; } = keys;

    public bool HasEndorsements(string? keyId) => keyId is not null && endorsements.ContainsKey(keyId);

    public bool IsEndorsed(string? keyId, string channelId) =>
        keyId is not null
        && endorsements.TryGetValue(keyId, out var channels)
        && channels.Contains(channelId);
}

/// <summary>Reads an OpenID metadata document, then its <c>jwks_uri</c>, keeping each key's endorsements.</summary>
internal sealed class SigningKeySetRetriever : IConfigurationRetriever<SigningKeySet>
{
    public async Task<SigningKeySet> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var metadata = await retriever.GetDocumentAsync(address, cancel);
        string jwksUri;
        using (var document = JsonDocument.Parse(metadata))
        {
            jwksUri = document.RootElement.TryGetProperty("jwks_uri", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new InvalidOperationException($"The OpenID metadata at {address} has no jwks_uri.");
        }

        var jwks = await retriever.GetDocumentAsync(jwksUri, cancel);
        var keys = new JsonWebKeySet(jwks).GetSigningKeys().ToList();
        return new SigningKeySet(keys, ReadEndorsements(jwks));
    }

    private static Dictionary<string, IReadOnlySet<string>> ReadEndorsements(string jwks)
    {
        var endorsements = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwks);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return endorsements;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.Object
                || !key.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                || !key.TryGetProperty("endorsements", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            endorsements[kid.GetString()!] = list.EnumerateArray()
                .Where(item => item.ValueKind == JsonValueKind.String)
                .Select(item => item.GetString()!)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
        }

        return endorsements;
    }
}
