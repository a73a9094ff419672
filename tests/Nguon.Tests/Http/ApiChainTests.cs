using System.Net;
using System.Text.Json;

namespace Nguon.Tests.Http;

/// <summary>A whole chain built through the HTTP API of the real silo process, each step by the organisation
/// entitled to it: the authority registers the certificate and authorises the farms, two producers register
/// their farms and harvest, ship to a packer (an operator) that receives, merges, packs and splits; then
/// verification through a suspension of the GI by the authority and its reinstatement.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class ApiChainTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Chain_built_over_HTTP_verifies_and_follows_the_certificate_status()
    {
        var w = new HttpWorld(fixture.Silo);
        var htxA = await w.Producer("htx-a");
        var htxB = await w.Producer("htx-b");
        var packer = await w.Operator("packer");
        var authority = await w.Authority();

        var cert = await w.RegisterCertificate();
        Assert.Equal(w.Gi, cert.Str("number"));
        Assert.Equal("active", cert.Str("status"));
        await w.RegisterFarm("FA", htxA);
        await w.RegisterFarm("FB", htxB);
        await w.Authorise("FA");
        await w.Authorise("FB");
        var farm = await w.Get($"api/farms/{w.Id("FA")}");
        Assert.Equal(w.Gi, farm.GetProperty("authorisations")[0].Str("giNumber"));
        Assert.Equal(htxA.Id, farm.Str("owner"));

        var h1 = await w.Harvest("FA", "H1", 1000m, htxA);
        await w.Harvest("FB", "H2", 500m, htxB);
        Assert.Equal(w.Id("H1"), h1.Str("code"));
        Assert.Equal(1000m, h1.GetProperty("quantity").GetProperty("amount").GetDecimal());
        Assert.Equal("kg", h1.GetProperty("quantity").Str("unit"));
        Assert.Equal(w.Gi, h1.Str("giClaim"));
        Assert.Equal("harvest", h1.GetProperty("origin").Str("kind"));
        Assert.Equal(w.Id("FA"), h1.GetProperty("origin").Str("farm"));
        Assert.Equal(htxA.Id, h1.Str("custodian"));
        var season = await w.Get($"api/farms/{w.Id("FA")}/seasons/{w.Season}");
        Assert.Equal(1000m, season.GetProperty("harvestedKg").GetDecimal());
        Assert.Equal(new[] { w.Id("H1") }, season.GetProperty("batches").EnumerateArray().Select(b => b.GetString()!));

        // Both harvests go to the packer: shipping puts a batch in transit, receiving hands custody over.
        foreach (var (batch, owner) in new[] { ("H1", htxA), ("H2", htxB) })
        {
            var before = await w.Get($"api/batches/{w.Id(batch)}");
            using var shipped = await Client.Post($"api/batches/{w.Id(batch)}/events",
                new { bizStep = "shipping", eventTime = Api.Iso(w.T0.AddHours(1)), destination = packer.Id, disposition = "in_transit" }, owner);
            var shipping = await shipped.Expect(HttpStatusCode.Created);
            Assert.Equal(2, shipping.GetProperty("sequence").GetInt32());
            Assert.Equal(before.Str("headHash"), shipping.Str("previousHash"));
            Assert.Equal(owner.Id, shipping.Str("actor"));
            var inTransit = await w.Get($"api/batches/{w.Id(batch)}");
            Assert.Equal("inTransit", inTransit.Str("status"));
            Assert.Equal(shipping.Str("hash"), inTransit.Str("headHash"));
            Assert.Equal(packer.Id, inTransit.Str("destination"));

            var receiving = await Client.Post($"api/batches/{w.Id(batch)}/events",
                new { bizStep = "receiving", eventTime = Api.Iso(w.T0.AddHours(2)), disposition = "active" }, packer).Expect(HttpStatusCode.Created);
            Assert.Equal(packer.Id, receiving.Str("actor"));
            var received = await w.Get($"api/batches/{w.Id(batch)}");
            Assert.Equal("active", received.Str("status"));
            Assert.Equal(packer.Id, received.Str("custodian"));
        }

        using var merged = await Client.Post("api/batches/merges", new
        {
            batchCode = w.Id("M"),
            eventTime = Api.Iso(w.T0.AddHours(3)),
            inputs = new[]
            {
                new { batch = w.Id("H1"), quantity = new { amount = 1000m, unit = "kg" } },
                new { batch = w.Id("H2"), quantity = new { amount = 500m, unit = "kg" } },
            },
            giClaim = w.Gi,
            readPoint = "PH-TEST-01",
        }, packer);
        var merge = await merged.Expect(HttpStatusCode.Created);
        Assert.Equal($"/api/batches/{w.Id("M")}", merged.Headers.Location?.OriginalString);
        Assert.Equal(1500m, merge.GetProperty("quantity").GetProperty("amount").GetDecimal());
        Assert.Equal("merge", merge.GetProperty("origin").Str("kind"));
        Assert.Equal(w.Gi, merge.Str("giClaim"));
        Assert.Equal(packer.Id, merge.Str("custodian"));
        var drained = await w.Get($"api/batches/{w.Id("H1")}");
        Assert.Equal(0m, drained.GetProperty("remaining").GetDecimal());
        Assert.Equal("consumed", drained.Str("status"));

        await Client.Post($"api/batches/{w.Id("M")}/events", new { bizStep = "packing", eventTime = Api.Iso(w.T0.AddHours(4)), readPoint = "PH-TEST-01" }, packer)
            .Expect(HttpStatusCode.Created);
        var parts = await Client.Post($"api/batches/{w.Id("M")}/split", new
        {
            eventTime = Api.Iso(w.T0.AddHours(5)),
            parts = new[]
            {
                new { batchCode = w.Id("S1"), quantity = new { amount = 600m, unit = "kg" } },
                new { batchCode = w.Id("S2"), quantity = new { amount = 400m, unit = "kg" } },
            },
        }, packer).Expect(HttpStatusCode.Created);
        Assert.Equal(new[] { w.Id("S1"), w.Id("S2") }, parts.EnumerateArray().Select(b => b.Str("code")));
        Assert.All(parts.EnumerateArray(), p => Assert.Equal(packer.Id, p.Str("custodian")));
        var parent = await w.Get($"api/batches/{w.Id("M")}");
        Assert.Equal(500m, parent.GetProperty("remaining").GetDecimal());
        Assert.Equal(2, parent.GetProperty("children").GetArrayLength());

        var descendants = await w.Get($"api/batches/{w.Id("H1")}/descendants");
        Assert.Equal(
            new[] { w.Id("H1"), w.Id("M"), w.Id("S1"), w.Id("S2") }.Order(StringComparer.Ordinal),
            descendants.GetProperty("batches").EnumerateArray().Select(b => b.Str("code")).Order(StringComparer.Ordinal));

        // The packer, custodian of S1, reads its full verification too.
        var verified = await Verify(w.Id("S1"), packer);
        Assert.Equal("verified", verified.Str("verdict"));
        Assert.Empty(verified.GetProperty("reasons").EnumerateArray());
        Assert.Equal(4, verified.GetProperty("batchesChecked").GetInt32()); // S1, M, H1, H2
        Assert.Equal(w.Gi, verified.Str("giClaim"));

        // Suspending the GI reaches every batch downstream on its next verification.
        var suspended = await Client.Post($"api/certificates/{w.Gi}/status",
            new { status = "suspended", reason = "inspection found lychee from outside the area" }, authority).Expect(HttpStatusCode.OK);
        Assert.Equal("suspended", suspended.Str("status"));
        Assert.Equal(1, suspended.GetProperty("statusHistory").GetArrayLength());
        Assert.Equal(authority.Id, suspended.GetProperty("statusHistory")[0].Str("actor"));
        foreach (var batch in new[] { "S1", "S2", "M", "H2" })
        {
            var v = await Verify(w.Id(batch), await w.Inspector());
            Assert.Equal("notVerified", v.Str("verdict"));
            Assert.Contains(v.GetProperty("reasons").EnumerateArray(),
                r => r.Str("rule") == "gi.certificate-inactive" && r.Str("message").Contains("suspended", StringComparison.Ordinal));
        }
        Assert.Equal("suspended", (await w.Get($"api/certificates/{w.Gi}")).Str("status"));

        var reinstated = await Client.Post($"api/certificates/{w.Gi}/status",
            new { status = "active", reason = "corrective actions accepted" }, authority).Expect(HttpStatusCode.OK);
        Assert.Equal("active", reinstated.Str("status"));
        Assert.Equal(2, reinstated.GetProperty("statusHistory").GetArrayLength());
        var again = await Verify(w.Id("S1"), packer);
        Assert.Equal("verified", again.Str("verdict"));
        Assert.Empty(again.GetProperty("reasons").EnumerateArray());
        Assert.Equal(verified.Str("rootHash"), again.Str("rootHash")); // the batches themselves did not change
    }

    [Fact]
    public async Task Revocation_is_final()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var authority = await w.Authority();
        await Client.Post($"api/certificates/{w.Gi}/status", new { status = "revoked", reason = "holder dissolved" }, authority)
            .Expect(HttpStatusCode.OK);
        var v = await Verify(w.Id("H"), await w.Inspector());
        Assert.Equal("notVerified", v.Str("verdict"));
        Assert.Contains(v.GetProperty("reasons").EnumerateArray(), r => r.Str("message").Contains("revoked", StringComparison.Ordinal));

        var problem = await Client.Post($"api/certificates/{w.Gi}/status", new { status = "active", reason = "appeal" }, authority)
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("gi.revoked-final", problem.Rules());
        Assert.Equal("revoked", (await w.Get($"api/certificates/{w.Gi}")).Str("status"));
    }

    [Fact]
    public async Task A_farm_outside_the_protected_area_is_refused_authorisation_and_its_GI_harvest_is_refused()
    {
        var w = new HttpWorld(fixture.Silo);
        var trader = await w.Producer("trader-x");
        await w.RegisterCertificate();
        await w.RegisterFarm("OUT", trader, Api.Outside);

        var refused = await Client.Post($"api/farms/{w.Id("OUT")}/authorisations", Api.Authorisation(w.Gi), await w.Authority())
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("gi.outside-area", refused.Rules());
        Assert.Empty((await w.Get($"api/farms/{w.Id("OUT")}")).GetProperty("authorisations").EnumerateArray());

        var harvest = await Client.Post($"api/farms/{w.Id("OUT")}/harvests", Api.Harvest(w.Id("H"), 100m, w.T0, w.Gi), trader)
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("gi.farm-not-authorised", harvest.Rules());
        Assert.Contains("gi.outside-area", harvest.Rules());
        await w.AssertMissing($"api/batches/{w.Id("H")}");
        var season = await w.Get($"api/farms/{w.Id("OUT")}/seasons/{w.Season}");
        Assert.Equal(0m, season.GetProperty("harvestedKg").GetDecimal());
        Assert.Empty(season.GetProperty("batches").EnumerateArray());
    }

    /// <summary>The full verification (with batchesChecked and giClaim) as <paramref name="reader"/>; the public
    /// one, asked with no key, must give the same verdict, reasons and root hash.</summary>
    private async Task<JsonElement> Verify(string batch, Party reader)
    {
        var full = await Client.Get($"api/batches/{batch}/verification/full", reader).Expect(HttpStatusCode.OK);
        var open = await Client.Get($"api/batches/{batch}/verification").Expect(HttpStatusCode.OK);
        Assert.Equal(full.Str("verdict"), open.Str("verdict"));
        Assert.Equal(full.Str("rootHash"), open.Str("rootHash"));
        Assert.Equal(full.GetProperty("giClaim").GetString(), open.GetProperty("giNumber").GetString());
        Assert.Equal(
            full.GetProperty("reasons").EnumerateArray().Select(r => r.Str("rule")).Distinct().Order(StringComparer.Ordinal),
            open.GetProperty("reasons").EnumerateArray().Select(r => r.Str("rule")).Distinct().Order(StringComparer.Ordinal));
        return full;
    }
}
