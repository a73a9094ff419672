using System.Globalization;
using System.Net;
using System.Text.Json;
using Nguon.Tests.Http;

namespace Nguon.Tests.ReadModel;

/// <summary>The list endpoints over HTTP with real keys: each role lists exactly the lots and farms it may read (the
/// same answer as reading each one), filters combine, pages follow their cursors, bad parameters are problems, and a
/// write is listed as soon as it is acknowledged.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class ListEndpointTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>Producer P harvests H1 (kept) and H2; packer K receives H2, packs it and ships it to importer I.</summary>
    private async Task<(HttpWorld World, Dictionary<string, Party> Parties)> Chain()
    {
        var w = new HttpWorld(fixture.Silo);
        var producer = await w.Producer("p");
        await w.FarmWithHarvest("FARM", "H1", 500m, "p");
        await w.Harvest("FARM", "H2", 300m, producer);
        var packer = await w.Operator("k");
        var importer = await w.Operator("i");
        await w.ShipAndReceive("H2", producer, packer);
        await Client.Post($"api/batches/{w.Id("H2")}/events",
            new { bizStep = "shipping", eventTime = Api.Iso(w.T0.AddHours(5)), destination = importer.Id, disposition = "in_transit" }, packer)
            .Expect(HttpStatusCode.Created);
        var parties = new Dictionary<string, Party>
        {
            ["producer"] = producer, ["packer"] = packer, ["importer"] = importer, ["other operator"] = await w.Operator("x"),
            ["retailer"] = await w.Retailer("r"), ["inspector"] = await w.Inspector(), ["authority"] = await w.Authority(),
            ["admin"] = fixture.Admin,
        };
        return (w, parties);
    }

    [Fact]
    public async Task Each_role_lists_exactly_the_lots_and_farms_it_may_read()
    {
        var (w, parties) = await Chain();
        string[] lots = [w.Id("H1"), w.Id("H2")];
        foreach (var (role, party) in parties)
        {
            var listed = Codes(await Client.Get($"api/batches?gi={w.Gi}", party).Expect(HttpStatusCode.OK));
            var readable = new List<string>();
            foreach (var lot in lots)
            {
                using var read = await Client.Get($"api/batches/{lot}", party);
                Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"{role} reading {lot}: {read.StatusCode}");
                if (read.StatusCode == HttpStatusCode.OK) readable.Add(lot);
            }
            Assert.True(readable.SequenceEqual(listed), $"{role} lists [{string.Join(", ", listed)}] but may read [{string.Join(", ", readable)}]");

            var farms = Codes(await Client.Get($"api/farms?gi={w.Gi}", party).Expect(HttpStatusCode.OK));
            using var farm = await Client.Get($"api/farms/{w.Id("FARM")}", party);
            Assert.Equal(farm.StatusCode == HttpStatusCode.OK ? [w.Id("FARM")] : Array.Empty<string>(), farms);
        }
        // Spot checks of the rule itself: the inspector sees both, an unrelated operator neither, the importer the shipment.
        Assert.Equal(lots, Codes(await Client.Get($"api/batches?gi={w.Gi}", parties["inspector"]).Expect(HttpStatusCode.OK)));
        Assert.Empty(Codes(await Client.Get($"api/batches?gi={w.Gi}", parties["other operator"]).Expect(HttpStatusCode.OK)));
        Assert.Equal([w.Id("H2")], Codes(await Client.Get($"api/batches?gi={w.Gi}", parties["importer"]).Expect(HttpStatusCode.OK)));

        foreach (var (role, party) in parties.Where(p => p.Key != "admin"))
            await Client.Get("api/organisations", party).ExpectForbidden();
        var organisations = await Client.Get("api/organisations?role=inspector&limit=500", fixture.Admin).Expect(HttpStatusCode.OK);
        Assert.Contains(w.Id("inspector"), Ids(organisations, "id"));
        Assert.DoesNotContain(w.Id("p"), Ids(organisations, "id"));
        await Client.Get($"api/batches?gi={w.Gi}").ExpectUnauthorized();
        await Client.Get("api/certificates").ExpectUnauthorized();
        Assert.Contains(w.Gi, Ids(await Client.Get("api/certificates?limit=500", parties["retailer"]).Expect(HttpStatusCode.OK), "number"));
    }

    [Fact]
    public async Task Filters_combine_and_a_write_is_listed_once_it_is_acknowledged()
    {
        var (w, parties) = await Chain();
        var inspector = parties["inspector"];
        async Task<List<string>> List(string query) =>
            Codes(await Client.Get($"api/batches?gi={w.Gi}&{query}", inspector).Expect(HttpStatusCode.OK));

        Assert.Equal([w.Id("H2")], await List($"step=shipping&destination={parties["importer"].Id}"));
        // Destinations: every shipment's organisation and its country (all the test's organisations are in VN).
        Assert.Equal([w.Id("H2")], await List($"destination={parties["packer"].Id}"));
        Assert.Equal([w.Id("H2")], await List("destination=VN"));
        Assert.Empty(await List("destination=JP"));
        Assert.Empty(await List($"destination={parties["producer"].Id}"));
        Assert.Equal([w.Id("H2")], await List("status=inTransit"));
        Assert.Equal([w.Id("H1")], await List("status=active"));
        Assert.Equal([w.Id("H1"), w.Id("H2")], await List($"farm={w.Id("FARM")}&season={w.Season}"));
        Assert.Equal([w.Id("H2")], await List($"custodian={parties["packer"].Id}"));
        Assert.Equal([w.Id("H1")], await List($"custodian={parties["producer"].Id}"));
        var day = w.T0.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var next = w.T0.UtcDateTime.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal([w.Id("H1"), w.Id("H2")], await List($"from={day}&to={next}"));
        Assert.Empty(await List($"from={next}"));
        Assert.Equal([w.Id("H2")], await List($"step=shipping&from={Uri.EscapeDataString(Api.Iso(w.T0.AddHours(4)))}"));
        Assert.Equal([w.Id("H1")], await List("q=H1"));
        Assert.Equal([w.Id("H1"), w.Id("H2")], await List("q=lych"));
        Assert.Empty(await List("q=lychez"));
        Assert.Empty(await List("q=H%25"));
        Assert.Empty(await List("q=h1"));

        // An authorisation's validity in the offset the authority gave it, as the farm itself answers (not moved to UTC,
        // where 2024-01-01 00:00 in Hanoi is 2023-12-31).
        var farms = await Client.Get($"api/farms?gi={w.Gi}", inspector).Expect(HttpStatusCode.OK);
        var authorisation = farms.GetProperty("items")[0].GetProperty("authorisations")[0];
        Assert.Equal("2024-01-01T00:00:00+07:00", authorisation.Str("validFrom"));
        var farm = await Client.Get($"api/farms/{w.Id("FARM")}", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(farm.GetProperty("authorisations")[0].Str("validFrom"), authorisation.Str("validFrom"));

        // Read your writes: the event is in the list in the answer after its 201.
        await Client.Post($"api/batches/{w.Id("H1")}/events", new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(6)) },
            parties["producer"]).Expect(HttpStatusCode.Created);
        Assert.Equal([w.Id("H1")], await List("step=storing"));
    }

    [Fact]
    public async Task Pages_follow_their_cursor_and_say_how_fresh_they_are()
    {
        var (w, parties) = await Chain();
        using var first = await Client.Get($"api/batches?gi={w.Gi}&limit=1", parties["inspector"]);
        var page = await first.Expect(HttpStatusCode.OK);
        Assert.Equal([w.Id("H1")], Codes(page));
        var link = Assert.Single(first.Headers.GetValues("Link"));
        Assert.Matches("^<(/api/batches\\?[^>]*cursor=[^>]+)>; rel=\"next\"$", link);
        Assert.True(DateTimeOffset.TryParse(Assert.Single(first.Headers.GetValues("Nguon-Read-Model-As-Of")),
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf));
        Assert.True(asOf > DateTimeOffset.UtcNow.AddMinutes(-1), $"as of {asOf:O}");

        var second = await Client.Get(link[1..link.IndexOf('>')], parties["inspector"]).Expect(HttpStatusCode.OK);
        Assert.Equal([w.Id("H2")], Codes(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        var viaBody = await Client.Get($"api/batches?gi={w.Gi}&limit=1&cursor={page.Str("next")}", parties["inspector"])
            .Expect(HttpStatusCode.OK);
        Assert.Equal([w.Id("H2")], Codes(viaBody));
    }

    [Theory]
    [InlineData("status=bogus", "input.status")]
    [InlineData("limit=0", "input.limit")]
    [InlineData("limit=501", "input.limit")]
    [InlineData("cursor=%%%", "input.cursor")]
    [InlineData("gi=a%20b", "input.gi")]
    [InlineData("from=yesterday", "input.from")]
    [InlineData("from=2026-06-01T08:00:00", "input.from")]
    [InlineData("from=2026-06-02&to=2026-06-01", "input.to")]
    [InlineData("step=dancing", "input.step")]
    [InlineData("gtin=12345678901234", "input.gtin")]
    [InlineData("GI=VN-GI-00017", "input.GI")]
    [InlineData("gi=VN-GI-00017&gi=VN-GI-00084", "input.gi")]
    public async Task A_bad_parameter_is_a_problem_naming_it(string query, string rule)
    {
        var problem = await Client.Get($"api/batches?{query}", await fixture.Inspector()).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains(rule, problem.Rules());
    }

    [Fact]
    public async Task The_inspector_finds_the_demo_GI_lots_and_the_importer_what_was_shipped_to_it()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var lots = Codes(await Client.Get("api/batches?gi=VN-GI-00017", inspector).Expect(HttpStatusCode.OK));
        Assert.Equal(["HG-LN26-H-0003", "PH01-LN26-DOM-0001", "PH01-LN26-EXP-0001", "PH01-LN26-P-0001", "PS-LN26-H-0001",
            "QS-LN26-H-0002", "RTHN-LN26-RT-0001"], lots);
        var importer = await fixture.Demo(DemoSiloFixture.DemoImporter);
        Assert.Equal([DemoSiloFixture.ExportLot], Codes(await Client.Get("api/batches", importer).Expect(HttpStatusCode.OK)));
    }

    private static List<string> Codes(JsonElement page) => Ids(page, "code");

    private static List<string> Ids(JsonElement page, string property) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.Str(property))];
}
