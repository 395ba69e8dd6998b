using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cooperation.Knowledge.Answering;

/// <summary>Configuration section "Assistant".</summary>
public sealed class AssistantOptions
{
    public const string SectionName = "Assistant";

    /// <summary>
    /// The probability (0..1) that the materials answer a question below which the assistant declines. Unset, the
    /// trained answer model's own threshold applies (chosen by cross-validation for decline precision of at least 0.9);
    /// a higher value declines more, a lower one answers more.
    /// </summary>
    [Range(0.0, 1.0)]
    public double? DeclineBelow { get; set; }

    /// <summary>Longer questions are refused with a plain message rather than searched.</summary>
    [Range(10, 100_000)]
    public int MaxQuestionLength { get; set; } = 2_000;

    [Range(1, 50)]
    public int PassagesToRead { get; set; } = 6;

    [ValidateObjectMembers]
    public ChatOptions Chat { get; set; } = new();
}

/// <summary>An OpenAI-compatible chat endpoint; generative answers are off while Endpoint is empty.</summary>
public sealed class ChatOptions
{
    [Url(ErrorMessage = "Assistant:Chat:Endpoint must be an absolute http(s) URL, e.g. http://localhost:11434/v1.")]
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>How long one answer may take, searches by the model included, before the extractive answer is used.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>OpenAI for any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM...); AzureOpenAI for an Azure OpenAI resource, with Model naming the deployment.</summary>
    public ChatProvider Provider { get; set; } = ChatProvider.OpenAI;

    /// <summary>Further searches of the asker's materials the model may make per question; 0 offers it no tools (for endpoints without tool calling).</summary>
    [Range(0, 5)]
    public int MaxModelSearches { get; set; } = 2;

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}

public enum ChatProvider
{
    OpenAI,
    AzureOpenAI,
}
