using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// The site's absolute address, for links that leave the page (invitation links, calendar feed URLs and the links
/// inside feeds): <c>Cooperation:PublicBaseUrl</c> when it is set, else the address the site listens on. Never the
/// request's Host header, which whoever sends the request chooses.
/// </summary>
public sealed class SiteAddress(IOptions<CooperationOptions> options, IServer server, IConfiguration configuration)
{
    private static readonly HashSet<string> AnyHost = new(["+", "*", "0.0.0.0", "[::]", "::"], StringComparer.Ordinal);

    public Uri Base => options.Value.PublicBaseUrl ?? ListeningBase();

    public string Absolute(string path) => new Uri(Base, path).ToString();

    /// <summary>The host names the site is configured to listen on, without wildcards ("+", "*", 0.0.0.0, [::]).</summary>
    public static IEnumerable<string> ListeningHosts(IServer server, IConfiguration configuration) =>
        ListeningAddresses(server, configuration).Select(a => a.Host).Where(h => !AnyHost.Contains(h)).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the site listens on a wildcard address ("+", "*", 0.0.0.0, [::]): its host names are not known.</summary>
    public static bool ListensOnAnyHost(IServer server, IConfiguration configuration) =>
        ListeningAddresses(server, configuration).Any(a => AnyHost.Contains(a.Host));

    // The first https address if there is one, else the first http one; a wildcard host is this machine.
    private Uri ListeningBase()
    {
        var addresses = ListeningAddresses(server, configuration).ToList();
        var chosen = addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttps) ?? addresses.FirstOrDefault();
        if (chosen is null)
        {
            return new Uri("http://localhost/");
        }

        var host = AnyHost.Contains(chosen.Host) ? "localhost" : chosen.Host;
        return new Uri($"{chosen.Scheme}://{host}:{chosen.Port}{chosen.PathBase}/");
    }

    // Kestrel's bound addresses once it has started (port 0 resolved), else what the configuration asks for.
    private static IEnumerable<BindingAddress> ListeningAddresses(IServer server, IConfiguration configuration)
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var configured = (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var address in bound.Concat(configured))
        {
            BindingAddress parsed;
            try
            {
                parsed = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                continue;
            }

            if (!parsed.IsUnixPipe && parsed.Scheme is "http" or "https")
            {
                yield return parsed;
            }
        }
    }
}
