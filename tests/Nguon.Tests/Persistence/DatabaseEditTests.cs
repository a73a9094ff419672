using System.Text.Json.Nodes;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Persistence;

/// <summary>Issue 12's acceptance on the real PostgreSQL: whatever the verdict reads is hash-chained and its head signed,
/// so editing a batch header, a certificate's status or history, or a farm's location or authorisation in the database
/// (the JSON payload rewritten with SQL, the cluster restarted so the grains reload it) makes verification of that record
/// and of every descendant fail with an integrity reason naming the record, while unrelated lots still verify.</summary>
public sealed class DatabaseEditTests : IClassFixture<PostgresClusterFixture>
{
    private readonly PostgresClusterFixture fixture;
    private readonly StoredRows rows;

    public DatabaseEditTests(PostgresClusterFixture fixture) => (this.fixture, rows) = (fixture, new StoredRows(fixture));

    private static readonly string[] Chain = ["h1", "packed", "export", "retail"];

    [Fact]
    public async Task An_edited_gi_claim_origin_farm_or_quantity_fails_the_batch_and_its_descendants_naming_it()
    {
        // A harvest that claims no GI, "given" one in the database: the counterfeit the issue describes.
        var claim = await new Scenario(fixture.Grains).WithChain();
        await claim.Harvest("farm-a", "h3", 100m, claim: false);
        Scenario.Ok(await claim.Batch("h3").Split(new SplitBatch(Scenario.At(6, 11), [new SplitPart(claim.Id("c3"), new(40m, "kg"))]),
            claim.Producer));
        var farm = await new Scenario(fixture.Grains).WithChain();
        var quantity = await new Scenario(fixture.Grains).WithChain();
        Assert.Equal(Verdict.NotVerified, (await Verify(claim, "h3")).Verdict);
        foreach (var s in new[] { farm, quantity }) Assert.Equal(Verdict.Verified, (await Verify(s, "retail")).Verdict);

        await fixture.RestartAsync(async () =>
        {
            await rows.Replace(claim.Id("h3"), "\"giClaim\":null", $"\"giClaim\":\"{claim.Gi}\"");
            await rows.Replace(farm.Id("h1"), $"\"farm\":\"{farm.Id("farm-a")}\"", $"\"farm\":\"{farm.Id("farm-b")}\"");
            await rows.ReplaceFirst(quantity.Id("h1"), "\"quantity\":{\"amount\":1000,\"unit\":\"kg\"}", "\"quantity\":{\"amount\":8000,\"unit\":\"kg\"}");
        });
        (claim, farm, quantity) = (claim.On(fixture.Grains), farm.On(fixture.Grains), quantity.On(fixture.Grains));

        await AssertFailsNaming(claim, ["h3", "c3"], $"batch {claim.Id("h3")}");
        await AssertFailsNaming(farm, Chain, $"batch {farm.Id("h1")}");
        await AssertFailsNaming(quantity, Chain, $"batch {quantity.Id("h1")}");
        // Unrelated lots: the other harvest of each world, and the untouched chain of the first.
        foreach (var (s, lot) in new[] { (claim, "retail"), (farm, "h2"), (quantity, "h2") })
            Assert.Equal(Verdict.Verified, (await Verify(s, lot)).Verdict);
    }

    [Fact]
    public async Task An_erased_suspension_or_a_dropped_history_entry_fails_every_lot_of_the_certificate_naming_it()
    {
        var erased = await Suspended();
        var dropped = await Suspended();
        var unrelated = await new Scenario(fixture.Grains).WithChain();
        Assert.Equal(Verdict.NotVerified, (await Verify(erased, "retail")).Verdict);

        await fixture.RestartAsync(async () =>
        {
            // The status (and, in an old row, the history too) says active again.
            await rows.Replace(erased.Gi, "\"status\":\"suspended\"", "\"status\":\"active\"");
            // The suspension removed from the log altogether: what is left is a consistent chain with an older head.
            await rows.Delete(dropped.Gi, "\"status\":\"suspended\"", "{log,1}");
        });
        (erased, dropped, unrelated) = (erased.On(fixture.Grains), dropped.On(fixture.Grains), unrelated.On(fixture.Grains));

        await AssertFailsNaming(erased, [.. Chain, "h2"], $"certificate {erased.Gi}");
        await AssertFailsNaming(dropped, [.. Chain, "h2"], $"certificate {dropped.Gi}");
        Assert.Equal(Verdict.Verified, (await Verify(unrelated, "retail")).Verdict);
    }

