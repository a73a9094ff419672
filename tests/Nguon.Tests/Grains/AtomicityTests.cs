using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Grains;

/// <summary>A refused command changes nothing anywhere; concurrent commands lose nothing.</summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class AtomicityTests(MemoryClusterFixture fixture)
{
    [Fact]
    public async Task A_split_whose_child_code_is_taken_creates_no_child_and_leaves_the_parent_untouched()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var before = (await s.Batch("h2").GetRecord())!;

        var refused = await s.Batch("h2").Split(new SplitBatch(Scenario.At(6, 12),
            [new SplitPart(s.Id("new-part"), new(50m, "kg")), new SplitPart(s.Id("export"), new(10m, "kg"))]), s.Producer);

        Assert.Equal(OutcomeStatus.Rejected, refused.Status);
        Assert.Contains(refused.Violations, v => v.Rule == "batch.exists");
        Assert.Null(await s.Batch("new-part").GetRecord());
        Scenario.Same(before, await s.Batch("h2").GetRecord());
    }

    [Fact]
    public async Task A_merge_with_one_overdrawn_input_changes_no_input_and_creates_no_output()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var h2Before = (await s.Batch("h2").GetRecord())!;
        var exportBefore = (await s.Batch("export").GetRecord())!;

        var refused = await s.Batch("merged").Combine(new CombineBatches(s.Id("merged"), Scenario.At(6, 12),
            [new(s.Id("export"), new(100m, "kg")), new(s.Id("h2"), new(101m, "kg"))]), s.Producer);

        Assert.Equal("mass-balance.take", Assert.Single(refused.Violations).Rule);
        Assert.Null(await s.Batch("merged").GetRecord());
        Scenario.Same(h2Before, await s.Batch("h2").GetRecord());
        Scenario.Same(exportBefore, await s.Batch("export").GetRecord());
        // The reservation on export was released: all of it can still be taken.
        Scenario.Ok(await s.Batch("merged").Combine(new CombineBatches(s.Id("merged"), Scenario.At(6, 12),
            [new(s.Id("export"), new(900m, "kg")), new(s.Id("h2"), new(100m, "kg"))]), s.Producer));
    }

    [Fact]
    public async Task A_merge_mixing_gi_and_non_gi_fruit_cannot_claim_the_gi()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        await s.AuthorisedFarm("plain", location: Scenario.Outside);
        await s.Harvest("plain", "plain-h", 300m, claim: false);

        var refused = await s.Batch("mixed").Combine(new CombineBatches(s.Id("mixed"), Scenario.At(6, 12),
            [new(s.Id("export"), new(100m, "kg")), new(s.Id("plain-h"), new(100m, "kg"))], GiClaim: s.Gi), s.Producer);
        Assert.Contains(refused.Violations, v => v.Rule == "gi.dilution" && v.Message.Contains(s.Id("plain-h")));
        Assert.Null(await s.Batch("mixed").GetRecord());

        var unclaimed = Scenario.Ok(await s.Batch("mixed").Combine(new CombineBatches(s.Id("mixed"), Scenario.At(6, 12),
            [new(s.Id("export"), new(100m, "kg")), new(s.Id("plain-h"), new(100m, "kg"))]), s.Producer));
        Assert.Null(unclaimed.GiClaim);
        Assert.Equal(Verdict.NotVerified, Scenario.Ok(await s.Trace.Verify(s.Id("mixed"), s.Gi, s.Inspector)).Verdict);
    }

    [Fact]
    public async Task Concurrent_writers_on_one_batch_lose_no_event()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var batch = s.Batch("export");
        const int writers = 100;
        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(i =>
            batch.RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12), EventId: $"evt-{i}"), s.Producer)));

        Assert.All(results, r => Assert.True(r.IsOk));
        var node = (await batch.GetNode())!;
        Assert.Equal(writers + 1, node.Events.Count);
        Assert.Equal(writers, node.Events.Select(e => e.EventId).Where(id => id.StartsWith("evt-")).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_harvests_cannot_together_exceed_the_farms_plausible_yield()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate(maxYield: 1_000m);
        await s.AuthorisedFarm("small", areaHa: 2m); // 2,000 kg a season at most
        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            s.Farm("small").RecordHarvest(new RecordHarvest(s.Id($"h{i}"), "lychee", new(300m, "kg"), Scenario.At(6, 10), s.Gi), s.Producer)));

        Assert.Equal(6, attempts.Count(a => a.IsOk)); // 6 × 300 = 1,800 ≤ 2,000 < 7 × 300
        Assert.All(attempts.Where(a => !a.IsOk), a => Assert.Equal("gi.yield-exceeded", a.Violations[0].Rule));
        var season = await s.Grains.GetGrain<IFarmSeasonGrain>($"{s.Id("small")}/2026").GetLedger();
        Assert.Equal((1800m, 6), (season.HarvestedKg, season.Batches.Count));
    }

    [Fact]
    public async Task A_retried_harvest_creates_one_batch_and_counts_once()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate();
        await s.AuthorisedFarm("f");
        var first = await s.Harvest("f", "h", 400m);
        var again = await s.Harvest("f", "h", 400m);
        Assert.Equal(first, again);
        Assert.Equal(400m, (await s.Grains.GetGrain<IFarmSeasonGrain>($"{s.Id("f")}/2026").GetLedger()).HarvestedKg);
    }

    [Fact]
    public async Task A_harvest_claiming_the_gi_from_outside_the_area_is_refused_and_recorded_nowhere()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate();
        await s.AuthorisedFarm("outside", location: Scenario.Outside);
        var refused = await s.Farm("outside").RecordHarvest(new RecordHarvest(s.Id("fake"), "lychee", new(100m, "kg"), Scenario.At(6, 10), s.Gi), s.Producer);
        Assert.Contains(refused.Violations, v => v.Rule == "gi.outside-area");
        Assert.Contains(refused.Violations, v => v.Rule == "gi.farm-not-authorised");
        Assert.Null(await s.Batch("fake").GetRecord());
        Assert.Equal(0m, (await s.Grains.GetGrain<IFarmSeasonGrain>($"{s.Id("outside")}/2026").GetLedger()).HarvestedKg);
    }

    [Fact]
    public async Task Authorising_a_farm_outside_the_protected_area_is_refused()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate();
        await s.AuthorisedFarm("far", location: Scenario.Outside);
        var refused = await s.Farm("far").Authorise(new AuthoriseFarm(s.Gi, Scenario.At(1, 1), "QĐ-9"), s.Authority);
        Assert.Equal("gi.outside-area", Assert.Single(refused.Violations).Rule);
        Assert.Empty((await s.Farm("far").GetProfile())!.Authorisations);
    }
}
