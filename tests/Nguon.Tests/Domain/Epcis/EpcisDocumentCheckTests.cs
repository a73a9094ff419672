using Nguon.Domain.Epcis;
using Nguon.Model;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain.Epcis;

/// <summary>The check of a captured document's commands in memory, without a cluster: each command decided by the grains'
/// own decisions against the state the commands before it left, a refused one leaving that state as it was.</summary>
public sealed class EpcisDocumentCheckTests
{
    private static readonly Actor Owner = new("HTX Vải thiều Phượng Sơn", [Role.Producer]);
    private static readonly Actor Neighbour = new("HTX Quý Sơn", [Role.Producer]);

    private static CheckWorld World()
    {
        var world = new CheckWorld();
        world.Farms[FarmCode] = Farm();
        world.Farms["BG-LN-0002"] = Farm() with { Code = "BG-LN-0002", Owner = Neighbour.Organisation };
        world.Certificates[GiNumber] = Certificate();
        return world;
    }

    private static HarvestCommand Harvested(string code, decimal kg, string farm = FarmCode) =>
        new(farm, null, new LotRef(code, null, null), Harvest(kg) with { BatchCode = code });

    private static SplitCommand Split(string parent, int hour, params (string Code, decimal Kg)[] parts) =>
        new(new LotRef(parent, null, null), [.. parts.Select(p => new LotRef(p.Code, null, null))],
            new SplitBatch(At(2025, 6, 10, hour), [.. parts.Select(p => new SplitPart(p.Code, new Quantity(p.Kg, "kg")))]));

    private static CombineCommand Merge(string output, params (string Code, decimal Kg)[] inputs) =>
        new(new LotRef(output, null, null), [.. inputs.Select(i => new LotRef(i.Code, null, null))],
            new CombineBatches(output, At(2025, 6, 10, 9), [.. inputs.Select(i => new QuantityLink(i.Code, new Quantity(i.Kg, "kg")))],
                GiClaim: GiNumber));

    private static IReadOnlyList<EventVerdict> Check(CheckWorld world, Actor actor, params EpcisMeaning[] commands) =>
        EpcisDocumentCheck.Run(commands, [.. commands.Select((_, i) => $"op-{actor.Organisation}-{i}")], actor, Now, world);

    [Fact]
    public void A_lot_harvested_earlier_in_the_document_is_there_for_the_split_after_it()
    {
        var world = World();
        var verdicts = Check(world, Owner, Harvested("H-1", 1_000m), Split("H-1", 8, ("P-1", 600m), ("P-2", 400m)));

        Assert.All(verdicts, v => Assert.True(v.Passes, string.Join("; ", v.Violations)));
        Assert.Equal(["H-1", "H-1"], verdicts.Select(v => v.Batch));
        Assert.Equal(0m, world.Batch("H-1")!.Batch.Remaining);
        Assert.Equal(BatchStatus.Consumed, world.Batch("H-1")!.Batch.Status);
        Assert.Equal(600m, world.Batch("P-1")!.Batch.Quantity.Amount);
        Assert.Equal(1_000m, world.Season(FarmCode, "2025").HarvestedKg);
    }

    [Fact]
    public void Each_take_leaves_less_for_the_next_command()
    {
        var verdicts = Check(World(), Owner, Harvested("H-1", 1_000m), Split("H-1", 8, ("P-1", 700m)), Split("H-1", 9, ("P-2", 400m)));

        Assert.True(verdicts[1].Passes);
        Assert.False(verdicts[2].Passes);
        Assert.Equal(OutcomeStatus.Rejected, verdicts[2].Status);
        Assert.Contains(verdicts[2].Violations, v => v.Rule.StartsWith("mass-balance", StringComparison.Ordinal));
    }

    [Fact]
    public void A_merge_taking_a_lot_the_actor_does_not_hold_is_forbidden_and_takes_nothing_from_the_others()
    {
        var world = World();
        Assert.True(Check(world, Neighbour, Harvested("Q-1", 300m, "BG-LN-0002")).Single().Passes);

        var verdicts = Check(world, Owner, Harvested("H-1", 500m), Merge("M-1", ("H-1", 500m), ("Q-1", 300m)),
            Split("H-1", 10, ("P-1", 500m)));

        Assert.True(verdicts[0].Passes);
        Assert.Equal(OutcomeStatus.Forbidden, verdicts[1].Status);
        Assert.Null(world.Batch("M-1"));
        Assert.True(verdicts[2].Passes, "the refused merge took nothing from H-1: all of it is left to split");
        Assert.Equal(300m, world.Batch("Q-1")!.Batch.Remaining);
    }

