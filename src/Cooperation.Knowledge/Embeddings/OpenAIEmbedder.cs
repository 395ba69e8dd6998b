using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooperation.Knowledge.Embeddings;

/// <summary>
/// An OpenAI-compatible /embeddings endpoint (OpenAI, Azure's OpenAI-style v1 API, Ollama, vLLM...). A plain
/// HttpClient: the wire format is two fields each way, and this keeps the batch size in our hands.
/// </summary>
internal sealed class OpenAIEmbedder : ITextEmbedder, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _address;
    private readonly string _model;

    public OpenAIEmbedder(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _model = options.Model!;
        _address = new Uri(options.Endpoint!.TrimEnd('/') + "/embeddings");
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }
    }

    public async Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        EmbeddingResponse? body;
        try
        {
            using var response = await _http.PostAsJsonAsync(_address, new EmbeddingRequest(_model, texts), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                throw new EmbeddingException(
                    $"The embedding endpoint {_address} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(detail)}");
            }

            body = await response.Content.ReadFromJsonAsync<EmbeddingResponse>(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new EmbeddingException($"The embedding endpoint {_address} could not be reached: {exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EmbeddingException($"The embedding endpoint {_address} did not answer within {_http.Timeout.TotalSeconds:F0} s.", exception);
        }
        catch (JsonException exception)
        {
            throw new EmbeddingException($"The embedding endpoint {_address} answered with something other than an embeddings list: {exception.Message}", exception);
        }

        var data = body?.Data ?? [];
        if (data.Count != texts.Count || data.Any(d => d.Embedding is not { Length: > 0 }))
        {
            throw new EmbeddingException($"The embedding endpoint {_address} returned {data.Count} vectors for {texts.Count} texts.");
        }

        // The list is in input order by the specification; the index field says so explicitly.
        return data.OrderBy(d => d.Index).Select(d => d.Embedding!).ToList();
    }

    public void Dispose() => _http.Dispose();

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private sealed record EmbeddingRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("input")] IReadOnlyList<string> Input);

    private sealed record EmbeddingResponse([property: JsonPropertyName("data")] List<EmbeddingData>? Data);

    private sealed record EmbeddingData(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("embedding")] float[]? Embedding);
}
