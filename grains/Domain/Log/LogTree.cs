using System.Numerics;
using Nguon.Model;

namespace Nguon.Domain.Log;

/// <summary>Where the log's hashes are kept, so that no proof walks the leaves. Level 0 is the leaves, in pages of
/// <see cref="PageSize"/>; entry i of level L+1 is the tree hash of the full page i of level L. A full subtree of
/// 2^j leaves aligned on its size is then 2^(j mod b) consecutive entries of level j div b, all in one page
/// (b = <see cref="PageBits"/>): every range hash a proof needs costs one page read per full subtree in it, and at most
/// 2^(b-1) hashes.</summary>
public sealed record LogTree(int PageBits)
{
    /// <summary>The production layout: 256 entries a page.</summary>
    public static readonly LogTree Default = new(8);

    public int PageSize => 1 << PageBits;

    /// <summary>One full, aligned subtree [Start, Start + 2^Bits) and where its entries are.</summary>
    public readonly record struct Piece(long Start, int Bits, int Level, long Page, int Offset, int Count);

    /// <summary>The full aligned subtrees that make up the range [start, end) of an RFC 9162 tree, largest first: the tree
    /// hash of the range folds them from the right (<see cref="Fold"/>). The range must start on a multiple of the largest
    /// power of two not above its length, as every range of a proof or of a tree's root does.</summary>
    public IReadOnlyList<Piece> Pieces(long start, long end)
    {
        if (start < 0 || end <= start) throw new ArgumentOutOfRangeException(nameof(end), $"[{start}, {end}) is not a range of leaves");
        var pieces = new List<Piece>();
        while (start < end)
        {
            var bits = 63 - BitOperations.LeadingZeroCount((ulong)(end - start));
            if ((start & ((1L << bits) - 1)) != 0)
                throw new ArgumentException($"[{start}, {end}) does not start on a multiple of {1L << bits}", nameof(start));
            pieces.Add(Locate(start, bits));
            start += 1L << bits;
        }
        return pieces;
    }

    public Piece Locate(long start, int bits)
    {
        var level = bits / PageBits;
        var entry = start >> (level * PageBits);
        return new Piece(start, bits, level, entry >> PageBits, (int)(entry & (PageSize - 1)), 1 << (bits % PageBits));
    }

    /// <summary>The tree hash of a range from the hashes of its pieces (RFC 9162 splits off the largest power of two on
    /// the left, so the pieces nest to the right).</summary>
    public static byte[] Fold(IReadOnlyList<byte[]> pieceHashes)
    {
        if (pieceHashes.Count == 0) throw new ArgumentException("a range has at least one piece", nameof(pieceHashes));
        var hash = pieceHashes[^1];
        for (var i = pieceHashes.Count - 2; i >= 0; i--) hash = MerkleHash.Node(pieceHashes[i], hash);
        return hash;
    }

    /// <summary>The tree hash of the range [start, end) from the pages (<paramref name="page"/>: the entries of page p of
    /// level L) that hold its pieces.</summary>
    public byte[] RangeHash(long start, long end, Func<int, long, IReadOnlyList<byte[]>> page) =>
        Fold([.. Pieces(start, end).Select(p => PieceHash(p, page(p.Level, p.Page)))]);

    /// <summary>The tree hash of a piece from the entries of its page.</summary>
    public static byte[] PieceHash(Piece piece, IReadOnlyList<byte[]> pageEntries)
    {
        if (pageEntries.Count < piece.Offset + piece.Count)
            throw new InvalidOperationException($"page {piece.Page} of level {piece.Level} holds {pageEntries.Count} entries, "
                + $"not the {piece.Offset + piece.Count} a subtree at leaf {piece.Start} needs");
        return Merkle.Root([.. pageEntries.Skip(piece.Offset).Take(piece.Count)]);
    }

    /// <summary>Entries level <paramref name="level"/> has in a tree of <paramref name="size"/> leaves.</summary>
    public long Entries(long size, int level) => size >> (level * PageBits);

    /// <summary>The page of <paramref name="level"/> still filling (its index, and how many entries it holds).</summary>
    public (long Page, int Count) Tail(long size, int level)
    {
        var entries = Entries(size, level);
        return (entries >> PageBits, (int)(entries & (PageSize - 1)));
    }

    /// <summary>How many levels hold entries in a tree of <paramref name="size"/> leaves (0 for the empty tree).</summary>
    public int Levels(long size)
    {
        var levels = 0;
        while (Entries(size, levels) > 0) levels++;
        return levels;
    }
}
