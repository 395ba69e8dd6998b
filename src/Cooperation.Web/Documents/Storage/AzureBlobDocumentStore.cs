using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Cooperation.Web.Documents.Storage;

/// <summary>
/// Content as block blobs in one container. An upload stages blocks and commits the block list at the end,
/// so a blob exists only once all of it is stored; uncommitted blocks of an interrupted upload are never
/// visible and Azure discards them.
/// </summary>
public sealed class AzureBlobDocumentStore(BlobContainerClient container) : IDocumentStore
{
    // Blocks are buffered one at a time per concurrent transfer: memory stays at a few blocks whatever the file size.
    private static readonly StorageTransferOptions Transfer = new()
    {
        InitialTransferSize = 4 * 1024 * 1024,
        MaximumTransferSize = 4 * 1024 * 1024,
        MaximumConcurrency = 2,
    };

    private readonly SemaphoreSlim _createOnce = new(1, 1);
    private volatile bool _created;

    public BlobContainerClient Container => container;

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        try
        {
            await container.GetBlobClient(key).UploadAsync(content, new BlobUploadOptions
            {
                TransferOptions = Transfer,
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409 || e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            throw new IOException($"Content already exists under {key}; stored content is never overwritten.", e);
        }
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await container.GetBlobClient(key).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 }, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"No content under {key}.", e);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        return (await container.GetBlobClient(key).ExistsAsync(cancellationToken)).Value;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        await container.GetBlobClient(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
    }

    public async IAsyncEnumerable<StoredItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken))
        {
            yield return new StoredItem(blob.Name, blob.Properties.LastModified?.UtcDateTime ?? DateTime.UtcNow, blob.Properties.ContentLength ?? 0);
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createOnce.WaitAsync(cancellationToken);
        try
        {
            if (!_created)
            {
                await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _created = true;
            }
        }
        finally
        {
            _createOnce.Release();
        }
    }
}
