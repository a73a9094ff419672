using Nguon.Log;
using Nguon.Model;
using Nguon.Tests.Infrastructure;
using static Nguon.Tests.Log.IndependentRfc9162;

namespace Nguon.Tests.Log;

/// <summary>The log through its grains (a test cluster of its own): every head batches write, concurrently, reaches
/// the log exactly once and in each record's order; submitters share intake writes (group commit); a write that
/// fails at any step of the intake or of a sequencer run loses no acknowledged head and duplicates none, and every
/// checkpoint stays consistent with the later ones.</summary>
public sealed partial class LogGrainTests(LogClusterFixture fixture) : IClassFixture<LogClusterFixture>
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Heads_of_many_batches_written_concurrently_are_all_logged_exactly_once_in_order()
    {
        var world = await new Scenario(Grains).WithCertificate(maxYield: 1_000_000m);
        await world.AuthorisedFarm("farm", areaHa: 100m);
        var codes = Enumerable.Range(0, 24).Select(i => $"b{i}").ToList();
        var heads = new List<ChainHead>[codes.Count];
        await Task.WhenAll(codes.Select(async (name, i) =>
        {
            heads[i] = [Head(await world.Harvest("farm", name, 100m))];
            for (var e = 0; e < 6; e++)
            {
                World(await world.Batch(name).RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 11, 8 + e)), world.Producer));
                heads[i].Add(Head((await world.Batch(name).GetRecord())!));
            }
        }));

        await fixture.Logged([.. heads.Select(h => h[^1])]);
        var (checkpoint, leaves) = await fixture.Everything();
        foreach (var record in heads)
        {
            var mine = leaves.Where(e => e.Leaf.Record == LogLeaf.RecordOf(RecordKind.Batch, record[0].Id)).ToList();
            Assert.Equal(record.Select(h => (h.Sequence, h.Hash)), mine.Select(e => (e.Leaf.Sequence, e.Leaf.Hash)));
        }
        Assert.Equal(Mth([.. leaves.Select(e => Leaf(e.Leaf.Bytes()))]), Convert.FromHexString(checkpoint.RootHash));
        Assert.True(LogClusterFixture.Signer.Verify(checkpoint.KeyId, checkpoint.SignedBytes(),
            System.Buffers.Text.Base64Url.DecodeFromChars(checkpoint.Signature)));
    }

    [Fact]
    public async Task Concurrent_submitters_to_one_shard_share_its_writes_and_all_reach_the_log()
    {
        var heads = Synthetic("group", 4000).Where(h => HeadLog.ShardOf(h) == 3).Take(200).ToList();
        Assert.Equal(200, heads.Count);
        long writes;
        // Each write takes 20 ms, as a database commit under load may: submitters arrive while one is in flight.
        using (FaultyStorage.Slow("log-intake", TimeSpan.FromMilliseconds(20)))
        {
            var before = FaultyStorage.WritesOf("log-intake");
            await Task.WhenAll(heads.Select(h => HeadLog.Append(Grains, h)));
            writes = FaultyStorage.WritesOf("log-intake") - before;
        }
        // 200 submitters at once: one write each would be 200; the group commit shares them (and seals 64-entry chunks).
        Assert.True(writes < heads.Count / 4, $"{heads.Count} concurrent submits took {writes} intake writes");
        var proofs = await fixture.Logged(heads);
        Assert.Equal(heads.Count, proofs.Heads.Select(h => h.LeafIndex).Distinct().Count());
        foreach (var head in proofs.Heads)
            Assert.True(VerifyInclusion(Leaf(head.Leaf.Bytes()), head.LeafIndex, proofs.Checkpoint!.TreeSize,
                [.. head.Path.Select(Convert.FromHexString)], Convert.FromHexString(proofs.Checkpoint.RootHash)));
    }

    [Theory]
    [InlineData("log-sequencer", false, 0)] // the plan is not stored
    [InlineData("log-sequencer", false, 1)] // the plan is, the append is not
    [InlineData("log-sequencer", true, 1)] // the append is stored, the sequencer is told it failed
    [InlineData("log-leaves", false, 0)]
    [InlineData("log-checkpoints", false, 0)] // after the commit: the page is written again next run
    [InlineData("log-record", false, 0)] // after the commit: the leaves are indexed again next run
    [InlineData("log-intake", false, 0)] // one group of submitters is told its heads were not stored (they were not)
    [InlineData("log-intake", true, 0)] // one group is told so although they were
    public async Task A_write_failing_at_any_step_loses_no_acknowledged_head_and_duplicates_none(string grainType, bool afterStoring,
        int skip)
    {
        var heads = Synthetic($"fault-{grainType}-{afterStoring}-{skip}", 150).ToList();
        var fired = FaultyStorage.Arm(grainType, afterStoring, skip);
        var submitted = await Task.WhenAll(heads.Select(async h =>
        {
            try
            {
                await HeadLog.Append(Grains, h);
                return true;
            }
            catch (Exception e) when (e is IOException || e.InnerException is IOException) // as Orleans wraps a storage failure
            {
                return false;
            }
        }));
        var acknowledged = heads.Where((_, i) => submitted[i]).ToList();
        Assert.True(grainType == "log-intake" ? acknowledged.Count < heads.Count : acknowledged.Count == heads.Count);

        await fixture.Logged(acknowledged);
        Assert.True(fired(), $"the {grainType} fault never fired");
        if (afterStoring && grainType == "log-intake")
            await fixture.Logged(heads.Except(acknowledged).ToList()); // stored after all, so logged after all
        var (checkpoint, leaves) = await fixture.Everything();
        foreach (var head in heads)
        {
            var count = leaves.Count(e => e.Leaf.IsOf(head));
            Assert.True(acknowledged.Contains(head) ? count == 1 : count <= 1, $"{head} is logged {count} times");
        }
        await AssertConsistent(checkpoint, leaves);
    }

    /// <summary>Every stored checkpoint is the tree hash of its prefix of the leaves, and the log proves it consistent
    /// with the newest one.</summary>
    private async Task AssertConsistent(LogCheckpoint latest, List<LogEntry> leaves)
    {
        var hashes = leaves.Select(e => Leaf(e.Leaf.Bytes())).ToArray();
        var reference = new Reference(hashes);
        var page = await fixture.Query.Checkpoints(0);
        Assert.NotEmpty(page.Checkpoints);
        foreach (var kept in page.Checkpoints.Where(c => c.TreeSize <= latest.TreeSize))
        {
            Assert.Equal(reference.Mth(0, (int)kept.TreeSize), Convert.FromHexString(kept.RootHash));
            var proof = await fixture.Query.Consistency(kept.TreeSize, latest.TreeSize);
            Assert.True(VerifyConsistency(kept.TreeSize, latest.TreeSize, [.. proof.Value!.Path.Select(Convert.FromHexString)],
                Convert.FromHexString(kept.RootHash), Convert.FromHexString(latest.RootHash)), $"{kept.TreeSize} ⊑ {latest.TreeSize}");
        }
    }

    private static IEnumerable<ChainHead> Synthetic(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => new ChainHead(RecordKind.Farm, $"{prefix}-{i}-{Guid.NewGuid():N}", 1,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)))));

    private static ChainHead Head(Batch batch) => new(RecordKind.Batch, batch.Code, batch.EventCount, batch.HeadHash);

    private static T World<T>(Outcome<T> outcome) =>
        outcome.IsOk ? outcome.Value! : throw new InvalidOperationException($"{outcome.Status}: {string.Join("; ", outcome.Violations)}");
}
