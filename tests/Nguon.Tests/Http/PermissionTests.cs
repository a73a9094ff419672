using System.Net;
using System.Text.Json;

namespace Nguon.Tests.Http;

/// <summary>Who may do what, over HTTP with real keys: a forbidden action is a 403 problem (rule auth.forbidden)
/// and changes nothing — read back afterwards by an inspector; events carry the organisation of the key that
/// recorded them, whatever the request says; the audit trail lists each organisation's writes and refusals.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class PermissionTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task An_operator_may_not_record_split_or_merge_another_operators_batch()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest(kg: 1000m);
        var htx = await w.Producer("htx-test");
        await w.Harvest("FARM", "H2", 500m, htx);
        var a = await w.Operator("packer-a");
        var b = await w.Operator("packer-b");
        await w.ShipAndReceive("H", htx, a);
        await w.ShipAndReceive("H2", htx, b);
        var before = await w.RawBatch(w.Id("H")) + await w.RawBatch(w.Id("H2"));
        var t = Api.Iso(w.T0.AddHours(3));

        // B works on A's batch H.
        foreach (var step in new[] { "storing", "packing", "destroying" })
            await Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = step, eventTime = t }, b).ExpectForbidden();
        await Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "shipping", eventTime = t, destination = b.Id, disposition = "in_transit" }, b).ExpectForbidden();
        await Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "receiving", eventTime = t, disposition = "active" }, b).ExpectForbidden();
        await Client.Post($"api/batches/{w.Id("H")}/split", new
        {
            eventTime = t,
            parts = new[] { new { batchCode = w.Id("S"), quantity = new { amount = 100m, unit = "kg" } } },
        }, b).ExpectForbidden();
        // A merge of B's own H2 with A's H, and a transformation of A's H.
        await Client.Post("api/batches/merges", new
        {
            batchCode = w.Id("M"),
            eventTime = t,
            inputs = new[] { new { batch = w.Id("H2"), quantity = new { amount = 500m, unit = "kg" } }, new { batch = w.Id("H"), quantity = new { amount = 1000m, unit = "kg" } } },
            giClaim = w.Gi,
        }, b).ExpectForbidden();
        await Client.Post("api/batches/transformations", new
        {
            batchCode = w.Id("T"), eventTime = t, product = "dried lychee", output = new { amount = 300m, unit = "kg" }, yieldFactor = 0.4m,
            inputs = new[] { new { batch = w.Id("H"), quantity = new { amount = 1000m, unit = "kg" } } },
        }, b).ExpectForbidden();
        // The producer handed H over: it is no longer its custodian either.
        await Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = t }, htx).ExpectForbidden();

        Assert.Equal(before, await w.RawBatch(w.Id("H")) + await w.RawBatch(w.Id("H2")));
        foreach (var code in new[] { "S", "M", "T" }) await w.AssertMissing($"api/batches/{w.Id(code)}");

        // Nothing is held back either: each custodian can still take all of its own batch.
        await Client.Post($"api/batches/{w.Id("H")}/split", new
        {
            eventTime = t,
            parts = new[] { new { batchCode = w.Id("A1"), quantity = new { amount = 1000m, unit = "kg" } } },
        }, a).Expect(HttpStatusCode.Created);
        await Client.Post($"api/batches/{w.Id("H2")}/split", new
        {
            eventTime = t,
            parts = new[] { new { batchCode = w.Id("B1"), quantity = new { amount = 500m, unit = "kg" } } },
        }, b).Expect(HttpStatusCode.Created);
    }

    /// <summary>A retried event (same eventId) answers with what was first recorded — but only to whoever may
    /// record on the batch: to anyone else it must be a 403, not a copy of the stored event.</summary>
    [Fact]
    public async Task Replaying_another_partys_event_id_is_forbidden_and_discloses_nothing()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var htx = await w.Producer("htx-test");
        var outsider = await w.Operator("outsider");
        var eventId = $"urn:uuid:{Guid.NewGuid()}";
        // Something only the recorded event carries (a cited document must be attached to the batch, so a private
        // place stands in for the content an outsider must not see).
        const string document = "COLD-STORE-PRIVATE-7731";
        var recorded = await Client.Post($"api/batches/{w.Id("H")}/events", new
        {
            bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(1)), eventId, bizLocation = document,
        }, htx).Expect(HttpStatusCode.Created);
        Assert.Equal(eventId, recorded.Str("eventId"));
        var before = await w.RawBatch(w.Id("H"));

        using var replay = await Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(1)), eventId }, outsider);
        var text = await replay.Content.ReadAsStringAsync();
        Assert.DoesNotContain(document, text, StringComparison.Ordinal);
        await replay.ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal(before, await w.RawBatch(w.Id("H")));
    }

    [Fact]
    public async Task A_producer_may_not_touch_certificates_or_authorisations()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var htx = await w.Producer("htx-test");
        var inspector = await w.Inspector();
        var cert = await w.Raw($"api/certificates/{w.Gi}");
        var farm = await w.Raw($"api/farms/{w.Id("FARM")}");

        await Client.Put($"api/certificates/{w.Id("GI2")}", Api.Certificate(), htx).ExpectForbidden();
        foreach (var status in new[] { "suspended", "revoked" })
        {
            await Client.Post($"api/certificates/{w.Gi}/status", new { status, reason = "self-service" }, htx).ExpectForbidden();
            await Client.Post($"api/farms/{w.Id("FARM")}/authorisations/{w.Gi}/status", new { status, reason = "self-service" }, htx).ExpectForbidden();
        }
        // Nor may it authorise its own farm (here for a later period), nor may the inspector do any of it.
        await Client.Post($"api/farms/{w.Id("FARM")}/authorisations",
            new { giNumber = w.Gi, validFrom = "2025-01-01T00:00:00+07:00", decisionReference = "self-made" }, htx).ExpectForbidden();
        await Client.Post($"api/certificates/{w.Gi}/status", new { status = "suspended", reason = "not mine to say" }, inspector).ExpectForbidden();
        await Client.Post($"api/farms/{w.Id("FARM")}/authorisations", Api.Authorisation(w.Gi, "QĐ-inspector"), inspector).ExpectForbidden();
        // A producer registers only its own farms.
        var other = await w.Producer("htx-other");
        await Client.Put($"api/farms/{w.Id("F2")}", Api.Farm(other.Id), htx).ExpectForbidden();

        Assert.Equal(cert, await w.Raw($"api/certificates/{w.Gi}"));
        Assert.Equal(farm, await w.Raw($"api/farms/{w.Id("FARM")}"));
        await w.AssertMissing($"api/certificates/{w.Id("GI2")}");
        await w.AssertMissing($"api/farms/{w.Id("F2")}");
        // The GI and the authorisation still hold: the harvest verifies.
        Assert.Equal("verified", (await Client.GetAsync($"api/batches/{w.Id("H")}/verification").Expect(HttpStatusCode.OK)).Str("verdict"));
    }

    [Fact]
    public async Task A_producer_may_not_harvest_another_producers_farm()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest(kg: 100m);
        var thief = await w.Producer("htx-thief");
        var season = await w.Raw($"api/farms/{w.Id("FARM")}/seasons/{w.Season}");
        var farm = await w.Raw($"api/farms/{w.Id("FARM")}");

        var problem = await Client.Post($"api/farms/{w.Id("FARM")}/harvests", Api.Harvest(w.Id("STOLEN"), 50m, w.T0, w.Gi), thief).ExpectForbidden();
        Assert.Contains(w.Id("htx-test"), problem.Str("detail"), StringComparison.Ordinal);
        // The authority, which may register any farm, still does not harvest it.
        await Client.Post($"api/farms/{w.Id("FARM")}/harvests", Api.Harvest(w.Id("STOLEN"), 50m, w.T0, w.Gi), await w.Authority()).ExpectForbidden();

        await w.AssertMissing($"api/batches/{w.Id("STOLEN")}");
        Assert.Equal(season, await w.Raw($"api/farms/{w.Id("FARM")}/seasons/{w.Season}"));
        Assert.Equal(farm, await w.Raw($"api/farms/{w.Id("FARM")}"));
        // The thief may not even read the farm.
        await Client.Get($"api/farms/{w.Id("FARM")}", thief).ExpectForbidden();
    }

    /// <summary>Issue 14: an organisation reads the lots it holds or held. After the packer received it, the producer still
    /// reads its harvest lot (record, events, trace) and may not write on it; an operator that never held it gets 403.</summary>
    [Fact]
    public async Task A_producer_reads_its_harvest_lot_after_the_packer_received_it_and_a_stranger_may_not()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest(kg: 1000m);
        var htx = await w.Producer("htx-test");
        var packer = await w.Operator("packer");
        var stranger = await w.Operator("stranger");
        await w.ShipAndReceive("H", htx, packer);

        var lot = await Client.Get($"api/batches/{w.Id("H")}", htx).Expect(HttpStatusCode.OK);
        Assert.Equal(packer.Id, lot.Str("custodian"));
        Assert.Equal([htx.Id], lot.GetProperty("formerCustodians").EnumerateArray().Select(e => e.GetString()));
        foreach (var path in new[] { "/events", "/trace", "/verification/full" })
            await Client.Get($"api/batches/{w.Id("H")}{path}", htx).Expect(HttpStatusCode.OK);
        foreach (var path in new[] { "", "/events", "/trace", "/verification/full" })
            await Client.Get($"api/batches/{w.Id("H")}{path}", stranger).ExpectForbidden();
        await Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(3)) }, htx)
            .ExpectForbidden();
    }

    [Fact]
    public async Task A_retailer_may_not_read_another_partys_batch_record()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest(kg: 1000m);
        var htx = await w.Producer("htx-test");
        var packer = await w.Operator("packer");
        var retailer = await w.Retailer("shop");
        await w.ShipAndReceive("H", htx, packer);
        var batch = await w.Get($"api/batches/{w.Id("H")}");

        foreach (var path in new[] { "", "/events", "/trace", "/descendants", "/verification/full" })
        {
            using var response = await Client.Get($"api/batches/{w.Id("H")}{path}", retailer);
            var text = await response.Content.ReadAsStringAsync();
            await response.ExpectProblem(HttpStatusCode.Forbidden);
            Assert.DoesNotContain(batch.Str("headHash"), text, StringComparison.Ordinal);
        }
        await Client.Get($"api/farms/{w.Id("FARM")}", retailer).ExpectForbidden();
        // What any buyer may see stays open.
        Assert.Equal("verified", (await Client.GetAsync($"api/batches/{w.Id("H")}/verification").Expect(HttpStatusCode.OK)).Str("verdict"));

        // Its own lot it reads — from the moment it is shipped to it — but not the parent lot it came from.
        await Client.Post($"api/batches/{w.Id("H")}/split", new
        {
            eventTime = Api.Iso(w.T0.AddHours(3)),
            parts = new[] { new { batchCode = w.Id("R"), quantity = new { amount = 20m, unit = "kg" } } },
        }, packer).Expect(HttpStatusCode.Created);
        await Client.Get($"api/batches/{w.Id("R")}", retailer).ExpectForbidden();
        await Client.Post($"api/batches/{w.Id("R")}/events",
            new { bizStep = "shipping", eventTime = Api.Iso(w.T0.AddHours(4)), destination = retailer.Id, disposition = "in_transit" }, packer)
            .Expect(HttpStatusCode.Created);
        Assert.Equal("inTransit", (await Client.Get($"api/batches/{w.Id("R")}", retailer).Expect(HttpStatusCode.OK)).Str("status"));
        await Client.Post($"api/batches/{w.Id("R")}/events", new { bizStep = "receiving", eventTime = Api.Iso(w.T0.AddHours(5)), disposition = "active" }, retailer)
            .Expect(HttpStatusCode.Created);
        Assert.Equal(retailer.Id, (await Client.Get($"api/batches/{w.Id("R")}", retailer).Expect(HttpStatusCode.OK)).Str("custodian"));
        await Client.Get($"api/batches/{w.Id("H")}", retailer).ExpectForbidden();

        // In the demo, the Hà Nội retailer reads its retail lot but not the export lot held by the Tokyo importer.
        var demoRetailer = await fixture.Demo(DemoSiloFixture.DemoRetailer);
        Assert.Equal(DemoSiloFixture.DemoRetailer, (await Client.Get($"api/batches/{DemoSiloFixture.RetailLot}", demoRetailer).Expect(HttpStatusCode.OK)).Str("custodian"));
        await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}", demoRetailer).ExpectForbidden();
        await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}/events", demoRetailer).ExpectForbidden();
    }

    [Fact]
    public async Task Events_record_the_organisation_of_the_key_whatever_the_request_claims()
    {
        var w = new HttpWorld(fixture.Silo);
        var created = await w.FarmWithHarvest();
        var htx = await w.Producer("htx-test");
        var other = await w.Producer("someone-else");
        var events = (await w.Get($"api/batches/{w.Id("H")}/events")).EnumerateArray().ToList();
        Assert.Equal(htx.Id, Assert.Single(events).Str("actor"));
        var before = await w.RawBatch(w.Id("H"));

        // An "actor" in the body and the old organisation header both name someone else.
        var body = $$"""{"bizStep":"storing","eventTime":"{{Api.Iso(w.T0.AddHours(1))}}","actor":"{{other.Id}}"}""";
        using var response = await Client.SendAuthorized(HttpMethod.Post, $"api/batches/{w.Id("H")}/events", body, $"Bearer {htx.Token}",
            new Dictionary<string, string> { [Api.OrganisationHeader] = other.Id });
        if (response.StatusCode == HttpStatusCode.Created)
        {
            // Ignored: the event is the key holder's.
            var recorded = await response.Expect(HttpStatusCode.Created);
            Assert.Equal(htx.Id, recorded.Str("actor"));
            var after = (await w.Get($"api/batches/{w.Id("H")}/events")).EnumerateArray().ToList();
            Assert.Equal(new[] { htx.Id, htx.Id }, after.Select(e => e.Str("actor")));
        }
        else
        {
            // Or rejected: then nothing was recorded.
            await response.ExpectProblem(HttpStatusCode.BadRequest);
            Assert.Equal(before, await w.RawBatch(w.Id("H")));
        }
        Assert.DoesNotContain(other.Id, await w.RawBatch(w.Id("H")), StringComparison.Ordinal);

        // Nor does a body make someone else the custodian of a harvest.
        var harvest = $$"""{"batchCode":"{{w.Id("H2")}}","product":"lychee","quantity":{"amount":5,"unit":"kg"},"harvestedAt":"{{Api.Iso(w.T0)}}","custodian":"{{other.Id}}","actor":"{{other.Id}}"}""";
        using var harvested = await Client.Post($"api/farms/{w.Id("FARM")}/harvests", harvest, htx);
        if (harvested.StatusCode == HttpStatusCode.Created)
        {
            var batch = await harvested.Expect(HttpStatusCode.Created);
            Assert.Equal(htx.Id, batch.Str("custodian"));
            Assert.Equal(htx.Id, Assert.Single((await w.Get($"api/batches/{w.Id("H2")}/events")).EnumerateArray()).Str("actor"));
        }
        else
        {
            await harvested.ExpectProblem(HttpStatusCode.BadRequest);
            await w.AssertMissing($"api/batches/{w.Id("H2")}");
        }
        Assert.Equal(htx.Id, created.Str("custodian"));
    }

    [Fact]
    public async Task The_audit_trail_lists_an_organisations_writes_and_refusals_for_inspectors_and_itself_only()
    {
        var since = DateTimeOffset.UtcNow;
        var w = new HttpWorld(fixture.Silo);
        var htx = await w.Producer("htx");
        var neighbour = await w.Producer("htx-neighbour");
        var inspector = await w.Inspector();
        await w.RegisterCertificate(); // by the authority: not in htx's trail

        await w.RegisterFarm("F", htx);
        await Client.Post($"api/farms/{w.Id("F")}/harvests", Api.Harvest(w.Id("H"), 10m, w.T0, null), htx).Expect(HttpStatusCode.Created);
        await Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(1)) }, htx).Expect(HttpStatusCode.Created);
        await Client.Get($"api/batches/{w.Id("H")}", htx).Expect(HttpStatusCode.OK); // a read: not audited
        await Client.Post($"api/certificates/{w.Gi}/status", new { status = "suspended", reason = "competitor" }, htx).ExpectForbidden();
        await Client.Post($"api/farms/{w.Id("F")}/harvests", Api.Harvest(w.Id("H0"), -1m, w.T0, null), htx).ExpectProblem(HttpStatusCode.BadRequest);
        // A producer may not read another's trail; the attempt is itself a refusal on its own trail.
        await Client.Get($"api/organisations/{htx.Id}/audit", neighbour).ExpectForbidden();
        await Client.Get($"api/organisations/{neighbour.Id}/audit", htx).ExpectForbidden();

        var expected = new[]
        {
            ("PUT", $"/api/farms/{w.Id("F")}", 201),
            ("POST", $"/api/farms/{w.Id("F")}/harvests", 201),
            ("POST", $"/api/batches/{w.Id("H")}/events", 201),
            ("POST", $"/api/certificates/{w.Gi}/status", 403),
            ("POST", $"/api/farms/{w.Id("F")}/harvests", 400),
            ("GET", $"/api/organisations/{neighbour.Id}/audit", 403),
        };
        var entries = await Audit.Read(Client, htx.Id, inspector, since);
        Assert.Equal(expected, entries.Select(e => (e.Str("method"), e.Str("path"), e.GetProperty("status").GetInt32())));
        var until = DateTimeOffset.UtcNow;
        Assert.All(entries, e =>
        {
            Assert.Equal(htx.Id, e.Str("organisation"));
            Assert.Equal(htx.KeyId, e.Str("keyId"));
            Assert.InRange(e.GetProperty("at").GetDateTimeOffset(), since.AddSeconds(-5), until.AddSeconds(5));
        });
        Assert.Equal(
            new[] { ("GET", $"/api/organisations/{htx.Id}/audit", 403) },
            (await Audit.Read(Client, neighbour.Id, inspector, since)).Select(e => (e.Str("method"), e.Str("path"), e.GetProperty("status").GetInt32())));

        // The organisation reads its own trail; the authority and the admin read anyone's.
        Assert.Equal(expected.Length, (await Audit.Read(Client, htx.Id, htx, since)).Count);
        Assert.Equal(expected.Length, (await Audit.Read(Client, htx.Id, await w.Authority(), since)).Count);
        // The admin's registration of htx and its key are on the admin's trail.
        var admin = await Audit.Read(Client, SiloProcess.AdminOrganisation, fixture.Admin, since);
        Assert.Contains(admin, e => e.Str("method") == "PUT" && e.Str("path") == $"/api/organisations/{htx.Id}" && e.GetProperty("status").GetInt32() == 201);
        Assert.Contains(admin, e => e.Str("method") == "POST" && e.Str("path") == $"/api/organisations/{htx.Id}/keys" && e.GetProperty("status").GetInt32() == 201);
        await Client.Get($"api/organisations/{htx.Id}/audit?day=2026-13-01", inspector).ExpectProblem(HttpStatusCode.BadRequest);
    }

    /// <summary>A write refused because its body cannot be read (malformed JSON, over 1 MiB) is a refused write
    /// like any other, so it belongs in the trail too.</summary>
    [Fact]
    public async Task Writes_refused_for_an_unreadable_body_are_in_the_audit_trail_too()
    {
        var since = DateTimeOffset.UtcNow;
        var w = new HttpWorld(fixture.Silo);
        var htx = await w.Producer("htx");
        await w.RegisterFarm("F", htx);
        await Client.Post($"api/farms/{w.Id("F")}/harvests", """{"batchCode":"x","quantity":{"amount":5,"unit":"kg"}""", htx).ExpectProblem(HttpStatusCode.BadRequest);
        await Client.Put($"api/farms/{w.Id("F2")}", """{"name":"Vườn" "owner":"htx"}""", htx).ExpectProblem(HttpStatusCode.BadRequest);

        var entries = await Audit.Read(Client, htx.Id, await w.Inspector(), since);
        Assert.Equal(
            new[] { ("PUT", $"/api/farms/{w.Id("F")}", 201), ("POST", $"/api/farms/{w.Id("F")}/harvests", 400), ("PUT", $"/api/farms/{w.Id("F2")}", 400) },
            entries.Select(e => (e.Str("method"), e.Str("path"), e.GetProperty("status").GetInt32())));
    }
}
