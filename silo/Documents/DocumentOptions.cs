namespace Nguon.Silo.Documents;

public enum DocumentStoreKind { FileSystem, AzureBlob }

/// <summary>The "Nguon:Documents" configuration section.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Nguon:Documents";

    /// <summary>FileSystem (embedded default, needs nothing installed) or AzureBlob.</summary>
    public DocumentStoreKind Store { get; set; } = DocumentStoreKind.FileSystem;
    /// <summary>FileSystem: the folder (default: "documents" next to the SQLite database).</summary>
    public string? Path { get; set; }
    /// <summary>AzureBlob: the storage account's connection string (from a secret store in production;
    /// "UseDevelopmentStorage=true" for a local Azurite).</summary>
    public string? ConnectionString { get; set; }
    public string Container { get; set; } = "nguon-documents";
    /// <summary>Largest document accepted, in bytes.</summary>
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
}
