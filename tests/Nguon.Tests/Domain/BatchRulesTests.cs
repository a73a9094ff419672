using Nguon.Domain;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class BatchRulesTests
{
    private static readonly DateTimeOffset Created = HarvestTime;
    private static readonly string GoodHash = new('a', 64);

    private static Batch Batch(BatchStatus status = BatchStatus.Active) =>
        new ChainBuilder().Harvest("H-1", 1_000m) with { Status = status };

    private static RecordEvent Event(string bizStep = "storing", DateTimeOffset? at = null, string? disposition = null,
        Quantity? quantity = null, IReadOnlyList<SensorReading>? sensors = null, IReadOnlyList<DocumentRef>? documents = null,
        string? destination = null) =>
        new(bizStep, at ?? HarvestTime.AddDays(1), Disposition: disposition, Quantity: quantity, Sensors: sensors, Documents: documents,
            Destination: destination);

    private static string[] Check(RecordEvent e, BatchStatus status = BatchStatus.Active) =>
        [.. BatchRules.CheckEvent(Batch(status), e, Created, Now).Select(v => v.Rule)];

    [Fact]
    public void Active_batch_takes_an_event_between_creation_and_now()
    {
        Assert.Empty(BatchRules.CheckCanRecord(Batch(), Now, Created, Now));
        Assert.Empty(BatchRules.CheckCanRecord(Batch(), Created, Created, Now));
    }

    [Theory]
    [InlineData(BatchStatus.Consumed, "consumed")]
    [InlineData(BatchStatus.Recalled, "recalled")]
    public void Consumed_or_recalled_batch_takes_no_more_events(BatchStatus status, string word)
    {
        var v = Assert.Single(BatchRules.CheckCanRecord(Batch(status), Now, Created, Now));
        Assert.Equal("state.closed", v.Rule);
        Assert.Contains(word, v.Message);
    }

    [Fact]
    public void In_transit_batch_still_takes_events()
    {
        Assert.Empty(BatchRules.CheckCanRecord(Batch(BatchStatus.InTransit), Now, Created, Now));
    }

    [Fact]
    public void Event_before_the_batch_existed_is_refused()
    {
        var v = BatchRules.CheckCanRecord(Batch(), Created.AddTicks(-1), Created, Now);
        Assert.Equal("time.before-creation", Assert.Single(v).Rule);
    }

    [Fact]
    public void Event_before_creation_compares_instants_across_offsets()
    {
        // 23:30 UTC the evening before is 06:30 in Hà Nội: after a 06:00 (UTC+7) creation.
        var later = new DateTimeOffset(2025, 6, 9, 23, 30, 0, TimeSpan.Zero);
        Assert.Empty(BatchRules.CheckCanRecord(Batch(), later, Created, Now));
    }

    [Fact]
    public void Event_more_than_ten_minutes_ahead_is_in_the_future()
    {
        Assert.Empty(BatchRules.CheckCanRecord(Batch(), Now.AddMinutes(10), Created, Now));
        Assert.Equal("time.future", Assert.Single(BatchRules.CheckCanRecord(Batch(), Now.AddMinutes(10).AddSeconds(1), Created, Now)).Rule);
    }

    [Fact]
    public void Well_formed_event_passes()
    {
        Assert.Empty(Check(Event("inspecting", disposition: "conformant", quantity: new(0m, "kg"),
            documents: [new DocumentRef(GoodHash.ToUpperInvariant(), "application/pdf", "phyto.pdf")])));
    }

    [Fact]
    public void Event_checks_include_the_can_record_rules()
    {
        Assert.Equal(["state.closed", "time.future"], Check(Event(at: Now.AddDays(1)), BatchStatus.Recalled));
    }

    [Theory]
    [InlineData("commissioning")]
    [InlineData("repackaging")]
    [InlineData("Shipping")]
    [InlineData("")]
    public void Unknown_or_reserved_business_step_is_refused(string step)
    {
        Assert.Equal(["input.biz-step"], Check(Event(step)));
    }

    [Fact]
    public void Every_recordable_step_is_accepted_with_what_it_needs()
    {
        foreach (var step in BatchRules.RecordableSteps.Except(["shipping", "receiving", BizStep.Fumigating]))
            Assert.Empty(Check(Event(step)));
    }

    [Theory]
    [InlineData("urn:epcglobal:cbv:bizstep:packing")]
    [InlineData("urn:epcglobal:cbv:bizstep:holding")]
    public void A_recordable_step_may_be_given_as_its_full_cbv_uri(string step)
    {
        Assert.Empty(Check(Event(step, disposition: "urn:epcglobal:cbv:disp:conformant")));
    }

    [Theory]
    [InlineData("urn:epcglobal:cbv:bizstep:commissioning")]
    [InlineData("urn:epcglobal:cbv:bizstep:fumigating")]
    [InlineData("urn:nguon:bizstep:processing")]
    public void A_reserved_or_unknown_step_is_refused_in_its_uri_form_too(string step)
    {
        Assert.Equal(["input.biz-step"], Check(Event(step)));
    }

    [Theory]
    [InlineData("sold")]
    [InlineData("Active")]
    public void Unknown_disposition_is_refused(string disposition)
    {
        Assert.Equal(["input.disposition"], Check(Event(disposition: disposition)));
    }

    [Fact]
    public void Event_quantity_may_be_zero_but_not_negative_or_unitless()
    {
        Assert.Equal(["quantity.not-positive"], Check(Event(quantity: new(-1m, "kg"))));
        Assert.Equal(["quantity.unit-missing"], Check(Event(quantity: new(1m, " "))));
        Assert.Equal(["quantity.unit-unknown"], Check(Event(quantity: new(1m, "tons"))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Shipping_without_destination_is_refused(string? destination)
    {
        Assert.Equal(["input.destination"], Check(Event("shipping", destination: destination)));
    }

    [Fact]
    public void Shipping_with_destination_passes_and_puts_the_batch_in_transit()
    {
        Assert.Empty(Check(Event("shipping", destination: "AEON-VN")));
        Assert.Equal(BatchStatus.InTransit, BatchRules.StatusAfter(BatchStatus.Active, "shipping", "in_transit"));
    }

    [Fact]
    public void Shipping_a_batch_already_in_transit_is_refused()
    {
        Assert.Equal(["state.in-transit"], Check(Event("shipping", destination: "AEON-VN"), BatchStatus.InTransit));
    }

    [Fact]
    public void Receiving_requires_the_batch_in_transit()
    {
        Assert.Equal(["state.not-in-transit"], Check(Event("receiving")));
        Assert.Empty(Check(Event("receiving"), BatchStatus.InTransit));
    }

    [Fact]
    public void Fumigation_without_sensor_readings_is_refused()
    {
        Assert.Equal(["input.sensor"], Check(Event(BizStep.Fumigating)));
        Assert.Equal(["input.sensor"], Check(Event(BizStep.Fumigating, sensors: [])));
    }

    [Fact]
    public void Fumigation_with_dose_and_duration_passes()
    {
        Assert.Empty(Check(Event(BizStep.Fumigating, sensors: [new("fumigant_dose", 32m, "g/m3"), new("duration", 2m, "h")])));
    }

    [Theory]
    [InlineData("", "g/m3")]
    [InlineData("fumigant_dose", " ")]
    public void Sensor_reading_without_type_or_unit_is_refused(string type, string unit)
    {
        Assert.Equal(["input.sensor"], Check(Event("storing", sensors: [new(type, 4m, unit)])));
    }

    [Fact]
    public void Document_reference_that_is_not_a_sha256_is_refused()
    {
        foreach (var hash in new[] { "", "abc123", new string('a', 63), new string('a', 65), new string('g', 64), new string(' ', 64) })
            Assert.Equal(["input.document-hash"], Check(Event(documents: [new DocumentRef(hash, null, null)])));
        Assert.Equal(["input.document-hash"], Check(Event(documents: [new DocumentRef(null!, null, null)])));
    }

    [Fact]
    public void Every_bad_document_and_sensor_is_reported()
    {
        var v = Check(Event(documents: [new("x", null, null), new("y", null, null)], sensors: [new("", 1m, ""), new("t", 1m, "")]));
        Assert.Equal(["input.sensor", "input.sensor", "input.document-hash", "input.document-hash"], v);
    }

    [Fact]
    public void Status_after_follows_recall_destruction_shipping_and_receiving()
    {
        Assert.Equal(BatchStatus.Recalled, BatchRules.StatusAfter(BatchStatus.InTransit, "holding", "recalled"));
        Assert.Equal(BatchStatus.Consumed, BatchRules.StatusAfter(BatchStatus.Active, "inspecting", "destroyed"));
        Assert.Equal(BatchStatus.Consumed, BatchRules.StatusAfter(BatchStatus.Active, "destroying", null));
        Assert.Equal(BatchStatus.InTransit, BatchRules.StatusAfter(BatchStatus.Active, "shipping", null));
        Assert.Equal(BatchStatus.Active, BatchRules.StatusAfter(BatchStatus.InTransit, "receiving", "active"));
        Assert.Equal(BatchStatus.InTransit, BatchRules.StatusAfter(BatchStatus.InTransit, "storing", "in_transit"));
        Assert.Equal(BatchStatus.Active, BatchRules.StatusAfter(BatchStatus.Active, "inspecting", "non_conformant"));
    }

    [Fact]
    public void Recall_wins_over_destruction_step()
    {
        Assert.Equal(BatchStatus.Recalled, BatchRules.StatusAfter(BatchStatus.Active, "destroying", "recalled"));
    }

    [Fact]
    public void Lineage_with_distinct_other_inputs_passes()
    {
        Assert.Empty(BatchRules.CheckLineage("M-1", ["A", "B", "a"]));
    }

    [Fact]
    public void Batch_cannot_be_its_own_input()
    {
        Assert.Equal("lineage.cycle", Assert.Single(BatchRules.CheckLineage("M-1", ["A", "M-1"])).Rule);
    }

    [Fact]
    public void Input_listed_twice_is_a_duplicate()
    {
        var v = Assert.Single(BatchRules.CheckLineage("M-1", ["A", "B", "A", "A"]));
        Assert.Equal("lineage.duplicate", v.Rule);
        Assert.Contains("A", v.Message);
    }

    [Fact]
    public void Acyclic_traced_graph_has_no_cycle()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.Harvest("H-2", 1_000m);
        b.Split("H-1", ("S-1", 500m), ("S-2", 500m)).Merge("M-1", ("S-1", 500m), ("H-2", 300m)).Merge("M-2", ("S-2", 500m), ("M-1", 800m));
        var batches = new[] { "H-1", "H-2", "S-1", "S-2", "M-1", "M-2" }.ToDictionary(c => c, c => b[c]);
        Assert.Empty(BatchRules.FindCycles(batches));
    }

    [Fact]
    public void Edited_state_looping_lineage_is_found()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.Split("H-1", ("S-1", 500m)).Merge("M-1", ("S-1", 200m), ("H-1", 100m));
        var link = b["M-1"].Origin.Parents[0] with { Batch = "M-1" };
        b.Update("H-1", h => h with { Origin = h.Origin with { Parents = [link] } });
        var batches = new[] { "H-1", "S-1", "M-1" }.ToDictionary(c => c, c => b[c]);
        Assert.Contains(BatchRules.FindCycles(batches), v => v.Rule == "lineage.cycle");
    }

    [Fact]
    public void Parents_outside_the_traced_graph_are_ignored_by_cycle_search()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 1_000m);
        b.Split("H-1", ("S-1", 500m));
        Assert.Empty(BatchRules.FindCycles(new Dictionary<string, Batch> { ["S-1"] = b["S-1"] }));
    }
}
