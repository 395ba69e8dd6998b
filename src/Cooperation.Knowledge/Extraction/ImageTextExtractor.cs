namespace Cooperation.Knowledge.Extraction;

/// <summary>Images carry no text that can be read without OCR: no pages, and that is not a failure.</summary>
internal sealed class ImageTextExtractor : IFormatTextExtractor
{
    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Png, DocumentMediaTypes.Jpeg];

    public bool NeedsSeekableContent => false;

    public string DamagedReason => "The image could not be read.";

    public Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<ExtractedPage>>([]);
    }
}