    [Fact]
    public async Task A_moved_farm_or_an_erased_authorisation_suspension_fails_its_lots_naming_the_farm()
    {
        var moved = await new Scenario(fixture.Grains).WithChain();
        var reinstated = await new Scenario(fixture.Grains).WithChain();
        Scenario.Ok(await reinstated.Farm("farm-a").ChangeAuthorisation(reinstated.Gi,
            new ChangeStatus(CertificateStatus.Suspended, "residue finding", Scenario.At(6, 12)), reinstated.Authority));
        Assert.Equal(Verdict.NotVerified, (await Verify(reinstated, "retail")).Verdict);

        await fixture.RestartAsync(async () =>
        {
            // Still inside the protected area, so nothing but the hashes can tell.
            await rows.Replace(moved.Id("farm-a"), "[106.55,21.33]", "[106.56,21.34]");
            await rows.Replace(reinstated.Id("farm-a"), "\"status\":\"suspended\"", "\"status\":\"active\"");
        });
        (moved, reinstated) = (moved.On(fixture.Grains), reinstated.On(fixture.Grains));

        await AssertFailsNaming(moved, Chain, $"farm {moved.Id("farm-a")}");
        await AssertFailsNaming(reinstated, Chain, $"farm {reinstated.Id("farm-a")}");
        // h2 comes from farm-b: untouched.
        foreach (var s in new[] { moved, reinstated }) Assert.Equal(Verdict.Verified, (await Verify(s, "h2")).Verdict);
    }

    /// <summary>The issue's second attack: an event changed to 8,000 kg and everything downstream re-hashed consistently
    /// (the canonical forms re-implemented in <see cref="Forger"/>, no signing key). Every hash and link holds again; only
    /// the signed heads no longer match.</summary>
    [Fact]
    public async Task A_chain_rewritten_and_rehashed_consistently_without_the_key_fails_its_head_signatures()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        await fixture.RestartAsync(async () =>
        {
            var h1 = await Load(s.Id("h1"));
            var header = h1["batch"]!;
            header["quantity"]!["amount"] = 8000;
            header["remaining"] = 7000; // the merge took 1,000 kg of the 8,000
            header["status"] = "active";
            h1["openPage"]![0]!["quantity"]!["amount"] = 8000;
            Forger.Rehash(h1);
            var rewritten = new Dictionary<string, JsonObject> { ["h1"] = h1 };
            foreach (var (lot, parent) in new[] { ("packed", "h1"), ("export", "packed"), ("retail", "packed") })
            {
                var state = await Load(s.Id(lot));
                foreach (var link in state["batch"]!["origin"]!["parents"]!.AsArray().Where(l => (string)l!["batch"]! == s.Id(parent)))
                    link!["parentEventHash"] = Forger.EventHash(rewritten[parent], (int)link["parentEventSequence"]!);
                Forger.Rehash(state);
                rewritten[lot] = state;
            }
            foreach (var (lot, state) in rewritten) await rows.Write(s.Id(lot), Holder(s.Id(lot)), state.ToJsonString());
        });
        s = s.On(fixture.Grains);

