using System.Numerics;
using System.Security.Cryptography;
using Nguon.Model;

namespace Nguon.Domain.Log;

/// <summary>The Merkle tree of RFC 9162 §2.1: leaf hash SHA-256(0x00 ‖ leaf), node hash SHA-256(0x01 ‖ left ‖ right),
/// and the tree hash of n &gt; 1 items split at the largest power of two below n. Which ranges of leaves an
/// inclusion or a consistency proof lists (§2.1.3.1, §2.1.4.1) is planned here; the hashes of those ranges come
/// from the log's pages (<see cref="LogTree"/>).</summary>
public static class Merkle
{
    /// <summary>MTH of the empty tree: SHA-256 of nothing.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n &gt; 1): RFC 9162's split point k.</summary>
    public static long SplitPoint(long n) =>
        n > 1 ? 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1))) : throw new ArgumentOutOfRangeException(nameof(n));

    /// <summary>The tree hash over items that are already hashes (leaf hashes, or the hashes of equal full subtrees).
    /// Pairing level by level and promoting an odd last node unchanged builds exactly RFC 9162's tree.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> hashes)
    {
        if (hashes.Count == 0) return EmptyRoot();
        var level = hashes.ToArray();
        for (var count = level.Length; count > 1; count = (count + 1) / 2)
            for (var i = 0; i < count; i += 2)
                level[i / 2] = i + 1 < count ? MerkleHash.Node(level[i], level[i + 1]) : level[i];
        return level[0];
    }

    /// <summary>The leaf ranges [start, end) whose tree hashes make the inclusion proof of leaf
    /// <paramref name="index"/> in the tree of <paramref name="size"/> leaves, in proof order (PATH, §2.1.3.1).</summary>
    public static IReadOnlyList<(long Start, long End)> InclusionRanges(long index, long size)
    {
        if (index < 0 || index >= size) throw new ArgumentOutOfRangeException(nameof(index), $"leaf {index} is not in a tree of {size}");
        var ranges = new List<(long, long)>();
        long start = 0, end = size;
        // PATH(m, D[n]) = PATH(m, one half) : MTH(the other half): walking down collects the top sibling first.
        while (end - start > 1)
        {
            var k = SplitPoint(end - start);
            if (index - start < k)
            {
                ranges.Add((start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
            }
        }
        ranges.Reverse();
        return ranges;
    }

    /// <summary>The leaf ranges whose tree hashes make the consistency proof from the tree of <paramref name="first"/>
    /// leaves to the tree of <paramref name="second"/>, in proof order (PROOF = SUBPROOF(m, D[n], true), §2.1.4.1);
    /// empty when the sizes are equal.</summary>
    public static IReadOnlyList<(long Start, long End)> ConsistencyRanges(long first, long second)
    {
        if (first <= 0 || first > second)
            throw new ArgumentOutOfRangeException(nameof(first), $"no consistency proof from {first} to {second} leaves");
        var ranges = new List<(long, long)>();
        long start = 0, end = second, m = first;
        var whole = true; // b: D[0:m] is the old tree itself, whose hash the verifier has
        while (true)
        {
            var n = end - start;
            if (m == n)
            {
                if (!whole) ranges.Add((start, end));
                break;
            }
            var k = SplitPoint(n);
            if (m <= k)
            {
                ranges.Add((start + k, end));
                end = start + k;
            }
            else
            {
                ranges.Add((start, start + k));
                start += k;
                m -= k;
                whole = false;
            }
        }
        ranges.Reverse();
        return ranges;
    }
}
