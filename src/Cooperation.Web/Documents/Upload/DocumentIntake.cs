using Cooperation.Knowledge.Extraction;
using Cooperation.Web.Documents.Storage;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Upload;

/// <summary>Content that is durable in the store and recognised, ready to become a version.</summary>
public sealed record StoredContent(Guid VersionId, string StorageKey, string FileName, string MediaType, long Length, string Sha256);

/// <summary>
/// Takes a file's bytes from any source (an HTTP body, the CLI, the demo seed) into the store: recognises the
/// type from the content, hashes and counts while streaming, enforces the size limit, screens Office packages and PDFs
/// against extraction's limits (<see cref="ContentScreening"/>), and leaves nothing
/// behind when it refuses the file.
/// </summary>
public sealed partial class DocumentIntake(
    IDocumentStore store, IOptions<DocumentStorageOptions> options, IOptions<DocumentExtractionOptions> extraction, ILogger<DocumentIntake> logger)
{
    public long MaxUploadBytes => options.Value.MaxUploadBytes;

    public async Task<StoredContent> StoreAsync(Guid workspaceId, Stream source, string? fileName, CancellationToken cancellationToken)
    {
        var name = FileNames.Sanitise(fileName);
        var prefix = new byte[ContentSignature.PrefixLength];
        var prefixLength = await source.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
        if (prefixLength == 0)
        {
            throw UploadProblems.Empty(name);
        }

        if (prefixLength > MaxUploadBytes)
        {
            throw UploadProblems.TooLarge(MaxUploadBytes);
        }

        // Everything but Office files is known from the first bytes: refuse those before storing anything.
        var isZip = ContentSignature.IsZipContainer(prefix.AsSpan(0, prefixLength));
        var mediaType = isZip ? null : Resolve(name, ContentSignature.Recognise(prefix.AsSpan(0, prefixLength)));

        var versionId = Guid.CreateVersion7();
        var key = StorageKeys.For(workspaceId, versionId);
        await using var intake = new IntakeStream(prefix, prefixLength, source, MaxUploadBytes);
        await store.WriteAsync(key, intake, cancellationToken);
        try
        {
            if (isZip || mediaType == DocumentMediaTypes.Pdf)
            {
                await using var stored = await SeekableAsync(key, cancellationToken);
                if (isZip)
                {
                    mediaType = Resolve(name, await ContentSignature.RecogniseAsync(stored, cancellationToken));
                }

                // Extraction's own limits, judged now so that a zip bomb or an endless PDF is refused before it becomes a version.
                if (await ContentScreening.FindRefusalAsync(stored, mediaType!, extraction.Value.Limits, cancellationToken) is { } refusal)
                {
                    throw UploadProblems.Refused(name, refusal);
                }
            }
        }
        catch
        {
            await DeleteQuietlyAsync(key);
            throw;
        }

        LogStored(logger, key, intake.BytesRead, mediaType!);
        return new StoredContent(versionId, key, name, mediaType!, intake.BytesRead, intake.Sha256Hex);
    }

    /// <summary>Removes content that will not get a version row (a refused or failed upload); the sweep is the backstop.</summary>
    public async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await store.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            LogCleanupFailed(logger, e, key);
        }
    }

    private static string Resolve(string name, string? recognised) =>
        recognised is null ? throw UploadProblems.UnknownType(name)
        : ContentSignature.ResolveMediaType(name, recognised) ?? throw UploadProblems.Mismatch(name, recognised);

    private async Task<Stream> SeekableAsync(string key, CancellationToken cancellationToken)
    {
        var stream = await store.OpenReadAsync(key, cancellationToken);
        if (stream.CanSeek)
        {
            return stream;
        }

        await using (stream)
        {
            var copy = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored {Key}: {Length} bytes of {MediaType}")]
    private static partial void LogStored(ILogger logger, string key, long length, string mediaType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove refused content {Key}; the orphan sweep will")]
    private static partial void LogCleanupFailed(ILogger logger, Exception exception, string key);
}