    [Fact]
    public void A_harvest_on_a_farm_the_actor_does_not_own_is_forbidden_and_creates_no_lot()
    {
        var world = World();
        var verdicts = Check(world, Owner, Harvested("H-9", 100m, "BG-LN-0002"),
            new ObserveCommand(new LotRef("H-9", null, null), new RecordEvent("storing", At(2025, 6, 10, 9), "e-1")));

        Assert.Equal(OutcomeStatus.Forbidden, verdicts[0].Status);
        Assert.Equal(OutcomeStatus.NotFound, verdicts[1].Status);
        Assert.Equal("batch.unknown", verdicts[1].Violations.Single().Rule);
        Assert.Null(world.Batch("H-9"));
    }

    [Fact]
    public void A_command_already_applied_under_its_id_is_a_retry_not_a_second_event()
    {
        var world = World();
        var store = new ObserveCommand(new LotRef("H-1", null, null), new RecordEvent("storing", At(2025, 6, 10, 9), "e-1"));
        Assert.All(Check(world, Owner, Harvested("H-1", 100m), store), v => Assert.True(v.Passes));
        var events = world.Batch("H-1")!.Batch.EventCount;

        Assert.All(Check(world, Owner, Harvested("H-1", 100m), store), v => Assert.True(v.Passes));
        Assert.Equal(events, world.Batch("H-1")!.Batch.EventCount);
        Assert.Equal(100m, world.Season(FarmCode, "2025").HarvestedKg);
        // The same id for other content is refused.
        var other = store with { Event = store.Event with { BizStep = "packing" } };
        Assert.Equal("event.id-reused", Check(world, Owner, other).Single().Violations.Single().Rule);
    }

    [Fact]
    public void A_mapping_refusal_fails_its_event_with_its_rule_and_an_event_about_nothing_Nguon_models_passes()
    {
        var verdicts = Check(World(), Owner, new MappingRefusal("mapping.delete", "Nguon never deletes a lot"), NotNguon.Instance);

        Assert.Equal(("mapping.delete", OutcomeStatus.Rejected), (verdicts[0].Violations.Single().Rule, verdicts[0].Status));
        Assert.True(verdicts[1].Passes);
        Assert.Null(verdicts[1].Batch);
    }

    [Fact]
    public void A_shipment_from_another_holder_than_the_custodian_contradicts_custody()
    {
        var world = World();
        world.Organisations.Add("packer-01");
        var ns = EpcisNamespaces.Standard.With(System.Text.Json.JsonSerializer.SerializeToElement(NguonEpcisForm.DocumentContext()));
        ObserveCommand Shipped(string from)
        {
            var e = Nguon.Tests.Epcis.EpcisEvents.Ship("H-1", "packer-01", "08:00", from);
            e["eventTime"] = "2025-06-10T08:00:00.000+07:00";
            return (ObserveCommand)WithId(NguonEpcisCommands.Map(System.Text.Json.JsonSerializer.SerializeToElement(e), ns));
        }

        Assert.Equal(Neighbour.Organisation, Shipped(Neighbour.Organisation).Source);
        var verdicts = Check(world, Owner, Harvested("H-1", 100m), Shipped(Neighbour.Organisation));
        Assert.Equal("custody.source", verdicts[1].Violations.Single().Rule);
        Assert.Equal(BatchStatus.Active, world.Batch("H-1")!.Batch.Status);
        Assert.True(Check(world, Owner, Shipped(Owner.Organisation)).Single().Passes);
        Assert.Equal(BatchStatus.InTransit, world.Batch("H-1")!.Batch.Status);
    }

    private static EpcisMeaning WithId(EpcisMeaning m) =>
        m is ObserveCommand o ? o with { Event = o.Event with { EventId = "e-ship" } } : m;
}
