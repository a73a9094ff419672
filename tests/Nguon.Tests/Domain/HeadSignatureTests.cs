using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>The silo's head signatures (grains/Infrastructure/HeadSignatures): valid only for the head they were made
/// for and only under the ring's keys; valid ones are remembered so a warm trace does not check them again.</summary>
public class HeadSignatureTests
{
    private static readonly ChainHead Head = new(RecordKind.Batch, "H-1", 3, new string('a', 64));

    /// <summary>Counts the seal checks the cache lets through to the key ring.</summary>
    private sealed class CountingSigner(IRecordSigner inner) : IRecordSigner
    {
        public int Checks;
        public string KeyId => inner.KeyId;
        public byte[] Sign(ReadOnlySpan<byte> data) => inner.Sign(data);
        public bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => inner.Verify(keyId, data, signature);
        public byte[] Seal(ReadOnlySpan<byte> data) => inner.Seal(data);

        public bool VerifySeal(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> seal)
        {
            Interlocked.Increment(ref Checks);
            return inner.VerifySeal(keyId, data, seal);
        }
    }

    [Fact]
    public void Seals_are_keyed_by_the_private_key_and_a_ring_without_it_checks_none()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using var publicOnly = System.Security.Cryptography.ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        var ring = new EcdsaRecordSigner("k1", key, new Dictionary<string, System.Security.Cryptography.ECDsa> { ["k1"] = key });
        var seal = ring.SignHead(Head);
        Assert.Equal(32, seal.Value.Length); // HMAC-SHA256, not an ES256 signature (64 bytes)
        Assert.Equal(seal.Value, ring.SignHead(Head).Value);
        Assert.True(ring.HeadCheck()(Head, seal));
        // The same key id over another key, and a ring holding only the public half, accept nothing.
        var other = EcdsaRecordSigner.Ephemeral();
        using var impostorKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var impostor = new EcdsaRecordSigner("k1", impostorKey, new Dictionary<string, System.Security.Cryptography.ECDsa> { ["k1"] = impostorKey });
        Assert.False(impostor.HeadCheck()(Head, seal));
        Assert.False(other.HeadCheck()(Head, seal with { KeyId = other.KeyId }));
        // A ring that signs with another key and holds k1's public half only (a key reduced to its public half).
        var verifierOnly = new EcdsaRecordSigner(other.KeyId, impostorKey,
            new Dictionary<string, System.Security.Cryptography.ECDsa> { ["k1"] = publicOnly, [other.KeyId] = impostorKey });
        Assert.False(verifierOnly.HeadCheck()(Head, seal));
        // A signer whose ring lists its own key by the public half only still checks its own seals.
        Assert.True(new EcdsaRecordSigner("k1", key, new Dictionary<string, System.Security.Cryptography.ECDsa> { ["k1"] = publicOnly })
            .HeadCheck()(Head, seal));
    }

    [Fact]
    public void A_signature_holds_for_its_head_only_and_under_the_ring_s_keys_only()
    {
        var signer = EcdsaRecordSigner.Ephemeral();
        var signature = signer.SignHead(Head);
        Assert.Equal(signer.KeyId, signature.KeyId);
        var check = signer.HeadCheck();
        Assert.True(check(Head, signature));
        Assert.False(check(Head with { Sequence = 4 }, signature));
        Assert.False(check(Head with { Hash = new string('b', 64) }, signature));
        Assert.False(check(Head with { Id = "H-2" }, signature));
        Assert.False(check(Head with { Kind = RecordKind.Farm }, signature));
        Assert.False(check(Head, signature with { KeyId = "another-key" }));
        Assert.False(check(Head, signature with { Value = [.. signature.Value.Select((b, i) => i == 0 ? (byte)(b ^ 1) : b)] }));
        Assert.False(check(Head, new HeadSignature(null!, null!)));
        Assert.False(EcdsaRecordSigner.Ephemeral().HeadCheck()(Head, signature));
    }

    [Fact]
    public void Valid_heads_are_checked_once_and_invalid_ones_every_time()
    {
        var signer = new CountingSigner(EcdsaRecordSigner.Ephemeral());
        var signature = signer.SignHead(Head);
        for (var i = 0; i < 5; i++) Assert.True(signer.HeadCheck()(Head, signature));
        Assert.Equal(1, signer.Checks);
        for (var i = 0; i < 3; i++) Assert.False(signer.HeadCheck()(Head with { Sequence = 9 }, signature));
        Assert.Equal(4, signer.Checks);
    }

    /// <summary>A key ring that accepts every signature (no cryptography: the bound is what is tested).</summary>
    private sealed class AcceptingSigner : IRecordSigner
    {
        public string KeyId => "k";
        public byte[] Sign(ReadOnlySpan<byte> data) => [1];
        public bool Verify(string keyId, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => true;
    }

    [Fact]
    public void The_cache_stays_bounded()
    {
        var signer = new CountingSigner(new AcceptingSigner());
        var signature = signer.SignHead(Head);
        var check = signer.HeadCheck();
        Assert.True(check(Head, signature));
        Assert.True(check(Head, signature));
        Assert.Equal(1, signer.Checks);
        // Other heads fill the cache until it is emptied: the first head is checked again after that.
        for (var i = 0; i < HeadSignatures.CacheSize; i++) Assert.True(check(Head with { Sequence = 100 + i }, signature));
        Assert.Equal(1 + HeadSignatures.CacheSize, signer.Checks);
        Assert.True(check(Head, signature));
        Assert.Equal(2 + HeadSignatures.CacheSize, signer.Checks);
    }
}
