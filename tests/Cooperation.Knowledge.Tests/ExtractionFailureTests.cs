using System.IO.Pipelines;
using System.Text;
using Cooperation.Knowledge.Extraction;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static Cooperation.Knowledge.Tests.ExtractionTestFiles;

namespace Cooperation.Knowledge.Tests;

public sealed class ExtractionFailureTests
{
    private readonly TextExtractor _extractor = new();

    public static TheoryData<string, string> ValidFiles => new()
    {
        { DocumentMediaTypes.Pdf, nameof(DocumentMediaTypes.Pdf) },
        { DocumentMediaTypes.Docx, nameof(DocumentMediaTypes.Docx) },
        { DocumentMediaTypes.Xlsx, nameof(DocumentMediaTypes.Xlsx) },
        { DocumentMediaTypes.Pptx, nameof(DocumentMediaTypes.Pptx) },
    };

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public async Task DamagedCopiesOfEachFormatFailOnlyWithAReasonNeverAnotherException(string mediaType, string label)
    {
        var original = Sample(mediaType);
        var random = new Random(label.Length * 7919);
        var damaged = new List<byte[]>();
        foreach (var fraction in new[] { 0.05, 0.3, 0.5, 0.7, 0.95 })
        {
            damaged.Add(original[..(int)(original.Length * fraction)]);
        }

        for (var i = 0; i < 40; i++)
        {
            var copy = (byte[])original.Clone();
            for (var flips = 0; flips < 1 + (i % 8); flips++)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            damaged.Add(copy);
        }

        foreach (var bytes in damaged)
        {
            var exception = await Record.ExceptionAsync(() => ExtractAsync(bytes, mediaType));
            if (exception is not null)
            {
                Assert.IsType<ExtractionFailedException>(exception);
                Assert.False(string.IsNullOrWhiteSpace(exception.Message));
            }
        }
    }

    [Theory]
    [InlineData(DocumentMediaTypes.Docx, "Word document")]
    [InlineData(DocumentMediaTypes.Xlsx, "Excel workbook")]
    [InlineData(DocumentMediaTypes.Pptx, "PowerPoint presentation")]
    public async Task TruncatedOfficeFilesAreRefusedAsIncomplete(string mediaType, string formatName)
    {
        var original = Sample(mediaType);

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync(original[..(original.Length / 2)], mediaType));

        Assert.Contains(formatName, failure.Message, StringComparison.Ordinal);
        Assert.Contains("incomplete", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedPdfIsRefusedAsDamaged()
    {
        var pdf = Pdf(["Article 1"], ["Article 2"], ["Article 3"]);

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync(pdf[..(pdf.Length / 3)], DocumentMediaTypes.Pdf));

        Assert.Contains("PDF", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroBytesLabelledAsWordDocumentAreRefused()
    {
        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync([], DocumentMediaTypes.Docx));

        Assert.Contains("Word document", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedMediaTypeIsRefusedWithTheTypeNamed()
    {
        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync([1, 2, 3], "application/x-msdownload"));

        Assert.Contains("application/x-msdownload", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellationByTheCallerComesOutAsCancellationNotAsAFailure()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _extractor.ExtractAsync(new MemoryStream(Pdf(["x"])), DocumentMediaTypes.Pdf, new ExtractionLimits(), cancellation.Token));
    }

    [Fact]
    public async Task ExtractionThatOutlastsTheTimeLimitIsStoppedWithAReason()
    {
        var time = new FakeTimeProvider();
        var extractor = new TextExtractor(timeProvider: time);
        var pipe = new Pipe();
        // Half a PDF arrives, then the source stalls.
        var pdf = Pdf(["Article 1"]);
        await pipe.Writer.WriteAsync(pdf.AsMemory(0, pdf.Length / 2), TestContext.Current.CancellationToken);
        await using var stalled = pipe.Reader.AsStream();

        var extraction = extractor.ExtractAsync(stalled, DocumentMediaTypes.Pdf, new ExtractionLimits(Timeout: TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(extraction.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => extraction);
        Assert.Contains("30 seconds", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerCancellingDuringAStalledReadGetsCancellationNotATimeoutReason()
    {
        var extractor = new TextExtractor(timeProvider: new FakeTimeProvider());
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync("%PDF-1.7\n"u8.ToArray(), TestContext.Current.CancellationToken);
        await using var stalled = pipe.Reader.AsStream();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var extraction = extractor.ExtractAsync(stalled, DocumentMediaTypes.Pdf, new ExtractionLimits(Timeout: TimeSpan.FromSeconds(30)), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => extraction);
    }

    [Theory]
    [InlineData(DocumentMediaTypes.Pdf, true)]
    [InlineData(DocumentMediaTypes.Docx, true)]
    [InlineData(DocumentMediaTypes.Docx, false)]
    [InlineData(DocumentMediaTypes.PlainText, false)]
    public async Task StorageFailuresWhileReadingComeOutUnchangedNotAsADamagedFile(string mediaType, bool canSeek)
    {
        var content = mediaType == DocumentMediaTypes.PlainText ? Encoding.UTF8.GetBytes(new string('x', 300_000)) : Sample(mediaType);
        using var failing = new FailingStorageStream(content, failAfter: content.Length / 2, canSeek);

        var failure = await Assert.ThrowsAsync<IOException>(() =>
            _extractor.ExtractAsync(failing, mediaType, new ExtractionLimits(), TestContext.Current.CancellationToken));

        Assert.Equal(FailingStorageStream.FailureMessage, failure.Message);
    }

    [Fact]
    public async Task LimitsThatMakeNoSenseAreAProgrammingErrorNotAFileFailure()
    {
        var content = new MemoryStream(Encoding.UTF8.GetBytes("text"));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _extractor.ExtractAsync(content, DocumentMediaTypes.PlainText, new ExtractionLimits(MaxPages: 0), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            _extractor.ExtractAsync(content, DocumentMediaTypes.PlainText, new ExtractionLimits(Timeout: TimeSpan.Zero), TestContext.Current.CancellationToken));
    }

    private static byte[] Sample(string mediaType) => mediaType switch
    {
        DocumentMediaTypes.Pdf => Pdf(["Article 1 Scope", "This treaty applies."], ["Article 2 Definitions"]),
        DocumentMediaTypes.Docx => Docx(body => body.Append(Paragraph("Chapter I", "Heading1"), Paragraph("Body text of the chapter."))),
        DocumentMediaTypes.Xlsx => Xlsx(("Fees", [["Filing", 100], ["Renewal", 200]])),
        DocumentMediaTypes.Pptx => Pptx([("Agenda", ["Opening", "Closing"])]),
        _ => throw new ArgumentOutOfRangeException(nameof(mediaType)),
    };

    private Task<ExtractedText> ExtractAsync(byte[] content, string mediaType) =>
        _extractor.ExtractAsync(new MemoryStream(content), mediaType, new ExtractionLimits(), TestContext.Current.CancellationToken);
}
