using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.HostFiltering;

namespace Cooperation.Web.Infrastructure;

internal static class HostFilteringSetup
{
    private static readonly string[] ThisMachine = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// Unless <c>AllowedHosts</c> is set, serves only the public host name (<c>Cooperation:PublicBaseUrl</c>) or, without
    /// one, the host names the site listens on; always this machine's own names. With any Host accepted, a
    /// DNS-rebinding page can reach a site that trusts its own machine. An explicit <c>AllowedHosts</c> (for another
    /// proxy name or a probe's address; <c>*</c> for any) wins.
    /// </summary>
    public static IServiceCollection AddHostFilteringFromPublicUrl(this IServiceCollection services)
    {
        // PostConfigure runs after the host's own, which copies AllowedHosts (or "*") into the options. The options
        // are first read by the first request, when the server's bound addresses are known.
        services.AddOptions<HostFilteringOptions>().PostConfigure<IConfiguration, IServer>((options, configuration, server) =>
        {
            if (!string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
            {
                return;
            }

            var ownNames = Uri.TryCreate(configuration[$"{CooperationOptions.Section}:{nameof(CooperationOptions.PublicBaseUrl)}"], UriKind.Absolute, out var publicUrl)
                ? [publicUrl.IdnHost]
                : SiteAddress.ListeningHosts(server, configuration);
            options.AllowedHosts = [.. ownNames.Concat(ThisMachine).Distinct(StringComparer.OrdinalIgnoreCase)];
        });
        return services;
    }
}
