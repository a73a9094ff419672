using System.Net;
using System.Text.Json;
using Nguon.Domain.Alerts;
using Nguon.Tests.Http;

namespace Nguon.Tests.Alerts;

/// <summary>The season ledger and the alerts through HTTP on a real silo: a small season with planted frauds built through
/// the API raises exactly their alerts (and again raises nothing new), the ledger adds up and shows each reader what it
/// may read, the workflow records who did what, counterfeit scans are counted, and bad requests change nothing.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class SeasonHttpTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    /// <summary>Six honest farms of 2 ha harvesting 5,000 kg/ha; BIG harvests 10,000 kg/ha (an outlier of the commune),
    /// CAP 23,500 kg of its 24,000 kg cap (and is an outlier too); LATE's harvest is recorded eight days after it was
    /// picked and then shipped, never received.</summary>
    private async Task<(HttpWorld World, Party Producer, Party Other)> PlantedSeason()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.RegisterCertificate();
        var producer = await w.Producer("p");
        var other = await w.Producer("q");
        foreach (var (farm, owner, kg) in new[]
                 {
                     ("F1", producer, 10_000m), ("F2", producer, 10_000m), ("F3", producer, 10_000m), ("F4", producer, 10_000m),
                     ("F5", producer, 10_000m), ("F6", other, 10_000m), ("BIG", producer, 20_000m), ("CAP", producer, 23_500m),
                 })
        {
            await w.RegisterFarm(farm, owner);
            await w.Authorise(farm);
            await w.Harvest(farm, "H" + farm, kg, owner);
        }
        var picked = w.T0.AddDays(-8);
        await Client.Post($"api/farms/{w.Id("F1")}/harvests", Api.Harvest(w.Id("LATE"), 100m, picked, w.Gi), producer)
            .Expect(HttpStatusCode.Created);
        var buyer = await w.Operator("buyer");
        await Client.Post($"api/batches/{w.Id("LATE")}/events", new
        {
            bizStep = "shipping", eventTime = Api.Iso(picked.AddHours(1)), destination = buyer.Id, disposition = "in_transit",
        }, producer).Expect(HttpStatusCode.Created);
        return (w, producer, other);
    }

    [Fact]
    public async Task A_planted_season_raises_exactly_its_alerts_and_raising_them_again_adds_none()
    {
        var (w, _, _) = await PlantedSeason();
        var inspector = await w.Inspector();
        var first = await Client.Post($"api/alerts/evaluate?gi={w.Gi}&season={w.Season}", new { }, inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(5, first.GetProperty("findings").GetInt32());

        var alerts = (await Client.Get($"api/alerts?gi={w.Gi}", inspector).Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(a => (Rule: a.Str("rule"), Subject: a.Str("subject"))).OrderBy(a => a.Rule).ThenBy(a => a.Subject).ToList();
        Assert.Equal(
        [
            (AlertRules.BackDated, w.Id("LATE")), (AlertRules.TransitTooLong, w.Id("LATE") + "#2"), (AlertRules.YieldOutlier, w.Id("BIG")),
            (AlertRules.YieldOutlier, w.Id("CAP")), (AlertRules.NearCap, w.Id("CAP")),
        ], alerts);

        var again = await Client.Post($"api/alerts/evaluate?gi={w.Gi}&season={w.Season}", new { }, inspector).Expect(HttpStatusCode.OK);
        Assert.Empty(again.GetProperty("raised").EnumerateObject());
        Assert.Equal(5, (await Client.Get($"api/alerts?gi={w.Gi}", inspector).Expect(HttpStatusCode.OK)).GetProperty("items").GetArrayLength());

        var outlier = (await Client.Get($"api/alerts?gi={w.Gi}&rule={AlertRules.YieldOutlier}", inspector).Expect(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Single(a => a.Str("subject") == w.Id("BIG"));
        Assert.Equal(10_000m, outlier.GetProperty("evidence").GetProperty("figures").GetProperty("yieldKgPerHa").GetDecimal());
        Assert.Equal(5_000m, outlier.GetProperty("evidence").GetProperty("figures").GetProperty("communeMedianKgPerHa").GetDecimal());
        Assert.Contains(outlier.GetProperty("links").EnumerateArray(), l => l.Str("href") == $"/api/farms/{w.Id("BIG")}");
    }

    [Fact]
    public async Task The_ledger_adds_up_and_each_reader_sees_what_it_may()
    {
        var (w, _, other) = await PlantedSeason();
        var ledger = await Client.Get($"api/gi/{w.Gi}/seasons/{w.Season}", await w.Authority()).Expect(HttpStatusCode.OK);
        var balance = ledger.GetProperty("balance");
        Assert.Equal(103_600m, balance.GetProperty("harvestedKg").GetDecimal());
        Assert.Equal(103_600m, balance.GetProperty("unpackedKg").GetDecimal()); // LATE went to an operator: not a sale
        Assert.Equal(0m, balance.GetProperty("unaccountedKg").GetDecimal());
        var farms = ledger.GetProperty("farms");
        Assert.Equal(8, farms.GetProperty("authorised").GetInt32());
        Assert.Equal(16m * 12_000m, farms.GetProperty("capacityKg").GetDecimal());
        var commune = Assert.Single(ledger.GetProperty("communes").EnumerateArray());
        Assert.Equal(5_000m, commune.GetProperty("medianFarmYieldKgPerHa").GetDecimal());
        Assert.Equal(8, ledger.GetProperty("farmLines").GetArrayLength());

        // A producer reads the season's totals and its own farm's line only; an operator reads nothing.
        var own = await Client.Get($"api/gi/{w.Gi}/seasons/{w.Season}", other).Expect(HttpStatusCode.OK);
        Assert.Equal([w.Id("F6")], own.GetProperty("farmLines").EnumerateArray().Select(f => f.Str("farm")));
        Assert.Equal(balance.ToString(), own.GetProperty("balance").ToString());
        await Client.Get($"api/gi/{w.Gi}/seasons/{w.Season}", await w.Operator("x")).ExpectForbidden();
        await Client.Get($"api/gi/{w.Gi}/seasons/{w.Season}").ExpectUnauthorized();
        Assert.Equal(["input.season"], (await Client.Get($"api/gi/{w.Gi}/seasons/26", other).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        Assert.Equal(["gi.certificate-unknown"],
            (await Client.Get($"api/gi/GI-NONE-{w.Suffix}/seasons/{w.Season}", other).ExpectProblem(HttpStatusCode.NotFound)).Rules());
    }

    [Fact]
    public async Task An_alert_is_acknowledged_and_closed_with_its_actors_and_a_bad_change_changes_nothing()
    {
        var (w, producer, _) = await PlantedSeason();
        var (inspector, authority) = (await w.Inspector(), await w.Authority());
        await Client.Post($"api/alerts/evaluate?gi={w.Gi}&season={w.Season}", new { }, inspector).Expect(HttpStatusCode.OK);
        var id = (await Client.Get($"api/alerts?gi={w.Gi}&rule={AlertRules.NearCap}", inspector).Expect(HttpStatusCode.OK))
            .GetProperty("items")[0].Str("id");

        var acked = await Client.Post($"api/alerts/{id}/state", new { state = "acknowledged", note = "visit booked" }, inspector)
            .Expect(HttpStatusCode.OK);
        Assert.Equal("acknowledged", acked.Str("state"));
        Assert.Equal(["alert.state-unchanged"], (await Client.Post($"api/alerts/{id}/state", new { state = "acknowledged", note = "again" },
            inspector).ExpectProblem(HttpStatusCode.Conflict)).Rules());
        Assert.Equal(["input.alert-note"], (await Client.Post($"api/alerts/{id}/state", new { state = "closed", note = "" }, authority)
            .ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        await Client.Post($"api/alerts/{id}/state", new { state = "closed", note = "harvest records checked on site" }, producer).ExpectForbidden();
        var closed = await Client.Post($"api/alerts/{id}/state", new { state = "closed", note = "harvest records checked on site" }, authority)
            .Expect(HttpStatusCode.OK);
        Assert.Equal(
            [("acknowledged", inspector.Id, "visit booked"), ("closed", authority.Id, "harvest records checked on site")],
            closed.GetProperty("changes").EnumerateArray().Select(c => (c.Str("state"), c.Str("actor"), c.Str("note"))));

        // Evaluating again keeps the closed alert closed, and the list filters by state.
        await Client.Post($"api/alerts/evaluate?gi={w.Gi}&season={w.Season}", new { }, inspector).Expect(HttpStatusCode.OK);
        Assert.Equal("closed", (await Client.Get($"api/alerts/{id}", inspector).Expect(HttpStatusCode.OK)).Str("state"));
        Assert.Equal([id], Ids(await Client.Get($"api/alerts?gi={w.Gi}&state=closed", inspector).Expect(HttpStatusCode.OK)));
        Assert.Equal(4, (await Client.Get($"api/alerts?gi={w.Gi}&state=open", inspector).Expect(HttpStatusCode.OK)).GetProperty("items")
            .GetArrayLength());

        await Client.Get($"api/alerts?gi={w.Gi}", producer).ExpectForbidden();
        await Client.Get("api/alerts").ExpectUnauthorized();
        await Client.Get("api/alerts/AL-00000000000000000000", inspector).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(["input.rule"], (await Client.Get("api/alerts?rule=made.up", inspector).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        Assert.Equal(["input.state"], (await Client.Get("api/alerts?state=pending", inspector).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        Assert.Equal(["input.evaluate"], (await Client.Post("api/alerts/evaluate", new { }, inspector).ExpectProblem(HttpStatusCode.BadRequest))
            .Rules());
    }

    [Fact]
    public async Task Scans_of_lots_nobody_made_under_a_GI_products_GTIN_are_counted_without_who_scanned_and_raise_an_alert()
    {
        await fixture.DemoDataLoaded();
        var gtin = "08935000100011"; // the demo exporter's Lục Ngạn lychee GTIN
        for (var i = 0; i < 3; i++)
            await Client.GetAccepting($"01/{gtin}/10/FAKE{Api.Suffix()[..6]}", "application/json").ExpectProblem(HttpStatusCode.NotFound);
        var inspector = await fixture.Inspector();
        var today = DateTime.UtcNow;
        await Client.Post($"api/alerts/evaluate?gi=VN-GI-00017&season={today.Year}", new { }, inspector).Expect(HttpStatusCode.OK);
        var scans = (await Client.Get($"api/alerts?gi=VN-GI-00017&rule={AlertRules.UnknownLotScans}&limit=500", inspector)
            .Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Where(a => a.Str("subject").StartsWith(gtin + "/")).ToList();
        var alert = Assert.Single(scans, a => a.Str("subject") == $"{gtin}/{today:yyyy-MM-dd}");
        Assert.True(alert.GetProperty("evidence").GetProperty("figures").GetProperty("scans").GetDecimal() >= 3);
        Assert.DoesNotContain("127.0.0.1", alert.ToString());
    }

    private static string[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.Str("id"))];
}
