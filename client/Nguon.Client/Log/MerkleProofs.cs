using System.Security.Cryptography;
using Nguon.Model;

namespace Nguon.Client.Log;

/// <summary>Checks RFC 9162 proofs (§2.1.3.2 inclusion, §2.1.4.2 consistency) as the RFC writes the algorithms, with
/// its hashes: leaf SHA-256(0x00 ‖ leaf), node SHA-256(0x01 ‖ left ‖ right). Needs nothing but the proof and the roots.</summary>
public static class MerkleProofs
{
    /// <summary>Whether <paramref name="path"/> proves that the leaf with hash <paramref name="leafHash"/> is leaf
    /// <paramref name="index"/> of the tree of <paramref name="size"/> leaves whose root is <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(byte[] leafHash, long index, long size, IReadOnlyList<byte[]> path, byte[] root)
    {
        if (index < 0 || index >= size) return false;
        long fn = index, sn = size - 1;
        var r = leafHash;
        foreach (var p in path)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHash.Node(p, r);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
            }
            else
            {
                r = MerkleHash.Node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>Whether <paramref name="path"/> proves that the tree of <paramref name="first"/> leaves with root
    /// <paramref name="firstRoot"/> is a prefix of the tree of <paramref name="second"/> leaves with root
    /// <paramref name="secondRoot"/>. Equal sizes need an empty proof and equal roots.</summary>
    public static bool VerifyConsistency(long first, long second, IReadOnlyList<byte[]> path, byte[] firstRoot, byte[] secondRoot)
    {
        if (first < 1 || first > second) return false;
        if (first == second) return path.Count == 0 && firstRoot.AsSpan().SequenceEqual(secondRoot);
        if (path.Count == 0) return false;
        List<byte[]> proof = (first & (first - 1)) == 0 ? [firstRoot, .. path] : [.. path];
        long fn = first - 1, sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = proof[0], sr = proof[0];
        foreach (var c in proof.Skip(1))
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHash.Node(c, fr);
                sr = MerkleHash.Node(c, sr);
                if ((fn & 1) == 0)
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
            }
            else
            {
                sr = MerkleHash.Node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    public static IReadOnlyList<byte[]> Hashes(IEnumerable<string> hex) => [.. hex.Select(Convert.FromHexString)];
}

/// <summary>The roots of the perfect subtrees left of a tree's right edge (a compact range from leaf 0): enough to
/// append leaves one by one and know the root, without keeping the leaves. A log monitor keeps one.</summary>
public sealed class CompactRange
{
    private readonly List<(long Size, byte[] Hash)> subtrees = [];

    public long Size { get; private set; }

    /// <summary>A range saved with <see cref="Hashes"/> for a tree of <paramref name="size"/> leaves.</summary>
    public static CompactRange Restore(long size, IReadOnlyList<string> hashes)
    {
        var range = new CompactRange { Size = size };
        var sizes = Enumerable.Range(0, 63).Reverse().Select(bit => 1L << bit).Where(s => (size & s) != 0).ToList();
        if (sizes.Count != hashes.Count)
            throw new FormatException($"a compact range of {size} leaves has {sizes.Count} subtree hashes, not {hashes.Count}");
        range.subtrees.AddRange(sizes.Zip(hashes, (s, h) => (s, Convert.FromHexString(h))));
        return range;
    }

    public IReadOnlyList<string> Hashes => [.. subtrees.Select(s => Convert.ToHexStringLower(s.Hash))];

    public void Append(byte[] leafHash)
    {
        subtrees.Add((1, leafHash));
        while (subtrees.Count > 1 && subtrees[^1].Size == subtrees[^2].Size)
        {
            var (right, left) = (subtrees[^1], subtrees[^2]);
            subtrees.RemoveRange(subtrees.Count - 2, 2);
            subtrees.Add((left.Size * 2, MerkleHash.Node(left.Hash, right.Hash)));
        }
        Size++;
    }

    public byte[] Root()
    {
        if (subtrees.Count == 0) return SHA256.HashData(ReadOnlySpan<byte>.Empty);
        var hash = subtrees[^1].Hash;
        for (var i = subtrees.Count - 2; i >= 0; i--) hash = MerkleHash.Node(subtrees[i].Hash, hash);
        return hash;
    }
}
