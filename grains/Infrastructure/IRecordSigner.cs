using System.Security.Cryptography;

namespace Nguon.Infrastructure;

/// <summary>The silo's signing key as grains use it: chain heads and transparency-log checkpoints are signed with
/// it, so whoever can only write the database cannot forge them. ES256 (P-256, IEEE P1363 r‖s signatures).</summary>
public interface IRecordSigner
{
    /// <summary>The id of the key that signs (the JWK thumbprint published in the JWKS).</summary>
    string KeyId { get; }

    byte[] Sign(ReadOnlySpan<byte> data);

    /// <summary>True when <paramref name="signature"/> is a valid signature of <paramref name="data"/> by the key
    /// <paramref name="keyId"/> (a published key, current or retired); false for an unknown key.</summary>
    bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);
}

/// <summary>An <see cref="IRecordSigner"/> over a set of EC P-256 keys: the signer is the given one, every key
/// verifies. The silo builds it from its key ring; tests build one with a fresh key.</summary>
public sealed class EcdsaRecordSigner(string keyId, ECDsa signer, IReadOnlyDictionary<string, ECDsa> verifiers) : IRecordSigner
{
    public string KeyId { get; } = keyId;

    public byte[] Sign(ReadOnlySpan<byte> data) => signer.SignData(data, HashAlgorithmName.SHA256);

    public bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        verifiers.TryGetValue(keyId, out var key) && key.VerifyData(data, signature, HashAlgorithmName.SHA256);

    /// <summary>A signer with a new key held in memory only (grain tests).</summary>
    public static EcdsaRecordSigner Ephemeral()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var id = "test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        return new EcdsaRecordSigner(id, key, new Dictionary<string, ECDsa> { [id] = key });
    }
}
