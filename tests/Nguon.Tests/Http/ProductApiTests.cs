using System.Net;
using Nguon.Client.Demo;

namespace Nguon.Tests.Http;

/// <summary>Company prefixes and product master data over HTTP on the demo silo: who may register and license, the
/// problems for bad input, and the prefix rule closing label squatting (a 422 problem, nothing changed).</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class ProductApiTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_trader_cannot_put_the_exporters_GTIN_on_its_lot()
    {
        await fixture.DemoDataLoaded();
        var trader = await fixture.Demo(DemoData.Trader);
        var code = "TRTH-SQUAT-" + Api.Suffix();
        var problem = await Client.Post("api/batches/TRTH-TH26-H-0001/split",
            new
            {
                eventTime = "2026-06-12T10:00:00+07:00", parts = new[] { new { batchCode = code, quantity = new { amount = 1, unit = "kg" },
                gtin = DemoData.Label(1), lot = "LN26-H-0004" } }
            }, trader).ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("label.prefix", problem.Rules());
        Assert.Contains($"held by {DemoData.Packer}", problem.Str("detail"), StringComparison.Ordinal);
        await Client.Get($"api/batches/{code}", await fixture.Demo(DemoSiloFixture.DemoInspector)).ExpectProblem(HttpStatusCode.NotFound);
        await Client.GetAccepting($"01/{DemoData.Label(1)}/10/LN26-H-0004", "application/json").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Prefixes_are_registered_by_the_administrator_and_licensed_by_their_holder()
    {
        await fixture.DemoDataLoaded();
        var prefix = await Client.Get($"api/prefixes/{DemoData.PackerPrefix}").Expect(HttpStatusCode.OK);
        Assert.Equal((DemoData.Packer, "GS1VN-2024-0417"), (prefix.Str("holder"), prefix.Str("licence")));
        Assert.Equal([DemoData.Retailer], prefix.GetProperty("licensees").EnumerateArray().Select(l => l.Str("organisation")));

        var trader = await fixture.Demo(DemoData.Trader);
        Assert.Contains("auth.forbidden", (await Client.Put("api/prefixes/893577701", new { organisation = DemoData.Trader, licence = "x" }, trader)
            .ExpectProblem(HttpStatusCode.Forbidden)).Rules());
        Assert.Contains("auth.forbidden", (await Client.Post($"api/prefixes/{DemoData.PackerPrefix}/licences",
            new { organisation = DemoData.Trader, reference = "self" }, trader).ExpectProblem(HttpStatusCode.Forbidden)).Rules());
        Assert.Contains("prefix.overlaps", (await Client.Put("api/prefixes/8935000", new { organisation = DemoData.Trader, licence = "x" },
            fixture.Admin).ExpectProblem(HttpStatusCode.Conflict)).Rules());
        Assert.Contains("input.prefix", (await Client.Put("api/prefixes/89AB", new { organisation = DemoData.Trader, licence = "x" },
            fixture.Admin).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        await Client.Put("api/prefixes/893577701", new { organisation = DemoData.Trader, licence = "x" }).ExpectProblem(HttpStatusCode.Unauthorized);
        await Client.Get("api/prefixes/893577701").ExpectProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_GTINs_master_data_is_public_and_only_its_brand_owner_registers_it()
    {
        await fixture.DemoDataLoaded();
        var product = await Client.Get($"api/products/{DemoData.Label(1)}").Expect(HttpStatusCode.OK);
        Assert.Equal(("Luc Ngan lychee, export grade", "VN-GI-00017", "lychee"),
            (product.GetProperty("name").Str("en"), product.Str("giNumber"), product.Str("kind")));
        var trader = await fixture.Demo(DemoData.Trader);
        var body = new { name = new { vi = "Vải", en = "Lychee" }, product = "lychee" };
        Assert.Contains("auth.forbidden", (await Client.Put($"api/products/{DemoData.Label(1)}", body, trader)
            .ExpectProblem(HttpStatusCode.Forbidden)).Rules());
        Assert.Contains("input.gtin", (await Client.Get("api/products/08935000100012").ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        Assert.Contains("product.unknown", (await Client.Get("api/products/08935000100035").ExpectProblem(HttpStatusCode.NotFound)).Rules());
    }
}
