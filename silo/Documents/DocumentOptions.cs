using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

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

    /// <summary>The FileSystem folder: the setting, else "documents" in <paramref name="dataDirectory"/>.</summary>
    public string PathIn(string dataDirectory) => Path ?? System.IO.Path.Combine(dataDirectory, "documents");
}

/// <summary>What the "Nguon:Documents" section must hold for the silo to start.</summary>
public sealed partial class DocumentOptionsValidator : IValidateOptions<DocumentOptions>
{
    private const string Section = DocumentOptions.Section;

    public ValidateOptionsResult Validate(string? name, DocumentOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Store))
            failures.Add($"{Section}:Store must be one of {string.Join(", ", Enum.GetNames<DocumentStoreKind>())} "
                + $"(got '{options.Store}')");
        if (options.MaxBytes <= 0)
            failures.Add($"{Section}:MaxBytes must be a positive number of bytes (got {options.MaxBytes})");
        if (options.Store == DocumentStoreKind.FileSystem && options.Path is { } path && string.IsNullOrWhiteSpace(path))
            failures.Add($"{Section}:Path must name a folder (or be left unset)");
        if (options.Store == DocumentStoreKind.AzureBlob && string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add($"{Section}:ConnectionString is required when {Section}:Store is AzureBlob");
        else if (options.Store == DocumentStoreKind.AzureBlob && !ParsesAsAzure(options.ConnectionString!))
            failures.Add($"{Section}:ConnectionString is not an Azure Storage connection string");
        if (options.Store == DocumentStoreKind.AzureBlob && !ContainerName().IsMatch(options.Container ?? ""))
            failures.Add($"{Section}:Container must be 3 to 63 lowercase letters, digits and single hyphens, "
                + $"starting with a letter or digit (got '{options.Container}')");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool ParsesAsAzure(string connectionString)
    {
        try
        {
            _ = new BlobServiceClient(connectionString); // parses only: no request is sent
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Azure's rule for container names.</summary>
    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerName();
}
