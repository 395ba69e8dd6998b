using Azure.Storage.Blobs;
using Cooperation.Web.Documents.Storage;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Documents;

/// <summary>
/// What every document store must do, run against each implementation: the file system, and Azure Blob
/// Storage on Azurite (started by the test command).
/// </summary>
public abstract class DocumentStoreContractTests : IAsyncLifetime
{
    protected IDocumentStore Store { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract Task<IDocumentStore> CreateStoreAsync();

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private static string NewKey() => StorageKeys.For(Guid.NewGuid(), Guid.NewGuid());

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task WrittenContentReadsBackWithTheSameHash()
    {
        // Larger than one Azure block, so that the staged-blocks path is the one tested.
        var bytes = RandomBytes(9 * 1024 * 1024 + 123);
        var key = NewKey();
        await Store.WriteAsync(key, new NonSeekableStream(bytes), Ct);

        await using var read = await Store.OpenReadAsync(key, Ct);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);
        Assert.Equal(TestFiles.Sha256(bytes), TestFiles.Sha256(copy.ToArray()));
        Assert.True(await Store.ExistsAsync(key, Ct));
    }

    [Fact]
    public async Task ReadsAreSeekableForRangeRequests()
    {
        var bytes = RandomBytes(3 * 1024 * 1024);
        var key = NewKey();
        await Store.WriteAsync(key, new MemoryStream(bytes), Ct);

        await using var read = await Store.OpenReadAsync(key, Ct);
        Assert.True(read.CanSeek);
        Assert.Equal(bytes.Length, read.Length);
        read.Seek(2_000_000, SeekOrigin.Begin);
        var slice = new byte[1000];
        await read.ReadExactlyAsync(slice, Ct);
        Assert.Equal(bytes[2_000_000..2_001_000], slice);
    }

    [Fact]
    public async Task AWriteThatFailsHalfwayLeavesNothingUnderItsKey()
    {
        var key = NewKey();
        var before = await ListAsync();
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(key, new FailingStream(6 * 1024 * 1024), Ct));

        Assert.False(await Store.ExistsAsync(key, Ct));
        await Assert.ThrowsAsync<FileNotFoundException>(() => Store.OpenReadAsync(key, Ct));
        Assert.Equal(before, await ListAsync());
    }

    [Fact]
    public async Task StoredContentIsNeverOverwritten()
    {
        var key = NewKey();
        await Store.WriteAsync(key, new MemoryStream([1, 2, 3]), Ct);
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(key, new MemoryStream([4, 5, 6]), Ct));

        await using var read = await Store.OpenReadAsync(key, Ct);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy, Ct);
        Assert.Equal([1, 2, 3], copy.ToArray());
    }

    [Fact]
    public async Task DeletedContentIsGoneAndDeletingAgainIsNotAnError()
    {
        var key = NewKey();
        await Store.WriteAsync(key, new MemoryStream([9]), Ct);
        await Store.DeleteAsync(key, Ct);
        await Store.DeleteAsync(key, Ct);
        Assert.False(await Store.ExistsAsync(key, Ct));
        Assert.DoesNotContain(key, (await ListAsync()).Select(i => i.Key));
    }

    [Fact]
    public async Task TheListingShowsEachItemWithItsSizeAndTime()
    {
        var key = NewKey();
        var started = DateTime.UtcNow.AddMinutes(-1);
        await Store.WriteAsync(key, new MemoryStream(new byte[1234]), Ct);
        var item = Assert.Single(await ListAsync(), i => i.Key == key);
        Assert.Equal(1234, item.Length);
        Assert.InRange(item.LastModifiedUtc, started, DateTime.UtcNow.AddMinutes(1));
    }

    private async Task<List<StoredItem>> ListAsync()
    {
        var items = new List<StoredItem>();
        await foreach (var item in Store.ListAsync(Ct))
        {
            items.Add(item);
        }

        return items.OrderBy(i => i.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>A request body: readable once, front to back.</summary>
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A body whose connection drops after some bytes.</summary>
    private sealed class FailingStream(long failAfter) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("The connection dropped.");
            }

            var n = (int)Math.Min(count, failAfter - _position);
            Array.Fill(buffer, (byte)'x', offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public sealed class FileSystemStoreContractTests : DocumentStoreContractTests
{
    private readonly string _root = Directory.CreateTempSubdirectory("cooperation-store-").FullName;

    protected override Task<IDocumentStore> CreateStoreAsync() => Task.FromResult<IDocumentStore>(new FileSystemDocumentStore(_root));

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return base.DisposeAsync();
    }
}

public sealed class AzureBlobStoreContractTests : DocumentStoreContractTests
{
    private readonly BlobContainerClient _container = new BlobServiceClient(TestEnvironment.Azurite).GetBlobContainerClient($"contract-{Guid.NewGuid():N}");

    protected override Task<IDocumentStore> CreateStoreAsync() => Task.FromResult<IDocumentStore>(new AzureBlobDocumentStore(_container));

    public override async ValueTask DisposeAsync()
    {
        await _container.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
        await base.DisposeAsync();
    }
}
