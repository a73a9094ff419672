namespace Nguon.Silo.Documents;

/// <summary>The embedded default: documents as files under a folder (by default next to the SQLite database),
/// named by their hash in 256 sub-folders. Written once: a new file is written under a temporary name with
/// CreateNew, flushed, then moved into place without overwrite, and made read-only.</summary>
public sealed class FileSystemDocumentStore : IDocumentStore
{
    private readonly string root;

    public FileSystemDocumentStore(string root)
    {
        this.root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(this.root, ".staging"));
    }

    public string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256);

    public async Task WriteOnceAsync(string sha256, Stream content, string mediaType, CancellationToken ct = default)
    {
        var final = PathOf(sha256);
        if (File.Exists(final)) throw new DocumentExistsException(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var staging = Path.Combine(root, ".staging", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
                file.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(staging, final, overwrite: false);
            }
            catch (IOException) when (File.Exists(final))
            {
                throw new DocumentExistsException(sha256);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(final, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        }
        finally
        {
            File.Delete(staging);
        }
    }

    public Task<Stream?> OpenReadAsync(string sha256, CancellationToken ct = default)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
                useAsync: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(string sha256, CancellationToken ct = default) => Task.FromResult(File.Exists(PathOf(sha256)));
}
