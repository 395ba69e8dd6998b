using Azure.Identity;
using Azure.Storage.Blobs;
using Cooperation.Knowledge.Extraction;
using Cooperation.Web.Data;
using Cooperation.Web.Documents.Extraction;
using Cooperation.Web.Documents.Import;
using Cooperation.Web.Documents.Indexing;
using Cooperation.Web.Documents.Storage;
using Cooperation.Web.Documents.Sweep;
using Cooperation.Web.Documents.Upload;
using Cooperation.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents;

public static class DocumentsExtensions
{
    /// <summary>
    /// Documents for the site and the CLI: storage, intake, the extraction queue, indexing and the sweep.
    /// The background loops run only where the host is started (the site); the CLI works its own jobs.
    /// Extraction and indexing use the ITextExtractor and IKnowledgeIndex that AddAssistant registers through AddKnowledge
    /// (Knowledge:IndexPath defaults to the data folder).
    /// </summary>
    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DocumentStorageOptions>().BindConfiguration(DocumentStorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DocumentExtractionOptions>().BindConfiguration(DocumentExtractionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IDocumentStore>(CreateStore);
        services.AddSingleton<ExtractionSignal>();
        services.AddSingleton<IndexGate>();
        services.AddSingleton<IndexRetrySignal>();
        services.AddScoped<DocumentIntake>();
        services.AddScoped<DocumentService>();
        services.AddScoped<DocumentEvents>();
        services.AddScoped<DocumentIndexer>();
        services.AddScoped<ExtractionQueue>();
        services.AddScoped<ExtractionProcessor>();
        services.AddScoped<OrphanSweeper>();
        services.AddScoped<DocumentImporter>();
        services.AddScoped<SampleDocuments>();
        services.AddScoped<IDemoSeedContributor, RulesLibrarySeed>();
        services.AddHostedService<ExtractionWorker>();
        services.AddHostedService<IndexSyncService>();
        services.AddSingleton<OrphanSweepService>();
        services.AddHostedService(services => services.GetRequiredService<OrphanSweepService>());
        return builder;
    }

    private static IDocumentStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DocumentStorageOptions>>().Value;
        if (options.Provider == DocumentStoreProvider.FileSystem)
        {
            var root = string.IsNullOrWhiteSpace(options.Path)
                ? Path.Combine(services.GetRequiredService<IOptions<CooperationOptions>>().Value.FullDataPath, "documents")
                : options.Path;
            return new FileSystemDocumentStore(root);
        }

        var client = !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new BlobServiceClient(options.ConnectionString)
            : new BlobServiceClient(options.AccountUri, new DefaultAzureCredential());
        return new AzureBlobDocumentStore(client.GetBlobContainerClient(options.Container));
    }
}
