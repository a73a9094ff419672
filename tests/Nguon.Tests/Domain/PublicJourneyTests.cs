using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>The journey on the label page: public steps only, a parent's history only up to where this lot's line
/// left it, same-day steps of one kind merged.</summary>
public sealed class PublicJourneyTests
{
    [Fact]
    public void A_lot_s_journey_runs_from_its_harvests_through_its_ancestors_steps_to_its_own()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 600m);
        b.Harvest("H-2", 400m);
        b.Record("H-1", "shipping").Record("H-1", "receiving");
        b.Merge("M-1", ("H-1", 600m), ("H-2", 400m));
        b.Record("M-1", "packing").Record("M-1", "urn:nguon:bizstep:fumigating");
        b.Split("M-1", ("S-1", 300m));
        // After S-1 left, the packed lot went on without it: those steps are not S-1's journey.
        b.Record("M-1", "inspecting");
        b.Record("S-1", "shipping");

        var journey = PublicProjection.Journey(b.Graph("S-1", [Fixtures.Farm()]));

        // (The builder's event times are synthetic, so the order is checked in the browser tests on the demo chain.)
        Assert.Equal(["fumigation", "harvest", "packing", "receipt", "shipment"],
            journey.Select(s => s.Step).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(journey.OrderBy(s => s.At).Select(s => s.At), journey.Select(s => s.At));
        Assert.Equal(2, journey.Count(s => s.Step == "shipment")); // the harvest's and the lot's own: not merged across the journey
        Assert.DoesNotContain(journey, s => s.Step == "inspection");
    }

    [Fact]
    public void Steps_are_named_by_the_vocabulary_not_by_their_text()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 600m);
        // Not Nguon's fumigation step, though its text says so; the CBV URI of shipping is shipping.
        b.Record("H-1", "urn:example:fumigation-check").Record("H-1", "urn:epcglobal:cbv:bizstep:shipping");

        var journey = PublicProjection.Journey(b.Graph("H-1", [Fixtures.Farm()]));

        Assert.Equal(["harvest", "shipment"], journey.Select(s => s.Step));
    }

    [Fact]
    public void Harvests_on_one_day_are_one_step_naming_every_commune_and_a_recall_is_shown()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 600m);
        b.Harvest("H-2", 400m, farm: "BG-LN-0002");
        b.Merge("M-1", ("H-1", 600m), ("H-2", 400m));
        b.Record("M-1", "holding", "recalled");
        var farms = new[]
        {
            Fixtures.Farm(), Fixtures.Farm() with { Code = "BG-LN-0002", Address = new AdminArea("Quý Sơn", "Lục Ngạn", "Bắc Giang") },
        };

        var journey = PublicProjection.Journey(b.Graph("M-1", farms));

        var harvest = Assert.Single(journey, s => s.Step == "harvest");
        Assert.Equal(farms.Select(f => f.Address.Commune).Distinct().Order(StringComparer.Ordinal), harvest.Places);
        Assert.Equal("recall", journey[^1].Step);
    }
}
