using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Cooperation.Knowledge.Extraction;

internal static class ExtractionServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ITextExtractor"/>; uses the registered <see cref="TimeProvider"/> for time caps when there is one.</summary>
    public static IServiceCollection AddTextExtraction(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ITextExtractor>(provider => new TextExtractor(
            provider.GetService<ILogger<TextExtractor>>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
