using Nguon.Client.Log;
using Nguon.Domain.Log;
using Nguon.Log;
using Nguon.Model;
using static Nguon.Tests.Log.IndependentRfc9162;

namespace Nguon.Tests.Log;

/// <summary>The log's Merkle tree against RFC 9162: the Certificate Transparency test vectors, then every tree size
/// 1–300 and every index/size pair, with the tree kept in pages as the log keeps it (256 a page, and 4 a page so that
/// three levels of pages are crossed), each proof equal to the RFC's definition and accepted by both the client's
/// check and the independent one, and a changed proof refused by both.</summary>
public sealed class MerkleTests
{
    // RFC 6962 test vectors as transparency-dev/merkle publishes them (data only).
    private static readonly byte[][] VectorLeaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }
            .Select(Convert.FromHexString)];

    private static readonly string[] VectorRoots =
    [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void The_tree_hashes_are_the_Certificate_Transparency_vectors()
    {
        var hashes = VectorLeaves.Select(l => MerkleHash.Leaf(l)).ToList();
        var range = new CompactRange();
        for (var n = 0; n <= hashes.Count; n++)
        {
            Assert.Equal(VectorRoots[n], Convert.ToHexStringLower(Merkle.Root(hashes[..n])));
            Assert.Equal(VectorRoots[n], Convert.ToHexStringLower(Mth(hashes[..n])));
            Assert.Equal(VectorRoots[n], Convert.ToHexStringLower(range.Root()));
            var tails = TreeTails.Empty(LogTree.Default);
            tails.Append(hashes[..n]);
            Assert.Equal(VectorRoots[n], Convert.ToHexStringLower(tails.Root()));
            if (n < hashes.Count) range.Append(hashes[n]);
        }
    }

    [Theory]
    [InlineData(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    public void Inclusion_proofs_are_the_vectors(int index, int size, params string[] expected)
    {
        var pages = Pages.Of(LogTree.Default, VectorLeaves.Select(l => MerkleHash.Leaf(l)).ToList());
        var path = pages.Inclusion(index, size);
        Assert.Equal(expected, path.Select(Convert.ToHexStringLower));
        var root = Convert.FromHexString(VectorRoots[size]);
        Assert.True(MerkleProofs.VerifyInclusion(MerkleHash.Leaf(VectorLeaves[index]), index, size, path, root));
        Assert.True(VerifyInclusion(Leaf(VectorLeaves[index]), index, size, path, root));
    }

    [Theory]
    [InlineData(2, 8, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")]
    [InlineData(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")]
    public void Consistency_proofs_are_the_vectors(int first, int second, params string[] expected)
    {
        var pages = Pages.Of(LogTree.Default, VectorLeaves.Select(l => MerkleHash.Leaf(l)).ToList());
        var proof = pages.Consistency(first, second);
        Assert.Equal(expected, proof.Select(Convert.ToHexStringLower));
        var (oldRoot, newRoot) = (Convert.FromHexString(VectorRoots[first]), Convert.FromHexString(VectorRoots[second]));
        Assert.True(MerkleProofs.VerifyConsistency(first, second, proof, oldRoot, newRoot));
        Assert.True(VerifyConsistency(first, second, proof, oldRoot, newRoot));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(2)]
    public void Every_proof_of_every_tree_up_to_300_leaves_is_the_RFCs_and_verifies(int pageBits)
    {
        const int max = 300;
        var leaves = Enumerable.Range(0, max).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i * 7919))).ToArray();
        var reference = new Reference(leaves);
        var pages = Pages.Of(new LogTree(pageBits), leaves, chunks: new Random(pageBits));
        for (var n = 1; n <= max; n++)
        {
            var root = reference.Mth(0, n);
            Assert.Equal(root, pages.RangeHash(0, n));
            for (var m = 0; m < n; m++)
            {
                var path = pages.Inclusion(m, n);
                Assert.Equal(reference.Path(m, n), path);
                Assert.True(MerkleProofs.VerifyInclusion(leaves[m], m, n, path, root), $"client: leaf {m} of {n}");
                Assert.True(VerifyInclusion(leaves[m], m, n, path, root), $"independent: leaf {m} of {n}");
            }
            for (var m = 1; m <= n; m++)
            {
                var proof = pages.Consistency(m, n);
                var oldRoot = reference.Mth(0, m);
                Assert.Equal(reference.Proof(m, n), proof);
                Assert.True(MerkleProofs.VerifyConsistency(m, n, proof, oldRoot, root), $"client: {m} ⊑ {n}");
                Assert.True(VerifyConsistency(m, n, proof, oldRoot, root), $"independent: {m} ⊑ {n}");
            }
        }
    }

    [Fact]
    public void A_changed_proof_index_size_or_root_is_refused_by_both_checks()
    {
        var leaves = Enumerable.Range(0, 77).Select(i => MerkleHash.Leaf([(byte)i, 1])).ToArray();
        var reference = new Reference(leaves);
        var pages = Pages.Of(LogTree.Default, leaves);
        foreach (var (m, n) in new[] { (0, 77), (13, 77), (76, 77), (31, 64), (5, 6) })
        {
            var root = reference.Mth(0, n);
            var path = pages.Inclusion(m, n);
            foreach (var bad in Tampered(path))
            {
                Assert.False(MerkleProofs.VerifyInclusion(leaves[m], m, n, bad, root));
                Assert.False(VerifyInclusion(leaves[m], m, n, bad, root));
            }
            Assert.False(MerkleProofs.VerifyInclusion(leaves[m], m ^ 1, n, path, root));
            Assert.False(VerifyInclusion(leaves[m], m ^ 1, n, path, root));
            // (A size of the same shape from the leaf's view, such as 78 for leaf 0 of 77, rebuilds the same root: the
            // checkpoint's signature binds size and root together.)
            Assert.False(MerkleProofs.VerifyInclusion(leaves[m], m, 2 * n, path, root));
            Assert.False(VerifyInclusion(leaves[m], m, 2 * n, path, root));
            Assert.False(MerkleProofs.VerifyInclusion(leaves[m], m, m, path, root));
            Assert.False(VerifyInclusion(leaves[m], m, m, path, root));
            Assert.False(MerkleProofs.VerifyInclusion(leaves[(m + 1) % n], m, n, path, root));
            Assert.False(VerifyInclusion(leaves[(m + 1) % n], m, n, path, root));
        }
        foreach (var (m, n) in new[] { (1, 77), (13, 77), (64, 77), (31, 64), (7, 8) })
        {
            var (oldRoot, newRoot) = (reference.Mth(0, m), reference.Mth(0, n));
            var proof = pages.Consistency(m, n);
            foreach (var bad in Tampered(proof))
            {
                Assert.False(MerkleProofs.VerifyConsistency(m, n, bad, oldRoot, newRoot));
                Assert.False(VerifyConsistency(m, n, bad, oldRoot, newRoot));
            }
            // The old tree with one leaf changed: the log rewrote history.
            var rewritten = new Reference([.. leaves.Select((l, i) => i == m / 2 ? MerkleHash.Leaf([9, 9]) : l)]);
            Assert.False(MerkleProofs.VerifyConsistency(m, n, proof, rewritten.Mth(0, m), newRoot));
            Assert.False(VerifyConsistency(m, n, proof, rewritten.Mth(0, m), newRoot));
            Assert.False(MerkleProofs.VerifyConsistency(m, n, pages.Consistency(m, n), oldRoot, rewritten.Mth(0, n)));
        }
    }

    private static IEnumerable<List<byte[]>> Tampered(IReadOnlyList<byte[]> proof)
    {
        for (var i = 0; i < proof.Count; i++)
        {
            var changed = proof.Select(h => (byte[])h.Clone()).ToList();
            changed[i][0] ^= 1;
            yield return changed;
        }
        if (proof.Count > 0) yield return [.. proof.Take(proof.Count - 1)];
        yield return [.. proof, proof.Count > 0 ? proof[0] : new byte[32]];
    }

    /// <summary>The log's pages in memory, filled as the sequencer fills them (appends in random chunks, applying its
    /// page writes with the page grains' rule), read as the query grain reads them.</summary>
    private sealed class Pages
    {
        private readonly LogTree tree;
        private readonly Dictionary<(int Level, long Page), List<byte[]>> pages = [];

        private Pages(LogTree tree) => this.tree = tree;

        public static Pages Of(LogTree tree, IReadOnlyList<byte[]> leaves, Random? chunks = null)
        {
            var result = new Pages(tree);
            var tails = TreeTails.Empty(tree);
            var reference = new Reference([.. leaves]);
            for (var done = 0; done < leaves.Count;)
            {
                var take = Math.Min(leaves.Count - done, chunks?.Next(1, 40) ?? leaves.Count);
                foreach (var write in tails.Append([.. leaves.Skip(done).Take(take)]))
                {
                    var stored = result.pages.GetValueOrDefault((write.Level, write.Page)) ?? [];
                    result.pages[(write.Level, write.Page)] = LogPages.Put(stored, write.Offset, write.Entries, "test");
                }
                done += take;
                Assert.Equal(reference.Mth(0, done), tails.Root());
            }
            return result;
        }

        public byte[] RangeHash(long start, long end) => tree.RangeHash(start, end, (level, page) => pages[(level, page)]);

        public List<byte[]> Inclusion(long m, long n) => [.. Merkle.InclusionRanges(m, n).Select(r => RangeHash(r.Start, r.End))];

        public List<byte[]> Consistency(long m, long n) => [.. Merkle.ConsistencyRanges(m, n).Select(r => RangeHash(r.Start, r.End))];
    }
}
