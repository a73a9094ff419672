using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Keys;

/// <summary>Issue 12's case on a real database: batch codes CAFE01, cafe01 and 0CAFE01 look like one hexadecimal
/// number, and Orleans' ADO.NET storage once kept all three in one row — three activations of it, so splitting
/// 100 kg through each made three children. Batch codes are case-sensitive (GS1 lots are): they are three ids,
/// each its own batch with its own row, and a split through a code that names no batch is refused with no child.</summary>
public abstract class HexBatchCodeTests(AdoNetClusterFixture fixture)
{
    private static readonly string[] Spellings = ["CAFE01", "cafe01", "0CAFE01"];

    [Fact]
    public async Task CAFE01_cafe01_and_0CAFE01_are_three_batches_never_three_activations_of_one()
    {
        var s = new Scenario(fixture.Grains);
        await s.WithCertificate();
        var farm = await s.AuthorisedFarm("farm");
        Scenario.Ok(await Harvest(farm, s, "CAFE01"));

        // Each spelling is its own grain; only CAFE01 names a batch.
        var records = await Task.WhenAll(Spellings.Select(code => fixture.Grains.GetGrain<IBatchGrain>(code).GetRecord()));
        Assert.Equal("CAFE01", records[0]?.Code);
        Assert.Null(records[1]);
        Assert.Null(records[2]);

        // Splitting 100 kg through each: CAFE01's split is done; the others name no batch and create nothing.
        var splits = await Task.WhenAll(Spellings.Select(code => fixture.Grains.GetGrain<IBatchGrain>(code)
            .Split(new SplitBatch(Scenario.At(6, 11), [new SplitPart($"{code}-part", new(100m, "kg"))]), s.Producer)));
        Assert.True(splits[0].IsOk, string.Join("; ", splits[0].Violations));
        Assert.Equal([OutcomeStatus.NotFound, OutcomeStatus.NotFound], splits[1..].Select(o => o.Status));
        Assert.NotNull(await Part("CAFE01"));
        Assert.Null(await Part("cafe01"));
        Assert.Null(await Part("0CAFE01"));

        // The other two spellings are free codes: each becomes a batch of its own, split on its own.
        foreach (var code in Spellings[1..])
        {
            Scenario.Ok(await Harvest(farm, s, code));
            Scenario.Ok(await fixture.Grains.GetGrain<IBatchGrain>(code)
                .Split(new SplitBatch(Scenario.At(6, 11), [new SplitPart($"{code}-part", new(100m, "kg"))]), s.Producer));
        }

        // From the database, with nothing in memory: three batches, each with its own single child.
        await fixture.RestartAsync();
        foreach (var code in Spellings)
        {
            var batch = await fixture.Grains.GetGrain<IBatchGrain>(code).GetRecord();
            Assert.Equal((code, 100m, 0m), (batch?.Code, batch?.Quantity.Amount, batch?.Remaining));
            var part = await Part(code);
            Assert.Equal(100m, part?.Quantity.Amount);
            var descendants = Scenario.Ok(await fixture.Grains.GetGrain<ITraceGrain>(0).Forward(code, s.Inspector));
            Assert.Equal([$"{code}-part"], descendants.Batches.Select(b => b.Code).Where(c => c != code));
        }
        Assert.Equal(300m, (await fixture.Grains.GetGrain<IFarmSeasonGrain>($"{s.Id("farm")}/2026").GetLedger()).HarvestedKg);
    }

    private static Task<Outcome<Batch>> Harvest(IFarmGrain farm, Scenario s, string code) =>
        farm.RecordHarvest(new RecordHarvest(code, "lychee", new Quantity(100m, "kg"), Scenario.At(6, 10, 6), s.Gi), s.Producer);

    private Task<Batch?> Part(string code) => fixture.Grains.GetGrain<IBatchGrain>($"{code}-part").GetRecord();
}

public sealed class SqliteHexBatchCodeTests(SqliteClusterFixture fixture) : HexBatchCodeTests(fixture), IClassFixture<SqliteClusterFixture>;

public sealed class PostgresHexBatchCodeTests(PostgresKeysClusterFixture fixture)
    : HexBatchCodeTests(fixture), IClassFixture<PostgresKeysClusterFixture>;
