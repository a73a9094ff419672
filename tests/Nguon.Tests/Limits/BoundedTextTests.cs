using System.Net;
using Nguon.Tests.Http;

namespace Nguon.Tests.Limits;

/// <summary>Every free-text field of every command body has a cap (<see cref="Nguon.Domain.TextLimits"/>): over it the
/// API answers 400 <c>input.too-long</c> naming the field (a list over its count: <c>input.too-many</c>) and nothing is
/// stored. The attack of issue 13 (a 60,000-character product name) is refused at the write.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class BoundedTextTests(DemoSiloFixture fixture)
{
    private static readonly string Huge = new('x', 60_000);
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task A_harvest_with_a_60000_character_product_name_is_refused_and_no_batch_is_made()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var producer = await w.Producer("htx-test");
        var body = new
        {
            batchCode = w.Id("HUGE"), product = Huge, quantity = new { amount = 10m, unit = "kg" }, harvestedAt = Api.Iso(w.T0),
        };
        var problem = await Client.Post($"api/farms/{w.Id("FARM")}/harvests", body, producer).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["input.too-long"], problem.Rules());
        Assert.Contains("product has 60000 characters; it may have at most 200", problem.Str("detail"), StringComparison.Ordinal);
        await w.AssertMissing($"api/batches/{w.Id("HUGE")}");
    }

    [Fact]
    public async Task Text_over_its_cap_in_any_body_is_refused_naming_the_field_and_nothing_changes()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var authority = await w.Authority();
        var producer = await w.Producer("htx-test");
        var farm = w.Id("FARM");
        var t = Api.Iso(w.T0.AddHours(1));
        var before = await w.RawBatch(w.Id("H")) + await w.Raw($"api/farms/{farm}") + await w.Raw($"api/certificates/{w.Gi}");
        var cases = new (HttpMethod Method, string Path, object Body, Party By, string Field)[]
        {
            (HttpMethod.Put, $"api/farms/{w.Id("F2")}", Api.Farm(producer.Id, name: Huge), producer, "name"),
            (HttpMethod.Put, $"api/certificates/{w.Id("GI2")}", new
            {
                name = new { vi = "Vải", en = Huge }, product = "lychee", varieties = Array.Empty<string>(), holder = "DOST",
                protectedAreaGeoJson = Api.Area, validFrom = "2020-01-01T00:00:00+07:00",
                specification = new { maxYieldKgPerHaPerSeason = 1000m },
            }, authority, "name.en"),
            (HttpMethod.Post, $"api/certificates/{w.Gi}/status", new { status = "suspended", reason = Huge }, authority, "reason"),
            (HttpMethod.Post, $"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = t, readPoint = Huge },
                producer, "readPoint"),
            (HttpMethod.Post, $"api/batches/{w.Id("H")}/events", new
            {
                bizStep = "storing", eventTime = t, sensors = new[] { new { type = "Temperature", value = 4.5m, unit = Huge } },
            }, producer, "sensors[0].unit"),
            (HttpMethod.Post, $"api/batches/{w.Id("H")}/split", new
            {
                eventTime = t, parts = new[] { new { batchCode = w.Id("S1"), quantity = new { amount = 1m, unit = Huge } } },
            }, producer, "parts[0].quantity.unit"),
            (HttpMethod.Post, $"api/farms/{farm}/authorisations", Api.Authorisation(w.Gi, Huge), authority, "decisionReference"),
        };
        foreach (var (method, path, body, by, field) in cases)
        {
            var problem = await Client.Send(method, path, body, by).ExpectProblem(HttpStatusCode.BadRequest);
            Assert.True(problem.Rules() is ["input.too-long"], $"{method} {path}: {problem}");
            Assert.StartsWith($"{field} has ", problem.Str("detail"), StringComparison.Ordinal);
        }
        var crops = new
        {
            name = "Vườn", owner = producer.Id, address = new { commune = "Phượng Sơn", district = "Lục Ngạn", province = "Bắc Giang" },
            locationGeoJson = Api.Inside, areaHa = 1m, crops = Enumerable.Range(0, 21).Select(i => $"crop {i}").ToArray(),
        };
        var tooMany = await Client.Put($"api/farms/{w.Id("F3")}", crops, producer).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["input.too-many"], tooMany.Rules());
        Assert.Equal(before, await w.RawBatch(w.Id("H")) + await w.Raw($"api/farms/{farm}") + await w.Raw($"api/certificates/{w.Gi}"));
        await w.AssertMissing($"api/farms/{w.Id("F2")}");
        await w.AssertMissing($"api/farms/{w.Id("F3")}");
        await Client.GetAsync($"api/certificates/{w.Id("GI2")}").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Text_at_its_cap_is_accepted()
    {
        var w = new HttpWorld(fixture.Silo);
        var producer = await w.Producer("htx-test");
        await Client.Put($"api/farms/{w.Id("F")}", Api.Farm(producer.Id, name: new string('x', 200)), producer).Expect(HttpStatusCode.Created);
    }

    /// <summary>Kestrel itself refuses a Host of the wrong syntax; a long one it lets through would make long links.</summary>
    [Fact]
    public async Task A_host_no_link_may_carry_is_refused_when_links_are_built_from_it()
    {
        var host = string.Join('.', Enumerable.Repeat("a-long-host-name-label", 5)) + ".example";
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{DemoSiloFixture.ExportLot}/label.png");
        Assert.True(request.Headers.TryAddWithoutValidation("Host", host));
        using var response = await Client.SendAsync(request);
        Assert.Equal(["input.host"], (await response.ExpectProblem(HttpStatusCode.BadRequest)).Rules());

        using var health = new HttpRequestMessage(HttpMethod.Get, "health/live");
        Assert.True(health.Headers.TryAddWithoutValidation("Host", host));
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(health)).StatusCode);
    }
}
