using System.Net;
using System.Text.Json;
using Nguon.Domain.Batches;
using Nguon.Model;
using Nguon.Silo.Hosting;

namespace Nguon.Tests.Http;

/// <summary>The demo data set (loaded by the silo process started with --demo, through the API with the demo
/// organisations' own keys) read back over HTTP by the demo inspector, who may read every record.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class DemoChainTests(DemoSiloFixture fixture)
{
    private const string Gi = "VN-GI-00017";
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Export_lot_verifies_with_no_reasons()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var v = await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}/verification/full", inspector).Expect(HttpStatusCode.OK);

        Assert.Equal("verified", v.Str("verdict"));
        Assert.Equal(DemoSiloFixture.ExportLot, v.Str("batch"));
        Assert.Equal(Gi, v.Str("giClaim"));
        Assert.Empty(v.GetProperty("reasons").EnumerateArray());
        // The export lot, the packed lot and the three harvests.
        Assert.Equal(5, v.GetProperty("batchesChecked").GetInt32());
        Assert.Matches("^[0-9a-f]{64}$", v.Str("rootHash"));
        // The public verification (no key) agrees.
        var open = await Client.GetAsync($"api/batches/{DemoSiloFixture.ExportLot}/verification").Expect(HttpStatusCode.OK);
        Assert.Equal("verified", open.Str("verdict"));
        Assert.Equal(Gi, open.Str("giNumber"));
        Assert.Equal(v.Str("rootHash"), open.Str("rootHash"));
    }

    [Fact]
    public async Task Counterfeit_labelled_as_the_GI_is_not_verified_because_its_farm_lies_outside_the_area()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var v = await Client.Get($"api/batches/{DemoSiloFixture.LastDemoBatch}/verification/full?claim={Gi}", inspector).Expect(HttpStatusCode.OK);

        Assert.Equal("notVerified", v.Str("verdict"));
        Assert.Equal(Gi, v.Str("giClaim"));
        var rules = v.GetProperty("reasons").EnumerateArray().Select(r => r.Str("rule")).ToList();
        Assert.Contains("gi.outside-area", rules);
        Assert.Contains("gi.no-claim", rules);
        Assert.All(v.GetProperty("reasons").EnumerateArray(), r => Assert.False(string.IsNullOrWhiteSpace(r.Str("message"))));
        // What a buyer scanning the label sees (no key): the same verdict and rules.
        var open = await Client.GetAsync($"api/batches/{DemoSiloFixture.LastDemoBatch}/verification?claim={Gi}").Expect(HttpStatusCode.OK);
        Assert.Equal("notVerified", open.Str("verdict"));
        Assert.Equal(Gi, open.Str("giNumber"));
        var openRules = open.GetProperty("reasons").EnumerateArray().Select(r => r.Str("rule")).ToList();
        Assert.Contains("gi.outside-area", openRules);
        Assert.Contains("gi.no-claim", openRules);
    }

    [Fact]
    public async Task Counterfeit_without_a_claim_is_not_verified_either()
    {
        await fixture.DemoDataLoaded();
        var v = await Client.GetAsync($"api/batches/{DemoSiloFixture.LastDemoBatch}/verification").Expect(HttpStatusCode.OK);

        Assert.Equal("notVerified", v.Str("verdict"));
        Assert.Contains("gi.no-claim", v.GetProperty("reasons").EnumerateArray().Select(r => r.Str("rule")));
    }

    [Fact]
    public async Task Retail_lot_traces_back_to_the_three_harvests_with_a_root_hash()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var trace = await Client.Get("api/batches/RTHN-LN26-RT-0001/trace", inspector).Expect(HttpStatusCode.OK);

        Assert.Equal("RTHN-LN26-RT-0001", trace.Str("root"));
        var rootHash = trace.Str("rootHash");
        Assert.Matches("^[0-9a-f]{64}$", rootHash);
        var codes = trace.GetProperty("batches").EnumerateArray().Select(n => n.GetProperty("batch").Str("code")).ToList();
        Assert.Equal(
            new[] { "HG-LN26-H-0003", "PH01-LN26-DOM-0001", "PH01-LN26-P-0001", "PS-LN26-H-0001", "QS-LN26-H-0002", "RTHN-LN26-RT-0001" },
            codes.Order(StringComparer.Ordinal));
        // Every node carries its hash-chained events, the first of each being its creation.
        foreach (var node in trace.GetProperty("batches").EnumerateArray())
        {
            var events = node.GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(node.GetProperty("batch").GetProperty("eventCount").GetInt32(), events.Count);
            Assert.Equal(node.GetProperty("batch").Str("headHash"), events[^1].Str("hash"));
        }
        Assert.Equal(
            new[] { "VNBG-LN-HG-001", "VNBG-LN-PS-001", "VNBG-LN-QS-001" },
            trace.GetProperty("farms").EnumerateArray().Select(f => f.Str("code")).Order(StringComparer.Ordinal));
        Assert.Contains(Gi, trace.GetProperty("certificates").EnumerateArray().Select(c => c.Str("number")));
        Assert.Empty(trace.GetProperty("missing").EnumerateArray());

        // The verification judges the same graph: same root hash.
        var v = await Client.Get("api/batches/RTHN-LN26-RT-0001/verification/full", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal("verified", v.Str("verdict"));
        Assert.Equal(rootHash, v.Str("rootHash"));
    }

    [Fact]
    public async Task Recall_scope_of_a_farm_season_reaches_the_export_lot_and_nothing_unrelated()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var scope = await Client.Get("api/farms/VNBG-LN-PS-001/seasons/2026/recall-scope", inspector).Expect(HttpStatusCode.OK);

        Assert.Equal(new[] { "PS-LN26-H-0001" }, scope.GetProperty("starts").EnumerateArray().Select(s => s.GetString()!));
        var codes = scope.GetProperty("batches").EnumerateArray().ToDictionary(b => b.Str("code"), b => b);
        Assert.Contains(DemoSiloFixture.ExportLot, codes.Keys);
        Assert.Contains("RTHN-LN26-RT-0001", codes.Keys);
        Assert.Equal(2, codes[DemoSiloFixture.ExportLot].GetProperty("depth").GetInt32());
        // Forward only: the other farms' harvests merged into the same lot are not downstream of this farm.
        Assert.DoesNotContain("QS-LN26-H-0002", codes.Keys);
        Assert.DoesNotContain(DemoSiloFixture.LastDemoBatch, codes.Keys);
    }

    [Fact]
    public async Task Export_lot_history_is_a_hash_chain_with_its_shipping_and_receiving()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var events = (await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}/events", inspector).Expect(HttpStatusCode.OK))
            .EnumerateArray().ToList();

        Assert.Equal(new[] { "commissioning", "inspecting", "shipping", "receiving" }, events.Select(e => e.Str("bizStep")));
        Assert.Equal(Enumerable.Range(1, events.Count), events.Select(e => e.GetProperty("sequence").GetInt32()));
        for (var i = 1; i < events.Count; i++)
            Assert.Equal(events[i - 1].Str("hash"), events[i].Str("previousHash"));
        // The first event links to the batch's creation record (nguon-batch/1: product, quantity, claim, origin, label,
        // custodian), recomputed here from the batch as served.
        var batch = (await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}", inspector).Expect(HttpStatusCode.OK))
            .Deserialize<Batch>(JsonGrainStorageSerializer.Options)!;
        Assert.Equal(BatchRecord.CreationHash(batch), events[0].Str("previousHash"));
        Assert.NotEqual(new string('0', 64), events[0].Str("previousHash"));
        // Each event names the organisation whose key recorded it.
        Assert.Equal(new[] { "ph-lucngan-01", DemoSiloFixture.DemoInspector, "ph-lucngan-01", DemoSiloFixture.DemoImporter }, events.Select(e => e.Str("actor")));
    }
}
