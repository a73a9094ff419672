using System.Net;
using Nguon.Client.Demo;

namespace Nguon.Tests.Http;

/// <summary>Batch codes cannot be squatted: an organisation's code space is its own (its codes start with it, nobody
/// else's may), code spaces are unique and well formed, and a refused code changes nothing. On the demo silo, whose
/// batch-creating organisations all hold a space.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class CodeSpaceTests(DemoSiloFixture fixture)
{
    private const string TraderFarm = "VNHD-TH-TH-001";
    private HttpClient Client => fixture.Client;

    private static object Harvest(string code) => Api.Harvest(code, 10m, DateTimeOffset.UtcNow.AddDays(-1), gi: null);

    [Fact]
    public async Task The_trader_cannot_take_a_batch_code_in_a_cooperatives_space_nor_outside_its_own()
    {
        await fixture.DemoDataLoaded();
        var trader = await fixture.Demo(DemoData.Trader);
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var suffix = Api.Suffix();
        foreach (var code in new[] { $"PS-LN26-H-{suffix}", $"ps-ln26-h-{suffix}" })
        {
            var problem = await Client.Post($"api/farms/{TraderFarm}/harvests", Harvest(code), trader)
                .ExpectProblem(HttpStatusCode.UnprocessableEntity);
            Assert.Equal(["batch.code-space"], problem.Rules());
            Assert.Contains("start with TRTH-", problem.Str("detail"), StringComparison.Ordinal);
            await Client.Get($"api/batches/{code}", inspector).ExpectProblem(HttpStatusCode.NotFound);
        }
        Assert.Equal(["batch.code-space"], (await Client.Post($"api/farms/{TraderFarm}/harvests", Harvest($"FREE-{suffix}"), trader)
            .ExpectProblem(HttpStatusCode.UnprocessableEntity)).Rules());

        // The cooperative's own code in its space stands, harvested on its farm; the trader's own space is the trader's.
        var coop = await Client.Get("api/batches/PS-LN26-H-0001", inspector).Expect(HttpStatusCode.OK);
        Assert.Equal(DemoData.FarmCode("PS", 1), coop.GetProperty("origin").Str("farm"));
        await Client.Post($"api/farms/{TraderFarm}/harvests", Harvest($"TRTH-{suffix}"), trader).Expect(HttpStatusCode.Created);
        Assert.Equal("TRTH", (await Client.Get("api/me", trader).Expect(HttpStatusCode.OK)).Str("codeSpace"));
    }

    [Fact]
    public async Task An_organisation_without_a_space_cannot_create_codes_in_a_held_one()
    {
        await fixture.DemoDataLoaded();
        var suffix = Api.Suffix();
        var open = await fixture.Silo.Organisation($"open-{suffix}", "producer");
        var farm = $"OPEN-FARM-{suffix}";
        await Client.Put($"api/farms/{farm}", Api.Farm(open.Id), open).Expect(HttpStatusCode.Created);

        var problem = await Client.Post($"api/farms/{farm}/harvests", Harvest($"PH01-{suffix}"), open)
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["batch.code-space"], problem.Rules());
        Assert.Contains($"held by {DemoData.Packer}", problem.Str("detail"), StringComparison.Ordinal);
        // A code in no held space is first come, first served: the shared rest.
        await Client.Post($"api/farms/{farm}/harvests", Harvest($"H-{suffix}"), open).Expect(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Code_spaces_are_unique_and_well_formed_and_a_refused_registration_registers_nothing()
    {
        await fixture.DemoDataLoaded();
        var suffix = Api.Suffix();
        object Body(string space) => new { name = "Test", roles = new[] { "operator" }, codeSpace = space };

        var taken = await Client.Put($"api/organisations/taken-{suffix}", Body("PH01"), fixture.Admin).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Equal(["organisation.code-space-taken"], taken.Rules());
        Assert.Equal(["organisation.code-space-taken"],
            (await Client.Put($"api/organisations/taken-{suffix}", Body("ph01"), fixture.Admin).ExpectProblem(HttpStatusCode.Conflict)).Rules());
        await Client.Get($"api/organisations/taken-{suffix}", fixture.Admin).ExpectProblem(HttpStatusCode.NotFound);
        foreach (var bad in new[] { "P", "P-1", "ABCDEFGHIJKLM", "PHỐ" })
            Assert.Equal(["input.code-space"], (await Client.Put($"api/organisations/bad-{suffix}", Body(bad), fixture.Admin)
                .ExpectProblem(HttpStatusCode.BadRequest)).Rules());

        var space = "c" + suffix[..8];
        var registered = await Client.Put($"api/organisations/new-{suffix}", Body(space), fixture.Admin).Expect(HttpStatusCode.Created);
        Assert.Equal(space.ToUpperInvariant(), registered.Str("codeSpace"));
        Assert.Equal(["organisation.code-space-taken"], (await Client.Put($"api/organisations/other-{suffix}", Body(space), fixture.Admin)
            .ExpectProblem(HttpStatusCode.Conflict)).Rules());
    }
}
