using System.Security.Cryptography;
using Nguon.Client.Dossiers;
using Nguon.Infrastructure;

namespace Nguon.Silo.Dossiers;

/// <summary>The dossier signing keys. Rotation: put a new key in the folder (files are ordered by name, so name
/// them by date, e.g. 2027-01-01.pem) and restart; the newest private key signs, and every key stays published in
/// the JWKS so dossiers signed earlier still verify. A retired key's private half can be replaced by its public half.</summary>
public sealed class DossierKeyRing : IDisposable
{
    private readonly List<(string File, ECDsa Key, bool Private)> keys;

    private DossierKeyRing(List<(string File, ECDsa Key, bool Private)> keys)
    {
        this.keys = keys;
        var newest = keys.Last(k => k.Private).Key;
        Signer = (newest, JsonWebKeySet.Thumbprint(newest));
        PublicKeys = JsonWebKeySet.Of(keys.Select(k => k.Key).DistinctBy(JsonWebKeySet.Thumbprint));
    }

    public static DossierKeyRing Load(string directory, bool createIfMissing)
    {
        Directory.CreateDirectory(directory);
        var files = Directory.GetFiles(directory, "*.pem").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0 && createIfMissing) files.Add(Create(directory));
        var keys = files.Select(f =>
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(f));
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                key.Dispose();
                throw new InvalidOperationException($"signing key {f} is not an EC key in PEM form: {e.Message}", e);
            }
            if (key.KeySize != 256) throw new InvalidOperationException($"signing key {f} is not a P-256 key (ES256)");
            return (f, key, HasPrivate(key));
        }).ToList();
        if (!keys.Any(k
            => k.Item3)) throw new InvalidOperationException($"no private signing key in {directory}: dossiers cannot be signed");
        return new(keys);
    }

    /// <summary>Writes a new P-256 key, readable by this user only, named by the time it was made.</summary>
    public static string Create(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(directory, $"{DateTime.UtcNow:yyyy-MM-ddTHHmmss}Z-{Guid.NewGuid().ToString("N")[..6]}.pem");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(file))
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>The newest private key (by file name) and its id (computed once: keys never change after Load).</summary>
    public (ECDsa Key, string Kid) Signer { get; }

    /// <summary>Every key's public half (computed once: keys never change after Load).</summary>
    public JsonWebKeySet PublicKeys { get; }

    /// <summary>The ring as grains sign with it (chain heads, log checkpoints): the newest private key signs, every
    /// key verifies.</summary>
    public IRecordSigner RecordSigner() => new EcdsaRecordSigner(Signer.Kid, Signer.Key,
        keys.Select(k => k.Key).DistinctBy(JsonWebKeySet.Thumbprint).ToDictionary(JsonWebKeySet.Thumbprint));

    private static bool HasPrivate(ECDsa key)
    {
        try
        {
            return key.ExportParameters(includePrivateParameters: true).D is { Length: > 0 };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var (_, key, _) in keys) key.Dispose();
    }
}
