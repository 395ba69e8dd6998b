namespace Cooperation.Knowledge.Embeddings;

/// <summary>Turns texts into vectors whose cosine says how close their meanings are.</summary>
internal interface ITextEmbedder
{
    /// <summary>One vector per text, in order. Callers send at most <see cref="EmbeddingOptions.BatchSize"/> texts at once.</summary>
    /// <exception cref="EmbeddingException">The model or endpoint could not embed them.</exception>
    Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

/// <summary>The embedder failed; the message says why in words a person can act on.</summary>
internal sealed class EmbeddingException(string message, Exception? innerException = null) : Exception(message, innerException);
