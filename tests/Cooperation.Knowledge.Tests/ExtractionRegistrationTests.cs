using System.Text;
using Cooperation.Knowledge.Extraction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cooperation.Knowledge.Tests;

public sealed class ExtractionRegistrationTests
{
    [Fact]
    public async Task AddTextExtractionRegistersAWorkingExtractor()
    {
        await using var provider = new ServiceCollection().AddTextExtraction().BuildServiceProvider();

        var extractor = provider.GetRequiredService<ITextExtractor>();
        var result = await extractor.ExtractAsync(new MemoryStream(Encoding.UTF8.GetBytes("The treaty shall enter into force three months after the date on which it is signed by the parties.")), DocumentMediaTypes.PlainText, new ExtractionLimits(), TestContext.Current.CancellationToken);

        Assert.IsType<TextExtractor>(extractor);
        Assert.Equal("en", result.Language);
    }

    [Fact]
    public async Task TheRegisteredTimeProviderDrivesTheTimeLimit()
    {
        var time = new FakeTimeProvider();
        await using var provider = new ServiceCollection().AddSingleton<TimeProvider>(time).AddTextExtraction().BuildServiceProvider();
        var extractor = provider.GetRequiredService<ITextExtractor>();
        var pipe = new System.IO.Pipelines.Pipe();
        await using var stalled = pipe.Reader.AsStream();

        var extraction = extractor.ExtractAsync(stalled, DocumentMediaTypes.Docx, new ExtractionLimits(Timeout: TimeSpan.FromMinutes(2)), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMinutes(3));

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => extraction);
        Assert.Contains("120 seconds", failure.Message, StringComparison.Ordinal);
    }
}
