using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Answering.Generative;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Embeddings;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Knowledge.Extraction;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Search.Ranking;
using Cooperation.Knowledge.Terminology;
using Cooperation.Knowledge.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cooperation.Knowledge;

public static class KnowledgeExtensions
{
    /// <summary>
    /// Registers text extraction, the index, the search and the rules assistant as singletons. Reads "Knowledge"
    /// (IndexPath is required) and "Assistant" (evidence threshold, Chat:Endpoint/Model/ApiKey/Timeout);
    /// both are validated when the host starts. Nothing is opened until first use.
    /// </summary>
    public static IHostApplicationBuilder AddKnowledge(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<KnowledgeOptions>()
            .Bind(builder.Configuration.GetSection(KnowledgeOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Embeddings.Problem() is null, "Knowledge:Embeddings:Provider is OpenAI, which needs both Endpoint (the API's base URL, e.g. http://localhost:11434/v1) and Model.")
            .ValidateOnStart();
        services.AddOptions<AssistantOptions>()
            .Bind(builder.Configuration.GetSection(AssistantOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => ChatIsComplete(o.Chat), "Assistant:Chat needs both Endpoint and Model, or neither.")
            .ValidateOnStart();
        services.AddTextExtraction();

        // Analysis and terminology: thread-safe, one set for the process.
        services.TryAddSingleton<LanguageAnalyzers>();
        services.TryAddSingleton(_ => IpTerminology.LoadEmbedded());
        services.TryAddSingleton<ConceptTagger>();
        AddEmbedder(services, builder.Configuration);

        // Indexing: the index folder, and what writes into it.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DocumentChunker(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Chunking));
        services.TryAddSingleton<KnowledgeIndexStore>();
        services.TryAddSingleton<IKnowledgeIndex, KnowledgeIndexWriter>();

        // Search: from a question to ranked passages of the reader's workspaces.
        services.TryAddSingleton<QueryExpander>();
        services.TryAddSingleton<KnowledgeQueryBuilder>();
        services.TryAddSingleton<UnitMatcher>();
        services.TryAddSingleton<SpanFeatures>();
        services.TryAddSingleton<RankingModels>();
        services.TryAddSingleton<PassageReranker>();
        services.TryAddSingleton<ChunkVectors>();
        services.TryAddSingleton<WorkspaceFilters>();
        services.TryAddSingleton<IKnowledgeSearch, KnowledgeSearch>();

        // Answering: from passages to a quoted, cited answer or a decline.
        services.TryAddSingleton(_ => AnswerModel.LoadEmbedded());
        services.TryAddSingleton<PassageMatcher>();
        services.TryAddSingleton<TermGlossary>();
        services.TryAddSingleton<ExtractiveAnswerer>();
        services.AddGenerativeAnswering();
        services.TryAddSingleton<RulesAssistant>();
        services.TryAddSingleton<IRulesAssistant>(sp => sp.GetRequiredService<RulesAssistant>());
        services.TryAddSingleton<IDocumentTextSearch, DocumentTextSearch>();
        services.TryAddSingleton(sp => new EvaluationRunner(sp.GetRequiredService<IKnowledgeSearch>(), sp.GetRequiredService<IRulesAssistant>()));
        services.TryAddSingleton(sp => new AssistantTrainer(sp.GetRequiredService<IKnowledgeSearch>(), sp.GetRequiredService<PassageMatcher>(), sp.GetRequiredService<IOptions<AssistantOptions>>()));
        return builder;
    }

    /// <summary>Registers an <see cref="ITextEmbedder"/> only when a provider is chosen; the index runs on words alone without one.</summary>
    private static void AddEmbedder(IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration.GetSection(KnowledgeOptions.SectionName).GetSection("Embeddings").GetValue("Provider", EmbeddingProvider.None);
        switch (provider)
        {
            case EmbeddingProvider.Local:
                services.TryAddSingleton<ITextEmbedder, MiniLmEmbedder>();
                break;
            case EmbeddingProvider.OpenAI:
                services.TryAddSingleton<ITextEmbedder>(sp => new OpenAIEmbedder(sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.Embeddings));
                break;
        }
    }

    private static bool ChatIsComplete(ChatOptions chat) =>
        string.IsNullOrWhiteSpace(chat.Endpoint) == string.IsNullOrWhiteSpace(chat.Model);
}
