using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>The batch's own commands decided without a cluster: recording events (custody included) and creation.</summary>
public class BatchDecisionTests
{
    internal const string Holder = "HTX-PHUONG-SON";
    internal static readonly Actor Custodian = new(Holder, [Role.Producer]);
    internal static readonly Actor Rival = new("RIVAL-PACKER", [Role.Operator]);
    internal static readonly Actor Inspector = new("INSPECTOR", [Role.Inspector]);
    internal static readonly Actor Importer = new("IMPORTER-JP", [Role.Operator]);
    private static readonly DateTimeOffset Created = HarvestTime;
    private static readonly DateTimeOffset Later = HarvestTime.AddDays(1);

    internal static Batch Held(BatchStatus status = BatchStatus.Active, string? destination = null) =>
        new ChainBuilder().Harvest("H-1", 1_000m) with { Status = status, Destination = destination };

    private static Outcome<EventRecording> Record(RecordEvent command, Actor? actor = null, Batch? batch = null,
        EventFacts? facts = null) =>
        BatchDecisions.RecordEvent(batch ?? Held(), Created, command, actor ?? Custodian, Now, facts ?? new(), "new-event-id");

    private static string[] Rules<T>(Outcome<T> outcome) => [.. outcome.Violations.Select(v => v.Rule)];

    [Fact]
    public void The_custodians_event_is_the_next_sealed_link_of_the_chain()
    {
        var batch = Held();
        var change = Assert.IsType<EventRecording>(Record(new RecordEvent("packing", Later, ReadPoint: "PH-1")).Value);
        Assert.False(change.Replayed);
        Assert.Equal((2, batch.HeadHash, "new-event-id", Holder), (change.Event.Sequence, change.Event.PreviousHash,
            change.Event.EventId, change.Event.Actor));
        Assert.Equal(EventHashing.Hash(change.Event), change.Event.Hash);
        Assert.Equal((2, change.Event.Hash), (change.Header.EventCount, change.Header.HeadHash));
        Assert.Equal(Now, change.Event.RecordTime);
    }

    [Fact]
    public void Another_party_is_forbidden_before_anything_else_is_judged()
    {
        var refused = Record(new RecordEvent("nonsense", Now.AddDays(3)), Rival);
        Assert.Equal(OutcomeStatus.Forbidden, refused.Status);
        Assert.Equal([Permissions.Rule], Rules(refused));
        Assert.Contains("custody of " + Holder, refused.Violations[0].Message);
    }

    [Fact]
    public void Only_the_named_destination_receives()
    {
        var shipped = Held(BatchStatus.InTransit, Importer.Organisation);
        Assert.Equal(OutcomeStatus.Forbidden, Record(new RecordEvent("receiving", Later), Custodian, shipped).Status);
        Assert.True(Record(new RecordEvent("receiving", Later), Importer, shipped).IsOk);
    }

    [Fact]
    public void An_inspector_inspects_and_recalls_any_batch_but_ships_none()
    {
        Assert.True(Record(new RecordEvent("inspecting", Later), Inspector).IsOk);
        Assert.True(Record(new RecordEvent("holding", Later, Disposition: "recalled"), Inspector).IsOk);
        Assert.Equal(OutcomeStatus.Forbidden, Record(new RecordEvent("shipping", Later, Destination: "AEON-VN"), Inspector).Status);
    }

    [Fact]
    public void A_retried_event_answers_what_it_first_recorded_even_when_it_would_now_be_refused()
    {
        var first = Assert.IsType<EventRecording>(Record(new RecordEvent("packing", Later, EventId: "e-1")).Value).Event;
        var recalled = Held(BatchStatus.Recalled);
        var again = Record(new RecordEvent("packing", Later, EventId: "e-1"), batch: recalled, facts: new(AlreadyRecorded: first));
        Assert.True(again.Value!.Replayed);
        Assert.Same(first, again.Value.Event);
        Assert.Equal(OutcomeStatus.Forbidden, Record(new RecordEvent("packing", Later), Rival, facts: new(first)).Status);
    }

