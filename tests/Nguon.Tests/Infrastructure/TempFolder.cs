namespace Nguon.Tests.Infrastructure;

/// <summary>A fresh temporary folder, deleted (best effort) on dispose.</summary>
public sealed class TempFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a folder left in /tmp is harmless
    }
}
