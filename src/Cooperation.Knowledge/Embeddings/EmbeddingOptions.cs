using System.ComponentModel.DataAnnotations;

namespace Cooperation.Knowledge.Embeddings;

public enum EmbeddingProvider
{
    /// <summary>BM25 and the terminology only (the default: embeddings did not raise Recall@5 on the dev set).</summary>
    None,

    /// <summary>all-MiniLM-L6-v2 in process (English only, offline).</summary>
    Local,

    /// <summary>An OpenAI-compatible /v1/embeddings endpoint.</summary>
    OpenAI,
}

/// <summary>Configuration section "Knowledge:Embeddings".</summary>
public sealed class EmbeddingOptions
{
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.None;

    /// <summary>Base URL of the OpenAI-compatible API, ending in /v1 (e.g. http://localhost:11434/v1).</summary>
    [Url(ErrorMessage = "Knowledge:Embeddings:Endpoint must be an absolute http(s) URL, e.g. http://localhost:11434/v1.")]
    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>Passages sent per request; more than 16 exhausts the memory of the local model.</summary>
    [Range(1, 16, ErrorMessage = "Knowledge:Embeddings:BatchSize must be between 1 and 16.")]
    public int BatchSize { get; set; } = 16;

    [Range(1, 600, ErrorMessage = "Knowledge:Embeddings:TimeoutSeconds must be between 1 and 600.")]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>How many passages nearest the question join the BM25 list before fusion.</summary>
    [Range(1, 200, ErrorMessage = "Knowledge:Embeddings:Depth must be between 1 and 200.")]
    public int Depth { get; set; } = 30;

    /// <summary>Why these settings cannot work, or null when they can.</summary>
    public string? Problem() => Provider switch
    {
        EmbeddingProvider.OpenAI when string.IsNullOrWhiteSpace(Endpoint) =>
            "Knowledge:Embeddings:Provider is OpenAI but Knowledge:Embeddings:Endpoint is empty; give the API's base URL, e.g. http://localhost:11434/v1.",
        EmbeddingProvider.OpenAI when string.IsNullOrWhiteSpace(Model) =>
            "Knowledge:Embeddings:Provider is OpenAI but Knowledge:Embeddings:Model is empty; name the embedding model, e.g. text-embedding-3-small.",
        _ => null,
    };
}