    [Fact]
    public void Shipping_to_an_unregistered_destination_is_refused_with_every_other_reason()
    {
        var refused = Record(new RecordEvent("shipping", Now.AddHours(1), Destination: "NOBODY"),
            batch: Held(BatchStatus.InTransit, "AEON-VN"), facts: new(DestinationRegistered: false));
        Assert.Equal(["time.future", "state.in-transit", "input.destination"], Rules(refused));
        Assert.Contains("NOBODY is not a registered organisation", refused.Violations[2].Message);
    }

    [Fact]
    public void A_destination_that_is_no_identifier_is_refused_by_the_shared_id_rule()
    {
        var refused = Record(new RecordEvent("shipping", Later, Destination: "not an id!"));
        Assert.Equal([InputRules.Id("not an id!", "organisation id")!], refused.Violations);
    }

    [Fact]
    public void Shipping_puts_the_batch_in_transit_to_its_destination_and_receiving_hands_custody_over()
    {
        var shipped = Assert.IsType<EventRecording>(Record(new RecordEvent("shipping", Later, Destination: "IMPORTER-JP",
            Disposition: "in_transit"), facts: new(DestinationRegistered: true)).Value).Header;
        Assert.Equal((BatchStatus.InTransit, "IMPORTER-JP", Holder), (shipped.Status, shipped.Destination, shipped.Custodian));

        var received = Record(new RecordEvent("receiving", Later.AddDays(1)), Importer, shipped).Value!.Header;
        Assert.Equal((BatchStatus.Active, null, "IMPORTER-JP"), (received.Status, received.Destination, received.Custodian));
    }

    [Fact]
    public void A_step_given_as_its_full_cbv_uri_is_stored_by_its_bare_name()
    {
        var e = Record(new RecordEvent("urn:epcglobal:cbv:bizstep:shipping", Later, Destination: "IMPORTER-JP",
            Disposition: "urn:epcglobal:cbv:disp:in_transit"), facts: new(DestinationRegistered: true)).Value!;
        Assert.Equal(("shipping", "in_transit", BatchStatus.InTransit), (e.Event.BizStep, e.Event.Disposition, e.Header.Status));
    }

    [Fact]
    public void Custody_after_other_events_keeps_a_destination_only_while_in_transit()
    {
        var onTheWay = Held(BatchStatus.InTransit, "IMPORTER-JP");
        Assert.Equal("IMPORTER-JP", Custody.After(onTheWay, BizStep.Storing, null, null).Destination);
        var recalled = Custody.After(onTheWay, BizStep.Holding, Disposition.Recalled, null);
        Assert.Equal((BatchStatus.Recalled, null, Holder), (recalled.Status, recalled.Destination, recalled.Custodian));
        Assert.Equal(BatchStatus.Consumed, Custody.After(Held(), BizStep.Destroying, null, null).Status);
        Assert.Equal(BatchStatus.Consumed, Custody.After(Held(), BizStep.Inspecting, Disposition.Destroyed, null).Status);
    }

    [Fact]
    public void Vocabulary_derived_step_sets_keep_their_members()
    {
        Assert.Equal(["holding", "inspecting", "sampling"], Permissions.InspectionSteps.Order(StringComparer.Ordinal));
        Assert.Contains(BizStep.Fumigating.Value, BatchRules.RecordableSteps);
        Assert.DoesNotContain(BizStep.Commissioning.Value, BatchRules.RecordableSteps);
        Assert.DoesNotContain(BizStep.Processing.Value, BatchRules.RecordableSteps);
    }

    private static BatchCreation Creation(string operation = "op-1", string? gtin = null, string? lot = null,
        IReadOnlyList<ParentLink>? parents = null) =>
        new(operation, "lychee", "Thiều", new(600m, "kg"), GiNumber, Holder,
            new BatchOrigin(OriginKind.Split, null, null, parents ?? [new ParentLink("H-1", new(600m, "kg"), 2, "hash-a", GiNumber)], null),
            Later, "PH-1", gtin, lot, EventTypes.Object, BizStep.Commissioning, [new QuantityLink("H-1", new(600m, "kg"))]);

