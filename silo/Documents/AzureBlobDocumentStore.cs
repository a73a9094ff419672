using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Nguon.Silo.Documents;

/// <summary>Documents in Azure Blob Storage: one block blob per document, named "sha256/{hash}", uploaded with
/// If-None-Match: * so an existing blob is never replaced (409). The container is created on first use; a failed
/// creation (storage unreachable) is not remembered, so the next call tries again.</summary>
public sealed class AzureBlobDocumentStore(BlobContainerClient container) : IDocumentStore
{
    /// <summary>Set only once the container is known to exist. Concurrent first calls may both create it (harmless).</summary>
    private volatile bool created;

    public AzureBlobDocumentStore(string connectionString, string containerName)
        : this(new BlobContainerClient(connectionString, containerName)) { }

    public static string BlobName(string sha256) => $"sha256/{sha256}";

    public BlobClient Blob(string sha256) => container.GetBlobClient(BlobName(sha256));

    private async Task EnsureContainer(CancellationToken ct)
    {
        if (created) return;
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        created = true;
    }

    public async Task WriteOnceAsync(string sha256, Stream content, string mediaType, CancellationToken ct = default)
    {
        await EnsureContainer(ct);
        try
        {
            await Blob(sha256).UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = mediaType },
            }, ct);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new DocumentExistsException(sha256);
        }
    }

    public async Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default)
    {
        await EnsureContainer(ct);
        try
        {
            var download = await Blob(sha256).DownloadStreamingAsync(cancellationToken: ct);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(string sha256, CancellationToken ct = default)
    {
        await EnsureContainer(ct);
        return (await Blob(sha256).ExistsAsync(ct)).Value;
    }
}
