namespace Cooperation.Knowledge.Extraction;

/// <summary>Reads the text of one family of formats; <see cref="TextExtractor"/> picks one by media type.</summary>
internal interface IFormatTextExtractor
{
    IReadOnlyCollection<string> MediaTypes { get; }

    /// <summary>True for formats read by jumping around the file (PDF, zip packages).</summary>
    bool NeedsSeekableContent { get; }

    /// <summary>What people are told when the parser chokes on the file.</summary>
    string DamagedReason { get; }

    Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken);
}
