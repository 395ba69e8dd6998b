using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing.Patterns;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// Marks route values that are credentials (a calendar feed secret, an invitation token): whoever reads the
/// address can use it, so telemetry shows the route parameter's name instead of its value.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SecretRouteValuesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}

public static class SecretRouteExtensions
{
    /// <summary>Keeps the named route values out of traces and logs (see <see cref="SecretPaths"/>).</summary>
    public static TBuilder WithSecretRouteValues<TBuilder>(this TBuilder builder, params string[] names)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SecretRouteValuesAttribute(names));
}

/// <summary>
/// Rewrites paths of endpoints marked with <see cref="SecretRouteValuesAttribute"/> so that their secret
/// segments read <c>{name}</c>. Built from the endpoints themselves, so a new secret route needs only the marker.
/// </summary>
public sealed class SecretPaths(EndpointDataSource endpoints)
{
    private const string Value = @"[^/?#\s""'<>]+";
    private sealed record Built(IReadOnlyList<Endpoint> From, Regex Pattern, Dictionary<string, string> Replacements);

    private Built? _built;

    /// <summary>The text with every secret route value replaced; unchanged when it holds none.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var (pattern, replacements) = Build();

        return pattern.Replace(text, match =>
        {
            foreach (var (group, name) in replacements)
            {
                if (match.Groups[group].Success)
                {
                    var value = match.Groups[group];
                    var start = value.Index - match.Index;
                    return match.Value[..start] + "{" + name + "}" + match.Value[(start + value.Length)..];
                }
            }

            return match.Value;
        });
    }

    private (Regex Pattern, Dictionary<string, string> Replacements) Build()
    {
        // Logs are written before the endpoints are mapped, and the list is replaced when endpoints change:
        // build again whenever it is not the list the pattern came from.
        var current = endpoints.Endpoints;
        if (_built is { } built && ReferenceEquals(built.From, current))
        {
            return (built.Pattern, built.Replacements);
        }

        var alternatives = new List<string>();
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in current.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<SecretRouteValuesAttribute>() is not { } secret)
            {
                continue;
            }

            var regex = new StringBuilder();
            foreach (var segment in endpoint.RoutePattern.PathSegments)
            {
                regex.Append('/');
                foreach (var part in segment.Parts)
                {
                    switch (part)
                    {
                        case RoutePatternLiteralPart literal:
                            regex.Append(Regex.Escape(literal.Content));
                            break;
                        case RoutePatternSeparatorPart separator:
                            regex.Append(Regex.Escape(separator.Content));
                            break;
                        case RoutePatternParameterPart parameter when secret.Names.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase):
                            var group = $"s{replacements.Count}";
                            replacements[group] = parameter.Name;
                            // A catch-all secret runs to the end of the path.
                            regex.Append($"(?<{group}>").Append(parameter.IsCatchAll ? @"[^?#\s""'<>]+" : Value).Append(')');
                            break;
                        case RoutePatternParameterPart:
                            regex.Append(Value);
                            break;
                    }
                }
            }

            alternatives.Add($"(?:{regex})");
        }

        // Paths are matched case-insensitively by routing, so a secret in any case must be found too.
        var pattern = alternatives.Count == 0
            ? new Regex("(?!)", RegexOptions.CultureInvariant)
            : new Regex(string.Join('|', alternatives), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        _built = new(current, pattern, replacements);
        return (pattern, replacements);
    }
}

/// <summary>
/// The site's <see cref="SecretPaths"/> for a telemetry processor, looked up once. Activity listeners are process-wide,
/// so a processor can still be called while its host is being disposed (or, in tests, for another host's requests):
/// then there is nothing to look up, and a processor must never throw into the request that ends the span.
/// </summary>
internal sealed class SecretPathsLookup(IServiceProvider services)
{
    private SecretPaths? _paths;

    public SecretPaths? Paths
    {
        get
        {
            try
            {
                return _paths ??= services.GetService<SecretPaths>();
            }
            catch (ObjectDisposedException)
            {
                return null;
            }
        }
    }
}

/// <summary>Runs before the exporters: a request span's url.path (recorded before routing) leaves without secret route values.</summary>
internal sealed class SecretRedactingSpanProcessor(IServiceProvider services) : BaseProcessor<System.Diagnostics.Activity>
{
    private readonly SecretPathsLookup _lookup = new(services);

    public override void OnEnd(System.Diagnostics.Activity data)
    {
        if (data.GetTagItem("url.path") is string path && _lookup.Paths is { } paths)
        {
            data.SetTag("url.path", paths.Redact(path));
        }
    }
}

/// <summary>Runs before the exporters: log records leave the process without secret route values.</summary>
internal sealed class SecretRedactingLogProcessor(IServiceProvider services) : BaseProcessor<LogRecord>
{
    private readonly SecretPathsLookup _lookup = new(services);

    public override void OnEnd(LogRecord data)
    {
        var paths = _lookup.Paths;
        if (paths is null)
        {
            return;
        }

        if (data.FormattedMessage is { } message)
        {
            data.FormattedMessage = paths.Redact(message);
        }

        if (data.Body is { } body)
        {
            data.Body = paths.Redact(body);
        }

        if (data.Attributes is { Count: > 0 } attributes && attributes.Any(a => a.Value is string or PathString))
        {
            data.Attributes = attributes
                .Select(a => a.Value switch
                {
                    string text => new KeyValuePair<string, object?>(a.Key, paths.Redact(text)),
                    PathString path => new KeyValuePair<string, object?>(a.Key, paths.Redact(path.Value ?? string.Empty)),
                    _ => a,
                })
                .ToList();
        }
    }
}
