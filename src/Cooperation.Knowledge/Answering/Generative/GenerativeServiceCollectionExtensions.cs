using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cooperation.Knowledge.Answering.Generative;

internal static class GenerativeServiceCollectionExtensions
{
    /// <summary>
    /// Registers the kernel factory and the generative answerer. Both stay idle (no kernel, no HTTP client)
    /// unless Assistant:Chat:Endpoint and Model are configured, so the default remains extractive and offline.
    /// </summary>
    public static IServiceCollection AddGenerativeAnswering(this IServiceCollection services)
    {
        services.AddOptions<AssistantOptions>()
            .Validate(
                o => o.Chat.Provider != ChatProvider.AzureOpenAI || !o.Chat.Enabled || !string.IsNullOrWhiteSpace(o.Chat.ApiKey),
                "Assistant:Chat:ApiKey is required when Assistant:Chat:Provider is AzureOpenAI.");
        services.TryAddSingleton<ChatKernelFactory>();
        services.TryAddSingleton<IGenerativeAnswerer, GenerativeAnswerer>();
        return services;
    }
}
