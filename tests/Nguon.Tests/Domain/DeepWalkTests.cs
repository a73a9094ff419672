using System.Security.Cryptography;
using System.Text;
using Nguon.Domain;
using Nguon.Domain.Markets;
using Nguon.Model;
using Nguon.Silo.Labels;
using Xunit;

namespace Nguon.Tests.Domain;

/// <summary>Issue 12: every walk over a provenance graph is iterative. On synthetic graphs far deeper than the caps (a
/// 200,000-deep chain, which blew the call stack of the recursive versions) the walks finish, and on small random graphs
/// they give exactly what the recursive versions gave (small recursive references written here).</summary>
public class DeepWalkTests
{
    private const int Deep = 200_000;

    private static Batch Node(string code, params string[] parents) => new(code, null, null, "lychee", null, new(1m, "kg"), 1m,
        BatchStatus.Active, "GI-X", "packer", null,
        new BatchOrigin(parents.Length == 0 ? OriginKind.Harvest : OriginKind.Split, parents.Length == 0 ? "F" : null, null,
            [.. parents.Select(p => new ParentLink(p, new(1m, "kg"), 1, "", "GI-X"))], null),
        [], 0, Head(code), DateTimeOffset.UnixEpoch);

    private static string Head(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    /// <summary>c0 (no parent) ← c1 ← … ← c(n−1): each batch's one parent is the one before it.</summary>
    private static Dictionary<string, Batch> Chain(int n)
    {
        var batches = new Dictionary<string, Batch>(StringComparer.Ordinal) { ["c0"] = Node("c0") };
        for (var i = 1; i < n; i++) batches[$"c{i}"] = Node($"c{i}", $"c{i - 1}");
        return batches;
    }

    /// <summary>A random graph of a few dozen batches: several parents each, some parents absent from the map, and
    /// (unless <paramref name="acyclic"/>) edges that loop back, as only edited state could have.</summary>
    private static Dictionary<string, Batch> RandomGraph(int seed, bool acyclic)
    {
        var random = new Random(seed);
        var n = random.Next(1, 40);
        var batches = new Dictionary<string, Batch>(StringComparer.Ordinal);
        foreach (var i in Enumerable.Range(0, n).OrderBy(_ => random.Next()))
        {
            var parents = Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(0, 10) switch
            {
                0 => $"gone{random.Next(3)}",
                < 3 when !acyclic => $"r{random.Next(n)}",
                _ when i > 0 => $"r{random.Next(i)}",
                _ => $"gone{random.Next(3)}",
            }).Distinct().ToArray();
            batches[$"r{i}"] = Node($"r{i}", parents);
        }
        return batches;
    }

    // The recursive versions as they were before issue 12, kept here as references.

    private static Dictionary<string, string> RecursiveNodeHashes(string root, IReadOnlyDictionary<string, Batch> batches)
    {
        var memo = new Dictionary<string, string>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        string Visit(string code)
        {
            if (memo.TryGetValue(code, out var known)) return known;
            if (!batches.TryGetValue(code, out var batch) || !visiting.Add(code)) return "missing:" + code;
            var hash = MerkleDag.NodeHash(batch.HeadHash, batch.Origin.Parents.Select(p => Visit(p.Batch)));
            visiting.Remove(code);
            return memo[code] = hash;
        }
        Visit(root);
        return memo;
    }

