using System.Security.Cryptography;

namespace Nguon.Model;

/// <summary>RFC 9162 §2.1's two hashes, one definition for the log that builds the tree (grains) and the verifiers
/// that check its proofs (client): leaf SHA-256(0x00 ‖ leaf), node SHA-256(0x01 ‖ left ‖ right).</summary>
public static class MerkleHash
{
    public static byte[] Leaf(ReadOnlySpan<byte> leaf)
    {
        var input = new byte[leaf.Length + 1];
        leaf.CopyTo(input.AsSpan(1));
        return SHA256.HashData(input);
    }

    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> input = stackalloc byte[1 + left.Length + right.Length];
        input[0] = 1;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + left.Length)..]);
        return SHA256.HashData(input);
    }
}
