using Cooperation.Knowledge;
using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Assistant;

public static class AssistantExtensions
{
    /// <summary>The rules assistant, text extraction and the search index (under the data folder unless Knowledge:IndexPath is set).</summary>
    public static IHostApplicationBuilder AddAssistant(this IHostApplicationBuilder builder)
    {
        builder.AddKnowledge();
        builder.Services.AddOptions<KnowledgeOptions>().PostConfigure<IOptions<CooperationOptions>>((knowledge, cooperation) =>
        {
            if (string.IsNullOrWhiteSpace(knowledge.IndexPath))
            {
                knowledge.IndexPath = Path.Combine(cooperation.Value.FullDataPath, "index");
            }
        });
        builder.Services.AddScoped<AssistantService>();
        return builder;
    }
}
