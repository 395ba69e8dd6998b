using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cooperation.Knowledge.Tests;

/// <summary>The real knowledge services over an index in a temporary folder, deleted afterwards.</summary>
internal sealed class KnowledgeTestHost : IDisposable
{
    /// <summary>One-article laws the index tests share: what one answers, the other never mentions.</summary>
    public const string DesignLaw = "### Article 12\n\nThe term of protection of an industrial design shall be fifteen years from the filing date.\n";
    public const string SeedLaw = "### Article 3\n\nA plant variety certificate is granted by the seed office after a field trial of two growing seasons.\n";

    /// <param name="services">Replaces registrations after the knowledge services' own (a clock, a logger).</param>
    public KnowledgeTestHost(string? indexPath = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        IndexPath = indexPath ?? Path.Combine(Path.GetTempPath(), "knowledge-tests-" + Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?> { ["Knowledge:IndexPath"] = IndexPath };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        builder.AddKnowledge();
        services?.Invoke(builder.Services);
        Services = builder.Services.BuildServiceProvider();
    }

    public string IndexPath { get; }

    public ServiceProvider Services { get; }

    public IKnowledgeIndex Index => Services.GetRequiredService<IKnowledgeIndex>();

    public IRulesAssistant Assistant => Services.GetRequiredService<IRulesAssistant>();

    public static DocumentToIndex Document(Guid workspace, string title, string text, string? language = null, int version = 1, Guid? id = null) =>
        new(workspace, id ?? Guid.NewGuid(), version, title, language, [new ExtractedPage(1, text)]);

    /// <summary>Releases the index but keeps its folder, to reopen it.</summary>
    public void Close() => Services.Dispose();

    public void Dispose()
    {
        Services.Dispose();
        if (Directory.Exists(IndexPath))
        {
            Directory.Delete(IndexPath, recursive: true);
        }
    }
}