        foreach (var lot in Chain)
        {
            var v = await Verify(s, lot);
            Assert.Equal(Verdict.NotVerified, v.Verdict);
            var integrity = v.Reasons.Where(r => r.Rule.StartsWith("integrity.", StringComparison.Ordinal)).ToList();
            Assert.All(integrity, r => Assert.Equal("integrity.signature", r.Rule)); // the forgery is otherwise consistent
            Assert.Contains(integrity, r => r.Message == $"the head of batch {s.Id("h1")} is not signed by this silo's keys");
            Assert.Contains(integrity, r => r.Message == $"the head of batch {s.Id(lot)} is not signed by this silo's keys");
        }
        Assert.Equal(Verdict.Verified, (await Verify(s, "h2")).Verdict);
    }

    /// <summary>Issue 14: a batch row written before headers listed former custodians (no such field in its JSON) loads
    /// with them derived from its events, so its former custodian reads it, it still verifies, and the next hand-over
    /// adds to the whole list. A list edited in the database to let another organisation read the lot fails verification
    /// naming the batch.</summary>
    [Fact]
    public async Task A_row_without_former_custodians_takes_them_from_its_events_and_an_edited_list_fails_verification()
    {
        var (legacy, legacyPacker) = await HandedOver();
        var (widened, _) = await HandedOver();
        var holders = $"\"formerCustodians\":[\"{widened.Producer.Organisation}\"]";
        await fixture.RestartAsync(async () =>
        {
            await rows.Delete(legacy.Id("lot"), "\"formerCustodians\"", "{batch,formerCustodians}");
            await rows.Replace(widened.Id("lot"), holders, $"\"formerCustodians\":[\"{widened.Producer.Organisation}\",\"rival\"]");
        });
        (legacy, widened) = (legacy.On(fixture.Grains), widened.On(fixture.Grains));

        Assert.Equal([legacy.Producer.Organisation], Scenario.Ok(await legacy.Batch("lot").Get(legacy.Producer)).FormerCustodians!);
        Assert.Equal(Verdict.Verified, (await Verify(legacy, "lot")).Verdict);
        var importer = await legacy.Organisation($"importer-{legacy.Suffix}", Role.Operator);
        await legacy.ShipAndReceive("lot", legacyPacker, importer, Scenario.At(6, 11, 9));
        Assert.Equal([legacy.Producer.Organisation, legacyPacker.Organisation],
            Scenario.Ok(await legacy.Batch("lot").Get(legacy.Producer)).FormerCustodians!);
        Assert.Equal(Verdict.Verified, (await Verify(legacy, "lot")).Verdict);

        await AssertFailsNaming(widened, ["lot"], $"batch {widened.Id("lot")}");
        var v = await Verify(widened, "lot");
        Assert.Contains(v.Reasons,
            r => r.Rule == "integrity.header" && r.Message.EndsWith("(former custodians)", StringComparison.Ordinal));
    }

    /// <summary>A harvest lot shipped by the producer to a packer, which received it.</summary>
    private async Task<(Scenario, Actor Packer)> HandedOver()
    {
        var s = await new Scenario(fixture.Grains).WithCertificate();
        await s.AuthorisedFarm("farm");
        await s.Harvest("farm", "lot", 100m);
        var packer = await s.Organisation($"packer-{s.Suffix}", Role.Operator);
        await s.ShipAndReceive("lot", s.Producer, packer, Scenario.At(6, 10, 9));
        return (s, packer);
    }

    private static string Holder(string batch) => $"{{\"batch\":{{\"code\":\"{batch}\"";

    private async Task<JsonObject> Load(string batch) => JsonNode.Parse(await rows.Read(batch, Holder(batch)))!.AsObject();

    private async Task<Scenario> Suspended()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        Scenario.Ok(await s.Certificate.ChangeStatus(new ChangeStatus(CertificateStatus.Suspended, "counterfeit labels found"), s.Authority));
        return s;
    }

    private static async Task<Verification> Verify(Scenario s, string lot) => Scenario.Ok(await s.Trace.Verify(s.Id(lot), null, s.Inspector));

    /// <summary>Every lot is not verified, with an integrity reason naming <paramref name="record"/>.</summary>
    private static async Task AssertFailsNaming(Scenario s, IEnumerable<string> lots, string record)
    {
        foreach (var lot in lots)
        {
            var v = await Verify(s, lot);
            Assert.True(v.Verdict == Verdict.NotVerified && v.Reasons.Any(r => r.Rule.StartsWith("integrity.", StringComparison.Ordinal)
                && r.Message.Contains(record, StringComparison.Ordinal)),
                $"{s.Id(lot)}: expected an integrity reason naming {record}, got {v.Verdict}: {string.Join("; ", v.Reasons)}");
        }
    }
}
