using System.Collections.Concurrent;
using Nguon.Domain.Log;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Log;

/// <summary>Range hashes of the tree from its pages, for one request: every page is read once, however many proof
/// nodes need it.</summary>
public sealed class LogPageReader(IGrainFactory grains)
{
    private static readonly LogTree Tree = LogTree.Default;
    private readonly ConcurrentDictionary<(int Level, long Page), Task<IReadOnlyList<byte[]>>> hashes = new();
    private readonly ConcurrentDictionary<long, Task<IReadOnlyList<LogLeaf>>> leaves = new();

    public Task<IReadOnlyList<LogLeaf>> Leaves(long page) =>
        leaves.GetOrAdd(page, p => grains.GetGrain<ILogLeafPageGrain>(LogPages.LeafKey(p)).Get());

    private Task<IReadOnlyList<byte[]>> Hashes(int level, long page) => hashes.GetOrAdd((level, page), async key =>
    {
        if (key.Level == 0) return [.. (await Leaves(key.Page)).Select(l => MerkleHash.Leaf(l.Bytes()))];
        var stored = await grains.GetGrain<ILogNodePageGrain>(LogPages.NodeKey(key.Level, key.Page)).Get();
        return [.. stored.Select(Convert.FromHexString)];
    });

    /// <summary>The tree hashes of <paramref name="ranges"/> (each a range a proof lists), as lower-case hex.</summary>
    public async Task<IReadOnlyList<string>> RangeHashes(IReadOnlyList<(long Start, long End)> ranges)
    {
        var pieces = ranges.Select(r => Tree.Pieces(r.Start, r.End)).ToList();
        var pages = pieces.SelectMany(p => p).Select(p => (p.Level, p.Page)).Distinct().ToList();
        var fetched = await Fanout.Map(pages, p => Hashes(p.Level, p.Page));
        var byPage = pages.Zip(fetched).ToDictionary(x => x.First, x => x.Second);
        var result = ranges.Select(r => Convert.ToHexStringLower(Tree.RangeHash(r.Start, r.End, (level, page) => byPage[(level, page)])))
            .ToList();
        return result;
    }

    public async Task<IReadOnlyList<string>> InclusionPath(long index, long size) =>
        await RangeHashes(Merkle.InclusionRanges(index, size));
}
