using System.Buffers.Text;
using System.Security.Cryptography;
using Nguon.Client.Dossiers;
using Nguon.Model;

namespace Nguon.Client.Log;

/// <summary>The log does not hold what it must: a bad signature, a proof that fails, a rewritten history.</summary>
public sealed class LogVerificationException(string message) : Exception(message);

/// <summary>Checks of log objects against the issuer's published keys (the JWKS that verifies dossiers).</summary>
public static class LogVerification
{
    /// <summary>Throws unless the checkpoint is signed by a key of <paramref name="keys"/>.</summary>
    public static void CheckSignature(LogCheckpoint checkpoint, JsonWebKeySet keys)
    {
        ECDsa key;
        try
        {
            key = keys.Find(checkpoint.KeyId)
                ?? throw new LogVerificationException($"checkpoint {checkpoint.TreeSize} is signed by key {checkpoint.KeyId}, "
                    + "which is not in the key set");
        }
        catch (JwsException e)
        {
            throw new LogVerificationException(e.Message);
        }
        using (key)
        {
            byte[] signature;
            try
            {
                signature = Base64Url.DecodeFromChars(checkpoint.Signature);
            }
            catch (FormatException)
            {
                throw new LogVerificationException($"checkpoint {checkpoint.TreeSize}'s signature is not base64url");
            }
            if (!IsHash(checkpoint.RootHash) || !key.VerifyData(checkpoint.SignedBytes(), signature, HashAlgorithmName.SHA256))
                throw new LogVerificationException($"checkpoint {checkpoint.TreeSize} (root {checkpoint.RootHash}) does not verify with "
                    + $"key {checkpoint.KeyId}: it was altered or signed by another key");
        }
    }

    /// <summary>Throws unless <paramref name="head"/>'s leaf is in the tree <paramref name="checkpoint"/> signs.</summary>
    public static void CheckInclusion(LoggedHead head, LogCheckpoint checkpoint)
    {
        var leafHash = MerkleHash.Leaf(head.Leaf.Bytes());
        if (!head.Path.All(IsHash) || !MerkleProofs.VerifyInclusion(leafHash, head.LeafIndex, checkpoint.TreeSize,
                MerkleProofs.Hashes(head.Path), Convert.FromHexString(checkpoint.RootHash)))
            throw new LogVerificationException($"the log proof of {LogLeaf.KindName(head.Kind)} {head.Id} (sequence {head.Sequence}, "
                + $"leaf {head.LeafIndex}) does not verify against checkpoint {checkpoint.TreeSize}");
    }

    public static bool IsHash(string hex) => hex.Length == 64 && hex.All(char.IsAsciiHexDigitLower);
}
