using Microsoft.Extensions.Options;

namespace Nguon.Silo.Dossiers;

/// <summary>The "Nguon:Signing" configuration section.</summary>
public sealed class SigningOptions
{
    public const string Section = "Nguon:Signing";

    /// <summary>Folder of PEM keys (EC P-256): private keys (PKCS#8 "PRIVATE KEY" or "EC PRIVATE KEY") sign and are
    /// published; public keys ("PUBLIC KEY", e.g. a retired key's public half) are only published. Default: the
    /// "signing-keys" folder next to the SQLite database. In production, mount it from a secret store.</summary>
    public string? KeyDirectory { get; set; }
    /// <summary>Create a key on first start when the folder holds none (the embedded default).</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>The key folder: the setting, else "signing-keys" in <paramref name="dataDirectory"/>.</summary>
    public string KeyDirectoryIn(string dataDirectory) => KeyDirectory ?? Path.Combine(dataDirectory, "signing-keys");
}

/// <summary>Without CreateIfMissing nothing makes a key, so the folder must exist and hold one (mounted from a
/// secret store): a missing mount stops the silo at start, not at the first dossier.</summary>
public sealed class SigningOptionsValidator(string dataDirectory) : IValidateOptions<SigningOptions>
{
    public ValidateOptionsResult Validate(string? name, SigningOptions options)
    {
        var directory = options.KeyDirectoryIn(dataDirectory);
        if (options.KeyDirectory is { } set && string.IsNullOrWhiteSpace(set))
            return ValidateOptionsResult.Fail($"{SigningOptions.Section}:KeyDirectory must name a folder (or be left unset)");
        if (options.CreateIfMissing) return ValidateOptionsResult.Success;
        if (!Directory.Exists(directory))
            return ValidateOptionsResult.Fail($"{SigningOptions.Section}:KeyDirectory {directory} does not exist "
                + $"and {SigningOptions.Section}:CreateIfMissing is false");
        if (Directory.GetFiles(directory, "*.pem").Length == 0)
            return ValidateOptionsResult.Fail($"{SigningOptions.Section}:KeyDirectory {directory} holds no key (*.pem) "
                + $"and {SigningOptions.Section}:CreateIfMissing is false");
        return ValidateOptionsResult.Success;
    }
}
