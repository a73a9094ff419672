namespace Nguon.Domain.Log;

/// <summary>Changed entries of one page: <see cref="Entries"/> go at <see cref="Offset"/> onwards (for level 0 these
/// are leaf hashes; the page itself keeps the leaves).</summary>
public sealed record PageWrite(int Level, long Page, int Offset, IReadOnlyList<byte[]> Entries);

/// <summary>The page still filling at every level of a <see cref="LogTree"/>: all the sequencer keeps to append leaves
/// and to compute the root (each 1-bit of the size is a full subtree in the tail page of its level).</summary>
public sealed class TreeTails
{
    private readonly LogTree tree;
    private readonly List<List<byte[]>> tails;

    /// <param name="tails">Entry hashes of the tail page of each level, as many as the size says it holds.</param>
    public TreeTails(LogTree tree, long size, IReadOnlyList<IReadOnlyList<byte[]>> tails)
    {
        this.tree = tree;
        Size = size;
        this.tails = [.. tails.Select(t => t.ToList())];
        for (var level = 0; level < Math.Max(tree.Levels(size), this.tails.Count); level++)
        {
            var expected = tree.Tail(size, level).Count;
            var held = level < this.tails.Count ? this.tails[level].Count : 0;
            if (held != expected) throw new ArgumentException(
                $"the tail page of level {level} holds {held} entries; a tree of {size} leaves has {expected} there", nameof(tails));
        }
    }

    public static TreeTails Empty(LogTree tree) => new(tree, 0, []);

    public long Size { get; private set; }

    public IReadOnlyList<byte[]> Tail(int level) => level < tails.Count ? tails[level] : [];

    /// <summary>Appends leaves (their leaf hashes) and says which entries of which pages changed, full pages first.</summary>
    public IReadOnlyList<PageWrite> Append(IReadOnlyList<byte[]> leafHashes)
    {
        var writes = new List<PageWrite>();
        var dirtyFrom = new List<int>(); // per level: first entry of its tail page changed by this append, or -1
        foreach (var leaf in leafHashes)
        {
            var hash = leaf;
            for (var level = 0; ; level++)
            {
                while (tails.Count <= level) tails.Add([]);
                while (dirtyFrom.Count <= level) dirtyFrom.Add(-1);
                var tail = tails[level];
                if (dirtyFrom[level] < 0) dirtyFrom[level] = tail.Count;
                tail.Add(hash);
                if (tail.Count < tree.PageSize) break;
                // The page is full: written whole from where it changed, and its root goes up one level.
                var page = (tree.Entries(Size + 1, level) - 1) >> tree.PageBits;
                writes.Add(new PageWrite(level, page, dirtyFrom[level], [.. tail.Skip(dirtyFrom[level])]));
                hash = Merkle.Root(tail);
                tails[level] = [];
                dirtyFrom[level] = 0;
            }
            Size++;
        }
        for (var level = 0; level < dirtyFrom.Count; level++)
        {
            if (dirtyFrom[level] < 0 || dirtyFrom[level] >= tails[level].Count) continue;
            writes.Add(new PageWrite(level, tree.Tail(Size, level).Page, dirtyFrom[level], [.. tails[level].Skip(dirtyFrom[level])]));
        }
        return writes;
    }

    /// <summary>The tree hash of all <see cref="Size"/> leaves.</summary>
    public byte[] Root()
    {
        if (Size == 0) return Merkle.EmptyRoot();
        var pieces = tree.Pieces(0, Size);
        return LogTree.Fold([.. pieces.Select(p =>
        {
            if (p.Page != tree.Tail(Size, p.Level).Page)
                throw new InvalidOperationException($"the subtree at leaf {p.Start} is not in the tail page of level {p.Level}");
            return LogTree.PieceHash(p, Tail(p.Level));
        })]);
    }
}
