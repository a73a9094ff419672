using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Nguon.Tests.Http;

/// <summary>Bad input over HTTP, sent with the key of an organisation that would be allowed to do the
/// well-formed thing: every refusal is a 4xx RFC 9457 problem document (application/problem+json with status,
/// title and detail), and nothing is persisted — each test reads the record back afterwards with a key that may
/// read it (an inspector's).</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class BadInputTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    // ---------------------------------------------------------------- malformed and incomplete JSON

    [Theory]
    [InlineData("""{"name":"Vườn","owner":"htx",""")]
    [InlineData("""{"name":"Vườn" "owner":"htx"}""")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("""["an","array"]""")]
    [InlineData("""{"name":"x","owner":"o","address":{"commune":"c","district":"d","province":"p"},"locationGeoJson":"{\"type\":\"Point\",\"coordinates\":[106.55,21.33]}","areaHa":"two","crops":[]}""")]
    public async Task Malformed_JSON_registers_no_farm(string body)
    {
        var farm = $"F-{Api.Suffix()}";
        await Client.Put($"api/farms/{farm}", body, await fixture.Authority()).ExpectProblem(HttpStatusCode.BadRequest);
        await AssertMissing($"api/farms/{farm}");
    }

    [Fact]
    public async Task Malformed_JSON_registers_no_certificate_and_no_harvest()
    {
        var w = new HttpWorld(fixture.Silo);
        var htx = await w.Producer("htx");
        await Client.Put($"api/certificates/{w.Gi}", """{"name":{"vi":"a","en":"b"},"product":""", await w.Authority()).ExpectProblem(HttpStatusCode.BadRequest);
        await w.AssertMissing($"api/certificates/{w.Gi}");

        await w.RegisterFarm("F", htx);
        await Client.Post($"api/farms/{w.Id("F")}/harvests", """{"batchCode":"H","quantity":{"amount":5,"unit":"kg"}""", htx)
            .ExpectProblem(HttpStatusCode.BadRequest);
        await AssertNoHarvest(w, "F", "H");
    }

    [Fact]
    public async Task Missing_required_fields_are_refused_and_nothing_is_registered()
    {
        var w = new HttpWorld(fixture.Silo);
        var htx = await w.Producer("htx");
        var farm = Json(Api.Farm(htx.Id));
        farm.Remove("locationGeoJson");
        var problem = await Client.Put($"api/farms/{w.Id("F1")}", farm.ToJsonString(), htx).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("locationGeoJson", problem.Str("detail"), StringComparison.OrdinalIgnoreCase);
        await w.AssertMissing($"api/farms/{w.Id("F1")}");

        var nulled = Json(Api.Farm(htx.Id));
        nulled["owner"] = null;
        await Client.Put($"api/farms/{w.Id("F2")}", nulled.ToJsonString(), htx).ExpectProblem(HttpStatusCode.BadRequest);
        await w.AssertMissing($"api/farms/{w.Id("F2")}");

        var cert = Json(Api.Certificate());
        cert.Remove("protectedAreaGeoJson");
        await Client.Put($"api/certificates/{w.Gi}", cert.ToJsonString(), await w.Authority()).ExpectProblem(HttpStatusCode.BadRequest);
        await w.AssertMissing($"api/certificates/{w.Gi}");

        await w.RegisterFarm("F", htx);
        var harvest = Json(Api.Harvest(w.Id("H"), 10m, w.T0, null));
        harvest.Remove("quantity");
        await Client.Post($"api/farms/{w.Id("F")}/harvests", harvest.ToJsonString(), htx).ExpectProblem(HttpStatusCode.BadRequest);
        await AssertNoHarvest(w, "F", "H");
    }

    // ---------------------------------------------------------------- quantities and units

    [Theory]
    [InlineData("""{"amount":-5,"unit":"kg"}""", "quantity.not-positive")]
    [InlineData("""{"amount":0,"unit":"kg"}""", "quantity.not-positive")]
    [InlineData("""{"amount":5,"unit":""}""", "quantity.unit-missing")]
    [InlineData("""{"amount":5,"unit":"   "}""", "quantity.unit-missing")]
    [InlineData("""{"amount":5,"unit":"parsec"}""", "quantity.unit-unknown")]
    [InlineData("""{"amount":5}""", null)]
    [InlineData("""{"amount":5,"unit":null}""", null)]
    [InlineData("""{"unit":"kg"}""", null)]
    public async Task Harvest_with_a_bad_quantity_creates_no_batch(string quantity, string? rule)
    {
        var w = new HttpWorld(fixture.Silo);
        var htx = await w.Producer("htx");
        await w.RegisterFarm("F", htx);
        var body = $$"""{"batchCode":"{{w.Id("H")}}","product":"lychee","quantity":{{quantity}},"harvestedAt":"{{Api.Iso(w.T0)}}"}""";

        var problem = await Client.Post($"api/farms/{w.Id("F")}/harvests", body, htx).ExpectProblem(HttpStatusCode.BadRequest);
        if (rule is not null) Assert.Contains(rule, problem.Rules());
        await AssertNoHarvest(w, "F", "H");
    }

    [Theory]
    [InlineData("""{"amount":-1,"unit":"kg"}""")]
    [InlineData("""{"amount":1,"unit":"furlong"}""")]
    [InlineData("""{"amount":1}""")]
    public async Task Event_or_split_with_a_bad_quantity_leaves_the_batch_unchanged(string quantity)
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var custodian = await w.Producer("htx-test");
        var before = await w.RawBatch(w.Id("H"));

        await Client.Post($"api/batches/{w.Id("H")}/events",
            $$"""{"bizStep":"storing","eventTime":"{{Api.Iso(w.T0.AddHours(1))}}","quantity":{{quantity}}}""", custodian).ExpectProblem(HttpStatusCode.BadRequest);
        await Client.Post($"api/batches/{w.Id("H")}/split",
            $$"""{"eventTime":"{{Api.Iso(w.T0.AddHours(1))}}","parts":[{"batchCode":"{{w.Id("S")}}","quantity":{{quantity}}}]}""", custodian).ExpectProblem(HttpStatusCode.BadRequest);

        Assert.Equal(before, await w.RawBatch(w.Id("H")));
        await w.AssertMissing($"api/batches/{w.Id("S")}");
    }

    // ---------------------------------------------------------------- GeoJSON

    public static TheoryData<string, string> BadAreas => new()
    {
        { "not json", "not JSON" },
        { """{"type":"Polygon","coordinates":[[[106.4,21.2],[106.6,21.2]""", "truncated JSON" },
        { """{"type":"LineString","coordinates":[[106.4,21.2],[106.6,21.3]]}""", "a LineString is no area" },
        { """{"type":"Point","coordinates":[106.5,21.3]}""", "a Point is no area" },
        { """{"type":"Polygon","coordinates":[[[106.4,21.2],[206.6,21.2],[106.6,21.4],[106.4,21.2]]]}""", "longitude out of range" },
        { """{"type":"Polygon","coordinates":[[[106.4,21.2],[106.6,91.2],[106.6,21.4],[106.4,21.2]]]}""", "latitude out of range" },
        { """{"type":"Polygon","coordinates":[[[106.4,21.2],[106.6,21.4],[106.6,21.2],[106.4,21.4],[106.4,21.2]]]}""", "self-intersecting (bow tie)" },
        { """{"type":"Polygon","coordinates":[[[106.4,21.2],[106.6,21.2],[106.6,21.4]]]}""", "unclosed ring" },
        { """{"type":"Polygon","coordinates":[]}""", "empty" },
        { """{"coordinates":[[[106.4,21.2],[106.6,21.2],[106.6,21.4],[106.4,21.2]]]}""", "no type" },
        { "", "empty string" },
    };

    [Theory]
    [MemberData(nameof(BadAreas))]
    public async Task Certificate_with_an_invalid_protected_area_is_not_registered(string area, string why)
    {
        var gi = $"GI-{Api.Suffix()}";
        var problem = await Client.Put($"api/certificates/{gi}", Api.Certificate(area: area), await fixture.Authority()).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.True(problem.Rules().Contains("input.geojson"), $"{why}: {problem}");
        await AssertMissing($"api/certificates/{gi}");
    }

    [Theory]
    [InlineData("""{"type":"Point","coordinates":[206.55,21.33]}""")]
    [InlineData("""{"type":"Point","coordinates":[106.55,-91]}""")]
    [InlineData("""{"type":"LineString","coordinates":[[106.4,21.2],[106.6,21.3]]}""")]
    [InlineData("""{"type":"Polygon","coordinates":[[[106.4,21.2],[106.6,21.4],[106.6,21.2],[106.4,21.4],[106.4,21.2]]]}""")]
    [InlineData("106.55,21.33")]
    public async Task Farm_with_an_invalid_location_is_not_registered(string location)
    {
        var farm = $"F-{Api.Suffix()}";
        var problem = await Client.Put($"api/farms/{farm}", Api.Farm("htx", location), await fixture.Authority()).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.geojson", problem.Rules());
        await AssertMissing($"api/farms/{farm}");
    }

    // ---------------------------------------------------------------- body size

    [Fact]
    public async Task Body_over_one_MiB_is_refused_with_413_and_nothing_is_registered()
    {
        var farm = $"F-{Api.Suffix()}";
        // A farm that would be valid, padded past the limit with crop names.
        var body = JsonSerializer.Serialize(new
        {
            name = "Vườn lớn",
            owner = "htx",
            address = new { commune = "Phượng Sơn", district = "Lục Ngạn", province = "Bắc Giang" },
            locationGeoJson = Api.Inside,
            areaHa = 2m,
            crops = Enumerable.Repeat(new string('x', 100), 11_000),
        }, Api.Json);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1024 * 1024);

        await Client.Put($"api/farms/{farm}", body, await fixture.Authority()).ExpectProblem(HttpStatusCode.RequestEntityTooLarge);
        await AssertMissing($"api/farms/{farm}");
    }

    [Fact]
    public async Task A_detailed_protected_area_well_under_one_MiB_is_accepted()
    {
        var gi = $"GI-{Api.Suffix()}";
        // A ring of 12,000 vertices around Lục Ngạn (~400 KB of GeoJSON).
        const int n = 12_000;
        var ring = Enumerable.Range(0, n + 1).Select(i =>
        {
            var a = 2 * Math.PI * (i % n) / n;
            return string.Create(CultureInfo.InvariantCulture, $"[{106.6 + 0.2 * Math.Cos(a):0.0000000},{21.38 + 0.15 * Math.Sin(a):0.0000000}]");
        });
        var area = $$"""{"type":"Polygon","coordinates":[[{{string.Join(',', ring)}}]]}""";
        var body = JsonSerializer.Serialize(Api.Certificate(area: area), Api.Json);
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 250_000, 1024 * 1024 - 1);

        await Client.Put($"api/certificates/{gi}", body, await fixture.Authority()).Expect(HttpStatusCode.Created);
        Assert.Equal(area, (await Client.GetAsync($"api/certificates/{gi}").Expect(HttpStatusCode.OK)).Str("protectedAreaGeoJson"));
    }

    // ---------------------------------------------------------------- identifiers

    public static readonly string[] OddIds = ["bad%20id", "x;drop", new string('A', 65), "-leading-dash", "v%E1%BA%A3i"];

    /// <summary>(method, path with {id}, body) for routes taking an identifier.</summary>
    private static readonly (string Method, string Path, object? Body)[] IdRoutes =
    [
        ("GET", "api/farms/{id}", null),
        ("PUT", "api/farms/{id}", Api.Farm("htx")),
        ("POST", "api/farms/{id}/authorisations", new { giNumber = "VN-GI-00017", validFrom = "2024-01-01T00:00:00Z", decisionReference = "QĐ-1" }),
        ("POST", "api/farms/{id}/harvests", Api.Harvest("ODD-H-1", 10m, DateTimeOffset.UtcNow.AddDays(-1), null)),
        ("GET", "api/farms/{id}/seasons/2026", null),
        ("GET", "api/farms/{id}/seasons/2026/recall-scope", null),
        ("GET", "api/farms/VNBG-LN-PS-001/seasons/{id}", null),
        ("GET", "api/batches/{id}", null),
        ("GET", "api/batches/{id}/events", null),
        ("POST", "api/batches/{id}/events", new { bizStep = "storing", eventTime = "2026-06-20T00:00:00Z" }),
        ("POST", "api/batches/{id}/split", new { eventTime = "2026-06-20T00:00:00Z", parts = new[] { new { batchCode = "ODD-S-1", quantity = new { amount = 1, unit = "kg" } } } }),
        ("GET", "api/batches/{id}/trace", null),
        ("GET", "api/batches/{id}/descendants", null),
        ("GET", "api/batches/{id}/verification", null),
        ("GET", "api/batches/PH01-LN26-EXP-0001/verification?claim={id}", null),
        ("PUT", "api/certificates/{id}", Api.Certificate()),
        ("GET", "api/certificates/{id}", null),
        ("POST", "api/certificates/{id}/status", new { status = "suspended", reason = "test" }),
    ];

    public static TheoryData<string, string, int> OddIdCases()
    {
        var data = new TheoryData<string, string, int>();
        for (var r = 0; r < IdRoutes.Length; r++)
            foreach (var id in OddIds)
                data.Add(IdRoutes[r].Method, IdRoutes[r].Path.Replace("{id}", id, StringComparison.Ordinal), r);
        return data;
    }

    [Theory]
    [MemberData(nameof(OddIdCases))]
    public async Task Identifiers_with_odd_characters_are_refused_before_anything_happens(string method, string path, int route)
    {
        // Sent by the authority, which may do most of these (an identifier check must not wait for a permission one).
        var problem = await Client.Send(new HttpMethod(method), path, IdRoutes[route].Body, await fixture.Authority()).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.id", problem.Rules());
    }

    /// <summary>A malformed ?market= was once reported as "not a valid GI number": it is a bad market code, with one
    /// wording on every route that takes a market.</summary>
    [Theory]
    [InlineData("verification/full")]
    [InlineData("dossier")]
    public async Task A_bad_market_code_is_reported_as_a_bad_market_code(string route)
    {
        var path = $"api/batches/{DemoSiloFixture.ExportLot}/{route}?market=J%20P!";
        var problem = await Client.Get(path, await fixture.Inspector()).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["input.market"], problem.Rules());
        Assert.Equal("'J P!' is not a market code such as JP", problem.GetProperty("detail").GetString());
    }

    /// <summary>A regular expression's <c>$</c> also matches before a final newline: "X\n" must not pass as "X".</summary>
    [Fact]
    public async Task A_trailing_newline_makes_an_identifier_invalid_in_routes_and_bodies()
    {
        var w = new HttpWorld(fixture.Silo);
        var htx = await w.Producer("htx");
        var problem = await Client.Put($"api/farms/{w.Id("NL")}%0A", Api.Farm(htx.Id), htx).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.id", problem.Rules());
        await Client.Get($"api/farms/{w.Id("NL")}%0A", await w.Inspector()).ExpectProblem(HttpStatusCode.BadRequest);
        await w.AssertMissing($"api/farms/{w.Id("NL")}");

        await w.RegisterFarm("F", htx);
        var harvest = await Client.Post($"api/farms/{w.Id("F")}/harvests", Api.Harvest(w.Id("H") + "\n", 10m, w.T0, null), htx)
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.id", harvest.Rules());
        await AssertNoHarvest(w, "F", "H");
    }

    [Fact]
    public async Task Odd_identifiers_inside_bodies_are_refused_and_nothing_is_created()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest();
        var htx = await w.Producer("htx-test");
        var before = await w.RawBatch(w.Id("H"));

        var harvest = await Client.Post($"api/farms/{w.Id("FARM")}/harvests", Api.Harvest("x;drop", 10m, w.T0, null), htx)
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.id", harvest.Rules());
        var season = await w.Get($"api/farms/{w.Id("FARM")}/seasons/{w.Season}");
        Assert.Equal(new[] { w.Id("H") }, season.GetProperty("batches").EnumerateArray().Select(b => b.GetString()!));

        var split = await Client.Post($"api/batches/{w.Id("H")}/split", new
        {
            eventTime = Api.Iso(w.T0.AddHours(1)),
            parts = new[] { new { batchCode = "bad id", quantity = new { amount = 10m, unit = "kg" } } },
        }, htx).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.id", split.Rules());

        var merge = await Client.Post("api/batches/merges", new
        {
            batchCode = new string('M', 65),
            eventTime = Api.Iso(w.T0.AddHours(1)),
            inputs = new[] { new { batch = w.Id("H"), quantity = new { amount = 10m, unit = "kg" } }, new { batch = "x;drop", quantity = new { amount = 1m, unit = "kg" } } },
        }, htx).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains("input.id", merge.Rules());

        Assert.Equal(before, await w.RawBatch(w.Id("H")));
    }

    // ---------------------------------------------------------------- unknown identifiers

    public static TheoryData<string, string> UnknownRoutes => new()
    {
        { "GET", "api/farms/{id}" },
        { "GET", "api/farms/{id}/seasons/2026" },
        { "GET", "api/farms/{id}/seasons/2026/recall-scope" },
        { "POST", "api/farms/{id}/authorisations" },
        { "POST", "api/farms/{id}/authorisations/VN-GI-00017/status" },
        { "POST", "api/farms/{id}/harvests" },
        { "GET", "api/batches/{id}" },
        { "GET", "api/batches/{id}/events" },
        { "POST", "api/batches/{id}/events" },
        { "POST", "api/batches/{id}/split" },
        { "GET", "api/batches/{id}/trace" },
        { "GET", "api/batches/{id}/descendants" },
        { "GET", "api/batches/{id}/verification" },
        { "GET", "api/certificates/{id}" },
        { "POST", "api/certificates/{id}/status" },
    };

    [Theory]
    [MemberData(nameof(UnknownRoutes))]
    public async Task Unknown_identifiers_are_404_problems_and_create_nothing(string method, string path)
    {
        var id = $"UNKNOWN-{Api.Suffix()}";
        var w = new HttpWorld(fixture.Silo);
        object? body = method == "GET" ? null : path switch
        {
            _ when path.EndsWith("/authorisations", StringComparison.Ordinal) => new { giNumber = "VN-GI-00017", validFrom = "2024-01-01T00:00:00Z", decisionReference = "QĐ-1" },
            _ when path.EndsWith("/status", StringComparison.Ordinal) => new { status = "suspended", reason = "test" },
            _ when path.EndsWith("/harvests", StringComparison.Ordinal) => Api.Harvest(w.Id("H"), 10m, w.T0, null),
            _ when path.EndsWith("/events", StringComparison.Ordinal) => new { bizStep = "storing", eventTime = Api.Iso(w.T0) },
            _ => new { eventTime = Api.Iso(w.T0), parts = new[] { new { batchCode = w.Id("S"), quantity = new { amount = 1m, unit = "kg" } } } },
        };

        // The authority may do the authorisation and status changes; for everything else an unknown record is
        // reported as such before anyone's rights over it are considered.
        var problem = await Client.Send(new HttpMethod(method), path.Replace("{id}", id, StringComparison.Ordinal), body, await w.Authority())
            .ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains(problem.Rules(), r => r.EndsWith(".unknown", StringComparison.Ordinal));
        Assert.Contains(id, problem.Str("detail"), StringComparison.Ordinal);

        await w.AssertMissing($"api/farms/{id}");
        await w.AssertMissing($"api/batches/{id}");
        await w.AssertMissing($"api/certificates/{id}");
        await w.AssertMissing($"api/batches/{w.Id("H")}");
        await w.AssertMissing($"api/batches/{w.Id("S")}");
    }

    // ---------------------------------------------------------------- domain refusals

    [Fact]
    public async Task Split_beyond_the_remaining_quantity_is_422_and_leaves_the_parent_unchanged()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest(kg: 1000m);
        var custodian = await w.Producer("htx-test");
        await Client.Post($"api/batches/{w.Id("H")}/split", new
        {
            eventTime = Api.Iso(w.T0.AddHours(1)),
            parts = new[] { new { batchCode = w.Id("S1"), quantity = new { amount = 600m, unit = "kg" } } },
        }, custodian).Expect(HttpStatusCode.Created);
        var before = await w.RawBatch(w.Id("H"));
        Assert.Equal(400m, (await w.Get($"api/batches/{w.Id("H")}")).GetProperty("remaining").GetDecimal());

        // 300 kg + 0.2 t = 500 kg, more than the 400 kg left (though less than the 1000 kg harvested).
        var problem = await Client.Post($"api/batches/{w.Id("H")}/split", new
        {
            eventTime = Api.Iso(w.T0.AddHours(2)),
            parts = new[]
            {
                new { batchCode = w.Id("S2"), quantity = new { amount = 300m, unit = "kg" } },
                new { batchCode = w.Id("S3"), quantity = new { amount = 0.2m, unit = "t" } },
            },
        }, custodian).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        var violations = problem.GetProperty("violations");
        Assert.Equal("mass-balance.split", violations[0].Str("rule"));
        Assert.Equal("urn:nguon:rule:mass-balance.split", problem.Str("type"));

        Assert.Equal(before, await w.RawBatch(w.Id("H")));
        await w.AssertMissing($"api/batches/{w.Id("S2")}");
        await w.AssertMissing($"api/batches/{w.Id("S3")}");
    }

    [Fact]
    public async Task Duplicate_registrations_are_409_and_change_nothing()
    {
        var w = new HttpWorld(fixture.Silo);
        await w.FarmWithHarvest(owner: "htx-first");
        var cert = await w.Raw($"api/certificates/{w.Gi}");
        var farm = await w.Raw($"api/farms/{w.Id("FARM")}");
        var batch = await w.RawBatch(w.Id("H"));

        var c = await Client.Put($"api/certificates/{w.Gi}", Api.Certificate(holder: "someone else", maxYield: 99_999m), await w.Authority())
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("certificate.exists", c.Rules());
        // Another producer claiming the same growing-area code for itself.
        var second = await w.Producer("htx-second");
        var f = await Client.Put($"api/farms/{w.Id("FARM")}", Api.Farm(second.Id, areaHa: 50m), second).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("farm.exists", f.Rules());

        // The same batch code harvested on another farm.
        var other = await w.Producer("htx-other");
        await w.RegisterFarm("OTHER", other);
        await w.Authorise("OTHER");
        var h = await Client.Post($"api/farms/{w.Id("OTHER")}/harvests", Api.Harvest(w.Id("H"), 5m, w.T0, w.Gi), other)
            .ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("batch.exists", h.Rules());
        var otherSeason = await w.Get($"api/farms/{w.Id("OTHER")}/seasons/{w.Season}");
        Assert.Empty(otherSeason.GetProperty("batches").EnumerateArray());
        Assert.Equal(0m, otherSeason.GetProperty("harvestedKg").GetDecimal());

        // A merge into an existing batch code: refused, and its inputs keep what they had.
        await w.Harvest("OTHER", "H2", 5m, other);
        await w.Harvest("OTHER", "H3", 5m, other);
        var inputs = await w.RawBatch(w.Id("H2")) + await w.RawBatch(w.Id("H3"));
        var m = await Client.Post("api/batches/merges", new
        {
            batchCode = w.Id("H"),
            eventTime = Api.Iso(w.T0.AddHours(1)),
            inputs = new[] { new { batch = w.Id("H2"), quantity = new { amount = 5m, unit = "kg" } }, new { batch = w.Id("H3"), quantity = new { amount = 5m, unit = "kg" } } },
        }, other).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Contains("batch.exists", m.Rules());
        Assert.Equal(inputs, await w.RawBatch(w.Id("H2")) + await w.RawBatch(w.Id("H3")));

        Assert.Equal(cert, await w.Raw($"api/certificates/{w.Gi}"));
        Assert.Equal(farm, await w.Raw($"api/farms/{w.Id("FARM")}"));
        Assert.Equal(batch, await w.RawBatch(w.Id("H")));
    }

    // ---------------------------------------------------------------- helpers

    private static System.Text.Json.Nodes.JsonObject Json(object body) =>
        System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(body, Api.Json))!.AsObject();

    /// <summary>Asserts, as the shared inspector, that <paramref name="path"/> is not there (404 problem).</summary>
    private async Task AssertMissing(string path) => await Client.Get(path, await fixture.Inspector()).ExpectProblem(HttpStatusCode.NotFound);

    private async Task AssertNoHarvest(HttpWorld w, string farm, string batch)
    {
        await w.AssertMissing($"api/batches/{w.Id(batch)}");
        var season = await w.Get($"api/farms/{w.Id(farm)}/seasons/{w.Season}");
        Assert.Empty(season.GetProperty("batches").EnumerateArray());
        Assert.Equal(0m, season.GetProperty("harvestedKg").GetDecimal());
        Assert.Empty((await w.Get($"api/farms/{w.Id(farm)}")).GetProperty("seasons").EnumerateArray());
    }
}
