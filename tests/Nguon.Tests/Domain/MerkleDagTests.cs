using Nguon.Domain;
using Nguon.Model;
using Xunit;

namespace Nguon.Tests.Domain;

public class MerkleDagTests
{
    private static readonly string HeadA = new('a', 64), HeadB = new('b', 64), HeadC = new('c', 64);

    /// <summary>H-1 and H-2 harvested; H-1 split into S-1 and S-2; S-1 merged with H-2 into M-1.</summary>
    private static ChainBuilder Diamond()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.Harvest("H-2", 500m);
        return b.Split("H-1", ("S-1", 600m), ("S-2", 400m)).Merge("M-1", ("S-1", 600m), ("H-2", 500m));
    }

    private static Dictionary<string, Batch> Batches(ChainBuilder b, params string[] codes) =>
        codes.ToDictionary(c => c, c => b[c], StringComparer.Ordinal);

    private static string Root(ChainBuilder b, params string[] codes) => MerkleDag.NodeHashes("M-1", Batches(b, codes))["M-1"];

    [Fact]
    public void Node_hash_is_deterministic_sha256_hex()
    {
        Assert.Equal(MerkleDag.NodeHash(HeadA, [HeadB]), MerkleDag.NodeHash(HeadA, [HeadB]));
        Assert.Matches("^[0-9a-f]{64}$", MerkleDag.NodeHash(HeadA, []));
    }

    [Fact]
    public void Order_of_parents_does_not_matter()
    {
        Assert.Equal(MerkleDag.NodeHash(HeadA, [HeadB, HeadC]), MerkleDag.NodeHash(HeadA, [HeadC, HeadB]));
    }

    [Fact]
    public void Head_and_each_parent_change_the_node_hash()
    {
        var node = MerkleDag.NodeHash(HeadA, [HeadB]);
        Assert.NotEqual(node, MerkleDag.NodeHash(HeadC, [HeadB]));
        Assert.NotEqual(node, MerkleDag.NodeHash(HeadA, [HeadC]));
        Assert.NotEqual(node, MerkleDag.NodeHash(HeadA, []));
        Assert.NotEqual(node, MerkleDag.NodeHash(HeadA, [HeadB, HeadB]));
    }

    [Fact]
    public void Node_hashes_cover_every_batch_reachable_from_the_root()
    {
        var b = Diamond();
        var hashes = MerkleDag.NodeHashes("M-1", Batches(b, "H-1", "H-2", "S-1", "S-2", "M-1"));
        Assert.Equal(["H-1", "H-2", "M-1", "S-1"], hashes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(MerkleDag.NodeHash(b["H-1"].HeadHash, []), hashes["H-1"]);
        Assert.Equal(MerkleDag.NodeHash(b["S-1"].HeadHash, [hashes["H-1"]]), hashes["S-1"]);
        Assert.Equal(MerkleDag.NodeHash(b["M-1"].HeadHash, [hashes["S-1"], hashes["H-2"]]), hashes["M-1"]);
    }

    [Theory]
    [InlineData("H-1")]
    [InlineData("H-2")]
    [InlineData("S-1")]
    [InlineData("M-1")]
    public void Root_hash_changes_when_any_ancestor_head_changes(string code)
    {
        var b = Diamond();
        var before = Root(b, "H-1", "H-2", "S-1", "M-1");
        b.Update(code, x => x with { HeadHash = new string('9', 64) });
        Assert.NotEqual(before, Root(b, "H-1", "H-2", "S-1", "M-1"));
    }

    [Fact]
    public void Batches_outside_the_ancestry_do_not_change_the_root()
    {
        var b = Diamond();
        var before = Root(b, "H-1", "H-2", "S-1", "M-1");
        b.Update("S-2", x => x with { HeadHash = new string('9', 64) });
        Assert.Equal(before, Root(b, "H-1", "H-2", "S-1", "S-2", "M-1"));
    }

    [Fact]
    public void Missing_ancestor_changes_the_root()
    {
        var b = Diamond();
        Assert.NotEqual(Root(b, "H-1", "H-2", "S-1", "M-1"), Root(b, "H-2", "S-1", "M-1"));
        Assert.NotEqual(Root(b, "H-2", "S-1", "M-1"), Root(b, "H-1", "H-2", "M-1"));
    }

    [Fact]
    public void Order_of_parent_links_does_not_change_the_root()
    {
        var b = Diamond();
        var before = Root(b, "H-1", "H-2", "S-1", "M-1");
        b.Update("M-1", m => m with { Origin = m.Origin with { Parents = [.. m.Origin.Parents.Reverse()] } });
        Assert.Equal(before, Root(b, "H-1", "H-2", "S-1", "M-1"));
    }

    [Fact]
    public void Cyclic_state_terminates()
    {
        var b = Diamond();
        b.Update("H-1", h => h with { Origin = h.Origin with { Parents = [b["M-1"].Origin.Parents[0] with { Batch = "M-1" }] } });
        var hashes = MerkleDag.NodeHashes("M-1", Batches(b, "H-1", "H-2", "S-1", "M-1"));
        Assert.Matches("^[0-9a-f]{64}$", hashes["M-1"]);
    }
}
