using System.Security.Cryptography;

namespace Nguon.Silo.Documents;

/// <summary>Where document bytes live, content-addressed by their SHA-256 (lower-case hex) and written once.
/// Two implementations: Azure Blob Storage (production, Azurite in tests) and the file system (the embedded
/// default); one contract test runs against both.</summary>
public interface IDocumentStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="sha256"/>; throws
    /// <see cref="DocumentExistsException"/> if something is already stored under that name (nothing is replaced).
    /// The caller computed the hash; reads re-check it.</summary>
    Task WriteOnceAsync(string sha256, Stream content, string mediaType, CancellationToken ct = default);

    /// <summary>The stored bytes as they are (unchecked), or null when nothing is stored under the name.</summary>
    Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default);

    Task<bool> ExistsAsync(string sha256, CancellationToken ct = default);
}

/// <summary>Something is already stored under this hash: a write-once store refuses to replace it.</summary>
public sealed class DocumentExistsException(string sha256)
    : IOException($"document {sha256} is already stored; stored documents are never replaced");

/// <summary>The stored bytes no longer hash to their name: they were altered after they were written.</summary>
public sealed class DocumentCorruptException(string sha256, string actual)
    : IOException($"stored document {sha256} fails its hash (the bytes hash to {actual}): it is not served");

/// <summary>The upload is larger than the limit.</summary>
public sealed class DocumentTooLargeException(long limit) : IOException($"the document is larger than {limit:N0} bytes, the most accepted");

public static class DocumentStoreExtensions
{
    /// <summary>Copies the stored bytes into a temporary file while hashing them, and hands the file back only
    /// when the hash matches the name: a caller never sends altered bytes on, not even their first part.</summary>
    public static async Task<Stream?> OpenVerifiedAsync(this IDocumentStore store, string sha256, CancellationToken ct = default)
    {
        await using var source = await store.OpenReadAsync(sha256, ct);
        if (source is null) return null;
        var staged = await StagedDocument.StageAsync(source, long.MaxValue, ct);
        if (staged.Sha256 != sha256)
        {
            await staged.DisposeAsync();
            throw new DocumentCorruptException(sha256, staged.Sha256);
        }
        return staged.OpenAndDelete();
    }
}

/// <summary>Bytes copied to a temporary file with their SHA-256 and size computed on the way (nothing buffered in
/// memory). Disposing it deletes the file.</summary>
public sealed class StagedDocument : IAsyncDisposable
{
    private const int BufferSize = 81920;

    private StagedDocument(string path, string sha256, long size, byte[] head)
    {
        Path = path;
        Sha256 = sha256;
        Size = size;
        Head = head;
    }

    public string Path { get; }
    public string Sha256 { get; }
    public long Size { get; }
    /// <summary>The first bytes, for a media-type check.</summary>
    public byte[] Head { get; }

    /// <summary>Copies <paramref name="source"/>; throws <see cref="DocumentTooLargeException"/> (and keeps nothing)
    /// as soon as more than <paramref name="maxBytes"/> arrive.</summary>
    public static async Task<StagedDocument> StageAsync(Stream source, long maxBytes, CancellationToken ct = default)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nguon-doc-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[BufferSize];
            var head = new MemoryStream();
            long size = 0;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    size += read;
                    if (size > maxBytes) throw new DocumentTooLargeException(maxBytes);
                    if (head.Length < 16) head.Write(buffer, 0, (int)Math.Min(read, 16 - head.Length));
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
            return new StagedDocument(path, Convert.ToHexStringLower(hash.GetHashAndReset()), size, head.ToArray());
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);

    /// <summary>Reads the file and deletes it when the stream is closed.</summary>
    public Stream OpenAndDelete()
        => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
        FileOptions.Asynchronous | FileOptions.DeleteOnClose);

    public ValueTask DisposeAsync()
    {
        try { File.Delete(Path); }
        catch (IOException) { } // already handed on with delete-on-close
        return ValueTask.CompletedTask;
    }
}