    private static List<Violation> RecursiveFindCycles(IReadOnlyDictionary<string, Batch> batches)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new List<Violation>();
        void Visit(string code)
        {
            state[code] = 1;
            foreach (var p in batches[code].Origin.Parents)
            {
                if (!batches.ContainsKey(p.Batch)) continue;
                var s = state.GetValueOrDefault(p.Batch);
                if (s == 1) found.Add(new("lineage.cycle", $"lineage of {code} loops back through {p.Batch}"));
                else if (s == 0) Visit(p.Batch);
            }
            state[code] = 2;
        }
        foreach (var code in batches.Keys)
            if (state.GetValueOrDefault(code) == 0) Visit(code);
        return found;
    }

    private static Dictionary<string, int> RecursiveTiers(IReadOnlyDictionary<string, Batch> batches)
    {
        var tier = new Dictionary<string, int>(StringComparer.Ordinal);
        int Tier(string code) => tier.TryGetValue(code, out var t) ? t
            : tier[code] = batches[code].Origin.Parents.Where(p => batches.ContainsKey(p.Batch))
                .Select(p => Tier(p.Batch) + 1).DefaultIfEmpty(2).Max();
        foreach (var code in batches.Keys.OrderBy(c => c, StringComparer.Ordinal)) Tier(code);
        return tier;
    }

    [Fact]
    public void Merkle_node_hashes_of_a_200000_deep_chain_are_computed_without_a_deep_call_stack()
    {
        var batches = Chain(Deep);
        var hashes = MerkleDag.NodeHashes($"c{Deep - 1}", batches);

        Assert.Equal(Deep, hashes.Count);
        var expected = MerkleDag.NodeHash(Head("c0"), []);
        for (var i = 1; i < Deep; i++) expected = MerkleDag.NodeHash(Head($"c{i}"), [expected]);
        Assert.Equal(expected, hashes[$"c{Deep - 1}"]);
    }

    [Fact]
    public void Cycle_check_of_a_200000_deep_chain_finishes_and_finds_the_one_loop_an_edit_made()
    {
        var batches = Chain(Deep);
        Assert.Empty(BatchRules.FindCycles(batches));

        batches["c0"] = Node("c0", $"c{Deep - 1}"); // the harvest edited to descend from the tip
        var loop = Assert.Single(BatchRules.FindCycles(batches));
        Assert.Equal("lineage.cycle", loop.Rule);
    }

    [Fact]
    public void Chain_view_tiers_of_a_200000_deep_chain_put_each_batch_one_row_below_its_parent()
    {
        var tiers = ChainView.Tiers(Chain(Deep));
        Assert.Equal(Deep, tiers.Count);
        Assert.All(Enumerable.Range(0, Deep), i => Assert.Equal(i + 2, tiers[$"c{i}"]));
    }

    [Fact]
    public void Chain_view_tiers_of_an_edited_loop_are_still_placed()
    {
        var batches = Chain(1_000);
        batches["c0"] = Node("c0", "c999");
        var tiers = ChainView.Tiers(batches);
        Assert.Equal(1_000, tiers.Count);
        Assert.All(tiers.Values, t => Assert.InRange(t, 2, 1_001));
    }

    [Fact]
    public void Verification_of_a_200000_deep_graph_finishes_with_a_verdict()
    {
        var batches = Chain(Deep);
        // Root first, then ancestors, as a trace lists them: the cycle check starts at the tip and goes all the way down.
        var graph = new ProvenanceGraph($"c{Deep - 1}", "", [.. batches.Values.Reverse().Select(b => new BatchNode(b, []))], [], [], [], [],
            []);
        var verification = ChainVerifier.Verify(graph, Fixtures.Heads, Fixtures.Now);
        Assert.Equal(Verdict.NotVerified, verification.Verdict);
        Assert.Equal(Deep, verification.BatchesChecked);
    }

    [Fact]
    public void On_small_random_graphs_the_iterative_walks_give_what_the_recursive_ones_gave()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var graph = RandomGraph(seed, acyclic: false);
            foreach (var root in graph.Keys.Append("gone0"))
                Assert.Equal(RecursiveNodeHashes(root, graph), MerkleDag.NodeHashes(root, graph));
            Assert.Equal(RecursiveFindCycles(graph), BatchRules.FindCycles(graph));

            var acyclic = RandomGraph(seed, acyclic: true);
            Assert.Empty(BatchRules.FindCycles(acyclic));
            Assert.Equal(RecursiveTiers(acyclic), ChainView.Tiers(acyclic));
        }
    }

    [Fact]
    public void Random_graphs_do_contain_loops_and_missing_parents()
    {
        var graphs = Enumerable.Range(0, 500).Select(seed => RandomGraph(seed, acyclic: false)).ToList();
        Assert.Contains(graphs, g => RecursiveFindCycles(g).Count > 0);
        Assert.Contains(graphs, g => g.Values.Any(b => b.Origin.Parents.Any(p => !g.ContainsKey(p.Batch))));
        Assert.Contains(graphs, g => g.Values.Any(b => b.Origin.Parents.Count > 1));
    }
}

/// <summary>Issue 12: the caps every walk applies, as pure rules.</summary>
public class TraceLimitsTests
{
    [Fact]
    public void A_chain_of_MaxDepth_plus_one_batches_is_walked_and_one_level_more_is_too_deep()
    {
        Assert.Null(TraceLimits.Check("B", TraceLimits.Direction.Ancestry, TraceLimits.MaxDepth, TraceLimits.MaxDepth + 1));
        var deep = TraceLimits.Check("B", TraceLimits.Direction.Ancestry, TraceLimits.MaxDepth + 1, TraceLimits.MaxDepth + 2);
        Assert.Equal("trace.too-deep", deep?.Rule);
        Assert.Equal($"the ancestry of B is more than {TraceLimits.MaxDepth} levels deep", deep?.Message);
    }

    [Fact]
    public void More_batches_than_the_cap_is_too_large_and_the_public_cap_is_smaller()
    {
        Assert.Null(TraceLimits.Check("B", TraceLimits.Direction.Descendants, 3, TraceLimits.MaxBatches));
        var large = TraceLimits.Check("B", TraceLimits.Direction.Descendants, 3, TraceLimits.MaxBatches + 1);
        Assert.Equal("trace.too-large", large?.Rule);
        Assert.Equal($"the recall scope of B exceeds {TraceLimits.MaxBatches} batches", large?.Message);
        Assert.True(TraceLimits.MaxPublicBatches < TraceLimits.MaxBatches);
        var publicCap = TraceLimits.MaxPublicBatches;
        Assert.Equal("trace.too-large", TraceLimits.Check("B", TraceLimits.Direction.Ancestry, 3, publicCap + 1, publicCap)?.Rule);
    }

    [Fact]
    public void Real_chains_of_hundreds_of_levels_are_within_the_caps()
    {
        Assert.InRange(TraceLimits.MaxDepth, 500, 5_000);
        Assert.Null(TraceLimits.Check("B", TraceLimits.Direction.Ancestry, 500, 2_000, TraceLimits.MaxPublicBatches));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("JP", null)]
    [InlineData("jp", null)]
    [InlineData("auto", "market.unknown")]
    [InlineData("XX", "market.unknown")]
    [InlineData("J P", "input.market")]
    public void Market_codes_are_checked_by_a_pure_rule(string? market, string? rule) =>
        Assert.Equal(rule, MarketCodes.Check(market)?.Rule);
}
