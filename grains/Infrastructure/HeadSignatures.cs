using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Infrastructure;

/// <summary>Sealing chain heads after each write (<see cref="IRecordSigner.Seal"/>), and checking them during
/// verification with the silo's key ring. Heads already found valid are remembered (per signer, bounded), which
/// matters for signers whose check is dear (an ES256 check is ≈ 0.5 ms).</summary>
public static class HeadSignatures
{
    /// <summary>Valid (head, key, signature) triples remembered per signer; the cache is emptied when it is full.</summary>
    public const int CacheSize = 50_000;

    private static readonly ConditionalWeakTable<IRecordSigner, ConcurrentDictionary<string, bool>> Verified = new();

    public static HeadSignature SignHead(this IRecordSigner signer, ChainHead head) =>
        new(signer.KeyId, signer.Seal(HeadSigning.Canonical(head)));

    /// <summary>The pure verifier's check, backed by <paramref name="signer"/>'s keys and the cache of valid heads.</summary>
    public static HeadCheck HeadCheck(this IRecordSigner signer)
    {
        var known = Verified.GetValue(signer, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        return (head, signature) =>
        {
            if (signature is not { KeyId: not null, Value: not null }) return false; // as stored, possibly edited
            var key = $"{(int)head.Kind}\n{head.Id}\n{head.Sequence}\n{head.Hash}\n{signature.KeyId}\n"
                + Convert.ToBase64String(signature.Value);
            if (known.ContainsKey(key)) return true;
            if (!signer.VerifySeal(signature.KeyId, HeadSigning.Canonical(head), signature.Value)) return false;
            if (known.Count >= CacheSize) known.Clear();
            known[key] = true;
            return true;
        };
    }
}
