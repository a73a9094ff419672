using System.Security.Cryptography;
using Nguon.Silo.Documents;

namespace Nguon.Tests.Documents;

/// <summary>The one contract every document store keeps, run identically against Azure Blob Storage (a real
/// Azurite) and the file-system store of the embedded default.</summary>
public abstract class DocumentStoreContract
{
    protected abstract IDocumentStore Store { get; }

    /// <summary>Alters the stored bytes behind the store's back, as someone with access to the storage could.</summary>
    protected abstract Task TamperAsync(string sha256, byte[] replacement);

    protected static (byte[] Bytes, string Sha256) NewDocument(int size = 4096)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        return (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static async Task<byte[]> ReadAll(Stream stream)
    {
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task A_written_document_reads_back_byte_for_byte_with_its_hash_checked()
    {
        var (bytes, sha) = NewDocument(300_000);
        Assert.False(await Store.ExistsAsync(sha));

        await Store.WriteOnceAsync(sha, new MemoryStream(bytes), "application/pdf");

        Assert.True(await Store.ExistsAsync(sha));
        Assert.Equal(bytes, await ReadAll((await Store.OpenVerifiedAsync(sha))!));
    }

    [Fact]
    public async Task A_second_write_under_the_same_hash_is_refused_and_the_first_bytes_stay()
    {
        var (bytes, sha) = NewDocument();
        await Store.WriteOnceAsync(sha, new MemoryStream(bytes), "application/pdf");

        var other = RandomNumberGenerator.GetBytes(4096);
        await Assert.ThrowsAsync<DocumentExistsException>(() => Store.WriteOnceAsync(sha, new MemoryStream(other), "application/pdf"));
        await Assert.ThrowsAsync<DocumentExistsException>(() => Store.WriteOnceAsync(sha, new MemoryStream(bytes), "application/pdf"));

        Assert.Equal(bytes, await ReadAll((await Store.OpenVerifiedAsync(sha))!));
    }

    [Fact]
    public async Task Concurrent_writes_of_one_document_store_it_once()
    {
        var (bytes, sha) = NewDocument();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await Store.WriteOnceAsync(sha, new MemoryStream(bytes), "application/pdf");
                return true;
            }
            catch (DocumentExistsException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal(bytes, await ReadAll((await Store.OpenVerifiedAsync(sha))!));
    }

    [Fact]
    public async Task An_unknown_document_is_absent()
    {
        var (_, sha) = NewDocument();
        Assert.False(await Store.ExistsAsync(sha));
        Assert.Null(await Store.OpenReadAsync(sha));
        Assert.Null(await Store.OpenVerifiedAsync(sha));
    }

    [Fact]
    public async Task Bytes_altered_in_storage_are_caught_by_the_hash_check_on_read()
    {
        var (bytes, sha) = NewDocument();
        await Store.WriteOnceAsync(sha, new MemoryStream(bytes), "application/pdf");
        var altered = (byte[])bytes.Clone();
        altered[^1] ^= 0x01;

        await TamperAsync(sha, altered);

        var e = await Assert.ThrowsAsync<DocumentCorruptException>(() => Store.OpenVerifiedAsync(sha));
        Assert.Contains(sha, e.Message, StringComparison.Ordinal);
    }
}

/// <summary>The contract on Azure Blob Storage: a real Azurite, a container of this class's own.</summary>
public sealed class AzureBlobDocumentStoreTests : DocumentStoreContract
{
    private static readonly string ContainerName = Azurite.NewContainerName("contract");
    private readonly AzureBlobDocumentStore store = new(Azurite.ConnectionString, ContainerName);

    protected override IDocumentStore Store => store;

    protected override async Task TamperAsync(string sha256, byte[] replacement) =>
        // An overwrite without the store's If-None-Match condition, as an account-key holder could do.
        await Azurite.Container(ContainerName).GetBlobClient(AzureBlobDocumentStore.BlobName(sha256)).UploadAsync(new BinaryData(replacement), overwrite: true);
}

/// <summary>The contract on the file-system store (the embedded default), in a temporary folder.</summary>
public sealed class FileSystemDocumentStoreTests : DocumentStoreContract, IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "nguon-docs-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly FileSystemDocumentStore store;

    public FileSystemDocumentStoreTests() => store = new FileSystemDocumentStore(folder);

    protected override IDocumentStore Store => store;

    protected override Task TamperAsync(string sha256, byte[] replacement)
    {
        var path = store.PathOf(sha256);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return File.WriteAllBytesAsync(path, replacement);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Storage unreachable on the first call: the store does not remember the failed container creation.</summary>
public sealed class AzureBlobDocumentStoreRecoveryTests
{
    /// <summary>Fails the first requests as an unreachable endpoint would, then lets requests through.</summary>
    private sealed class Unreachable(int failures) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int left = failures;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (Interlocked.Decrement(ref left) >= 0) throw new Azure.RequestFailedException("storage unreachable (test)");
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (Interlocked.Decrement(ref left) >= 0) throw new Azure.RequestFailedException("storage unreachable (test)");
            return ProcessNextAsync(message, pipeline);
        }
    }

    [Fact]
    public async Task A_failed_first_container_creation_is_retried_on_the_next_call()
    {
        var name = Azurite.NewContainerName("recovery");
        var options = new Azure.Storage.Blobs.BlobClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(new Unreachable(1), Azure.Core.HttpPipelinePosition.PerCall);
        var store = new AzureBlobDocumentStore(new Azure.Storage.Blobs.BlobContainerClient(Azurite.ConnectionString, name, options));
        var bytes = RandomNumberGenerator.GetBytes(64);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => store.ExistsAsync(sha));

        Assert.False(await store.ExistsAsync(sha));
        await store.WriteOnceAsync(sha, new MemoryStream(bytes), "application/octet-stream");
        Assert.True(await store.ExistsAsync(sha));
        Assert.True((await Azurite.Container(name).ExistsAsync()).Value);
    }
}
