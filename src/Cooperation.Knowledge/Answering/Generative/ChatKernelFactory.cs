using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>
/// Builds the Semantic Kernel once, when the chat endpoint is configured, and hands each question its own
/// clone carrying a materials plugin bound to the asker's workspaces.
/// </summary>
internal sealed class ChatKernelFactory : IDisposable
{
    private readonly Kernel? _kernel;
    private readonly HttpClient? _httpClient;

    public ChatKernelFactory(IOptions<AssistantOptions> options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var chat = options.Value.Chat;
        if (!chat.Enabled)
        {
            return;
        }

        // The answerer enforces its own deadline per question, so the client itself never times out.
        _httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        var builder = Kernel.CreateBuilder();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }

        if (chat.Provider == ChatProvider.AzureOpenAI)
        {
            builder.AddAzureOpenAIChatCompletion(chat.Model!, chat.Endpoint!, chat.ApiKey!, httpClient: _httpClient);
        }
        else
        {
            builder.AddOpenAIChatCompletion(chat.Model!, new Uri(chat.Endpoint!), chat.ApiKey, httpClient: _httpClient);
        }

        _kernel = builder.Build();
    }

    public bool IsEnabled => _kernel is not null;

    /// <summary>A clone of the kernel for one question, with <paramref name="materials"/> as its only plugin.</summary>
    public Kernel CreateForRequest(MaterialsPlugin materials)
    {
        ArgumentNullException.ThrowIfNull(materials);
        var kernel = (_kernel ?? throw new InvalidOperationException("Generative answers are off: Assistant:Chat:Endpoint is not configured.")).Clone();
        kernel.Plugins.AddFromObject(materials, MaterialsPlugin.Name);
        return kernel;
    }

    public void Dispose() => _httpClient?.Dispose();
}
