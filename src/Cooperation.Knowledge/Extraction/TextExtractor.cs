using System.Runtime.ExceptionServices;
using Cooperation.Knowledge.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Extracts text per page from every accepted format, within the caps of <see cref="ExtractionLimits"/>.
/// Whatever goes wrong with the file comes out as an <see cref="ExtractionFailedException"/> whose
/// message can be shown to people. The caller's own cancellation comes out as
/// <see cref="OperationCanceledException"/>, and an error of the content stream itself (storage or
/// network, or no room to spool a stream that cannot seek) comes out unchanged, because it says
/// nothing about the file and is worth retrying.
/// </summary>
internal sealed class TextExtractor : ITextExtractor
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, IFormatTextExtractor> _extractors = new(StringComparer.OrdinalIgnoreCase);

    public TextExtractor(ILogger<TextExtractor>? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? NullLogger<TextExtractor>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        IFormatTextExtractor[] formats =
        [
            new PdfTextExtractor(),
            new WordTextExtractor(),
            new SpreadsheetTextExtractor(),
            new PresentationTextExtractor(),
            new HtmlTextExtractor(),
            new MarkdownTextExtractor(),
            new PlainTextExtractor(),
            new ImageTextExtractor(),
        ];
        foreach (var format in formats)
        {
            foreach (var mediaType in format.MediaTypes)
            {
                _extractors.Add(mediaType, format);
            }
        }
    }

    public async Task<ExtractedText> ExtractAsync(Stream content, string mediaType, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(mediaType);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxPages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxDecompressedBytes);
        if (limits.Timeout is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(limits), "The extraction timeout must be positive.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var normalised = DocumentMediaTypes.Normalise(mediaType);
        if (!_extractors.TryGetValue(normalised, out var extractor))
        {
            var refusal = $"Text cannot be read from files of type {normalised}.";
            ExtractionLog.Refused(_logger, normalised, refusal);
            throw new ExtractionFailedException(refusal);
        }

        using var deadline = limits.Timeout is { } timeout
            ? new CancellationTokenSource(timeout, _timeProvider)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await using var source = extractor.NeedsSeekableContent
                ? await SeekableContent.OpenAsync(content, linked.Token)
                : SeekableContent.Borrow(content);
            var pages = await extractor.ExtractAsync(source.Stream, limits, linked.Token);
            return new ExtractedText(pages, LanguageDetector.Guess(pages));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (FindSourceFailure(exception) is { } sourceFailure)
        {
            // The stream failed, not the file: the caller should retry rather than record a reason.
            ExceptionDispatchInfo.Throw(sourceFailure);
            throw;
        }
        catch (Exception exception)
        {
            throw Explain(exception, normalised, extractor, limits, deadline.IsCancellationRequested);
        }
    }

    /// <summary>Turns whatever a parser threw into a reason a person can act on.</summary>
    private ExtractionFailedException Explain(Exception exception, string mediaType, IFormatTextExtractor extractor, ExtractionLimits limits, bool timedOut)
    {
        if (timedOut && exception is OperationCanceledException)
        {
            ExtractionLog.TimedOut(_logger, mediaType, limits.Timeout!.Value);
            return new ExtractionFailedException(
                $"Reading the text took longer than the {FormatDuration(limits.Timeout.Value)} allowed, so it was stopped. The file may be unusually large or complex.");
        }

        // Parsers sometimes wrap what our own budget or guards threw.
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is ExtractionFailedException refusal)
            {
                ExtractionLog.Refused(_logger, mediaType, refusal.Message);
                return refusal;
            }
        }

        ExtractionLog.ParserFailed(_logger, mediaType, exception);
        return new ExtractionFailedException(extractor.DamagedReason);
    }

    private static Exception? FindSourceFailure(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is ContentSourceException { InnerException: { } original })
            {
                return original;
            }
        }

        return null;
    }

    private static string FormatDuration(TimeSpan duration) => duration.TotalSeconds >= 1
        ? FormattableString.Invariant($"{duration.TotalSeconds:0.#} seconds")
        : FormattableString.Invariant($"{duration.TotalMilliseconds:0} milliseconds");
}
