using Microsoft.AspNetCore.HostFiltering;

namespace Cooperation.Web.Infrastructure;

internal static class HostFilteringSetup
{
    /// <summary>
    /// Serves only the public host name (and this machine's own names) once <c>Cooperation:PublicBaseUrl</c> is set
    /// and <c>AllowedHosts</c> is not: with any Host accepted, a DNS-rebinding page can reach a site that trusts
    /// its own machine. An explicit <c>AllowedHosts</c> (for another proxy name or a probe's address) wins.
    /// </summary>
    public static IServiceCollection AddHostFilteringFromPublicUrl(this IServiceCollection services)
    {
        // PostConfigure runs after the host's own, which copies AllowedHosts (or "*") into the options.
        services.AddOptions<HostFilteringOptions>().PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (!string.IsNullOrWhiteSpace(configuration["AllowedHosts"])
                || !Uri.TryCreate(configuration[$"{CooperationOptions.Section}:{nameof(CooperationOptions.PublicBaseUrl)}"], UriKind.Absolute, out var publicUrl))
            {
                return;
            }

            options.AllowedHosts = [publicUrl.IdnHost, "localhost", "127.0.0.1", "[::1]"];
        });
        return services;
    }
}