    [Fact]
    public void A_new_batch_opens_its_chain_with_a_sealed_first_event()
    {
        var opening = BatchDecisions.Create("C-1", Creation(gtin: "8935000100011", lot: "L1"), Custodian, Now, null, "first-id").Value!;
        Assert.Equal((1, BatchRecord.CreationHash(opening.Header), "commissioning", "active"), (opening.First.Sequence,
            opening.First.PreviousHash, opening.First.BizStep, opening.First.Disposition));
        Assert.Equal((Custodian.Organisation, Custodian.Organisation), (opening.Header.FirstCustodian, opening.Header.Custodian));
        Assert.Equal(EventHashing.Hash(opening.First), opening.First.Hash);
        Assert.Equal(("C-1", "08935000100011", 600m, opening.First.Hash), (opening.Header.Code, opening.Header.Gtin,
            opening.Header.Remaining, opening.Header.HeadHash));
    }

    [Fact]
    public void A_label_held_by_another_batch_refuses_creation_in_the_shared_wording()
    {
        var refused = BatchDecisions.Create("C-1", Creation(gtin: "8935000100011", lot: "L1"), Custodian, Now, "OTHER-1", "id");
        Assert.Equal(OutcomeStatus.Conflict, refused.Status);
        Assert.Equal([InputRules.LabelTaken("8935000100011", "L1", "OTHER-1")], refused.Violations);
        Assert.True(BatchDecisions.Create("C-1", Creation(gtin: "8935000100011", lot: "L1"), Custodian, Now, "C-1", "id").IsOk);
    }

    [Fact]
    public void Creating_again_is_a_conflict_unless_it_is_the_same_operation()
    {
        var (existing, first) = BatchDecisions.Create("C-1", Creation(), Custodian, Now, null, "id").Value!;
        var other = BatchDecisions.CreateAgain(existing, first, "op-1", Creation("op-2"));
        Assert.Equal((OutcomeStatus.Conflict, "batch.exists"), (other.Status, Assert.Single(other.Violations).Rule));
        Assert.False(BatchDecisions.CreateAgain(existing, first, "op-1", Creation()).Value!.Changed);

        // Repointed at the split event that now stands: the creation record changes, so the first event is sealed again.
        var rewritten = new ParentLink("H-1", new(600m, "kg"), 3, "hash-b", GiNumber);
        var moved = BatchDecisions.CreateAgain(existing, first, "op-1", Creation(parents: [rewritten])).Value!;
        Assert.True(moved.Changed);
        Assert.Equal("hash-b", moved.Header.Origin.Parents[0].ParentEventHash);
        Assert.Equal((BatchRecord.CreationHash(moved.Header), moved.First!.Hash), (moved.First.PreviousHash, moved.Header.HeadHash));
        Assert.Empty(EventHashing.VerifyChain("C-1", BatchRecord.CreationHash(moved.Header), [moved.First], moved.Header.HeadHash));
        Assert.Equal(first with { PreviousHash = "", Hash = "" }, moved.First with { PreviousHash = "", Hash = "" });

        var touched = existing with { Children = [new QuantityLink("G-1", new(1m, "kg"))] };
        Assert.False(BatchDecisions.CreateAgain(touched, first, "op-1", Creation(parents: [])).Value!.Changed);
        var recordedSince = existing with { EventCount = 2 };
        Assert.False(BatchDecisions.CreateAgain(recordedSince, null, "op-1", Creation(parents: [])).Value!.Changed);
    }

    [Fact]
    public void A_combine_naming_an_existing_batch_is_a_conflict_unless_it_made_it()
    {
        var existing = Held();
        Assert.Same(existing, BatchDecisions.CombineAgain(existing, "op-1", "op-1").Value);
        Assert.Equal(OutcomeStatus.Conflict, BatchDecisions.CombineAgain(existing, "op-1", "op-2").Status);
        Assert.Equal(OutcomeStatus.Conflict, BatchDecisions.CombineAgain(existing, null, null).Status);
    }
}
