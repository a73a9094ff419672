using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Model;
using Xunit;
using static Nguon.Tests.Domain.BatchDecisionTests;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

/// <summary>Issue 12 items 6 and 7 as pure decisions: recalls, event-id reuse, cited documents, destinations and
/// the destroyed disposition.</summary>
public class RecallDecisionTests
{
    private static readonly DateTimeOffset Created = HarvestTime;
    private static readonly DateTimeOffset Later = HarvestTime.AddDays(1);
    private static readonly Actor Authority = new("GI-AUTHORITY", [Role.Authority]);

    private static Outcome<EventRecording> Recall(Batch batch, RecallBatch command, Actor actor, BatchEvent? seen = null) =>
        BatchDecisions.Recall(batch, Created, command, actor, Now, seen, "new-event-id");

    private static Outcome<EventRecording> Record(RecordEvent command, Actor? actor = null, Batch? batch = null, EventFacts? facts = null) =>
        BatchDecisions.RecordEvent(batch ?? Held(), Created, command, actor ?? Custodian, Now, facts ?? new(), "new-event-id");

    private static string[] Rules<T>(Outcome<T> outcome) => [.. outcome.Violations.Select(v => v.Rule)];

    [Fact]
    public void A_consumed_lot_is_recalled_by_a_hashed_holding_event_with_its_reason()
    {
        var consumed = Held(BatchStatus.Consumed) with { Remaining = 0m };
        var change = Assert.IsType<EventRecording>(Recall(consumed, new RecallBatch(" residue finding ", Later), Inspector).Value);
        Assert.Equal(("holding", "recalled", "residue finding", null, "INSPECTOR"),
            (change.Event.BizStep, change.Event.Disposition, change.Event.Reason, change.Event.ReadPoint, change.Event.Actor));
        Assert.Equal(EventHashing.Hash(change.Event), change.Event.Hash);
        Assert.NotEqual(change.Event.Hash, EventHashing.Hash(change.Event with { Reason = "another reason" }));
        Assert.Equal((consumed.HeadHash, change.Event.Hash), (change.Event.PreviousHash, change.Header.HeadHash));
        Assert.Equal((BatchStatus.Recalled, 0m), (change.Header.Status, change.Header.Remaining));
        // No time given: now.
        Assert.Equal(Now, Recall(consumed, new RecallBatch("x"), Authority).Value!.Event.EventTime);
    }

    [Fact]
    public void Only_inspectors_and_the_authority_recall_and_a_recall_says_why_and_when()
    {
        Assert.Equal(OutcomeStatus.Forbidden, Recall(Held(), new RecallBatch("x"), Custodian).Status);
        Assert.Equal(OutcomeStatus.Forbidden, Recall(Held(), new RecallBatch("x"), Importer).Status);
        Assert.Equal(OutcomeStatus.Forbidden, Record(new RecordEvent("holding", Later, Disposition: "recalled"), Custodian).Status);
        Assert.Equal(["input.reason"], Rules(Recall(Held(), new RecallBatch(""), Authority)));
        Assert.Equal(["input.reason"], Rules(Recall(Held(), new RecallBatch(new string('x', 501)), Authority)));
        Assert.Equal(["time.before-creation"], Rules(Recall(Held(), new RecallBatch("x", Created.AddDays(-1)), Authority)));
        var again = Recall(Held(BatchStatus.Recalled), new RecallBatch("x"), Inspector);
        Assert.Equal((OutcomeStatus.Conflict, "state.recalled"), (again.Status, Rules(again).Single()));
    }

    [Fact]
    public void A_retried_recall_answers_the_first_event_a_different_one_under_its_id_is_refused()
    {
        var first = Recall(Held(), new RecallBatch("fraud", EventId: "r-1"), Inspector).Value!.Event;
        var retry = Recall(Held(BatchStatus.Recalled), new RecallBatch("fraud", EventId: "r-1"), Inspector, first);
        Assert.True(retry.Value!.Replayed);
        Assert.Same(first, retry.Value.Event);
        Assert.Equal(["event.id-reused"], Rules(Recall(Held(), new RecallBatch("other", EventId: "r-1"), Inspector, first)));
        Assert.Equal(["event.id-taken"], Rules(Recall(Held(), new RecallBatch("fraud", EventId: "r-1"), Authority, first)));
    }

    [Fact]
    public void An_event_id_reused_by_another_organisation_or_with_other_content_is_a_conflict()
    {
        var first = Record(new RecordEvent("packing", Later, EventId: "e-1")).Value!.Event;
        var rival = Record(new RecordEvent("inspecting", Later, EventId: "e-1"), Inspector, facts: new(first));
        Assert.Equal((OutcomeStatus.Conflict, "event.id-taken"), (rival.Status, Rules(rival).Single()));
        var changed = Record(new RecordEvent("packing", Later.AddHours(1), EventId: "e-1"), facts: new(first));
        Assert.Equal((OutcomeStatus.Conflict, "event.id-reused"), (changed.Status, Rules(changed).Single()));
        Assert.True(Record(new RecordEvent("packing", Later, EventId: "e-1"), facts: new(first)).Value!.Replayed);
    }

    [Fact]
    public void Cited_documents_must_be_attached_to_the_batch()
    {
        var sha = new string('a', 64);
        var cites = new RecordEvent("packing", Later, Documents: [new DocumentRef(sha.ToUpperInvariant())]);
        Assert.Equal(["document.not-attached"], Rules(Record(cites)));
        Assert.Equal(["document.not-attached"], Rules(Record(cites, facts: new(Attached: new HashSet<string> { new('b', 64) }))));
        Assert.True(Record(cites, facts: new(Attached: new HashSet<string> { sha })).IsOk);
    }

    [Fact]
    public void No_shipping_to_oneself_and_destroyed_goes_only_with_destroying()
    {
        var toSelf = Record(new RecordEvent("shipping", Later, Destination: Holder.ToLowerInvariant()), facts: new(DestinationRegistered: true));
        Assert.Equal(["input.destination"], Rules(toSelf));
        Assert.Equal(["input.id"], Rules(Record(new RecordEvent("shipping", Later, Destination: "a b"))));
        Assert.Equal(["input.disposition"], Rules(Record(new RecordEvent("inspecting", Later, Disposition: "destroyed"), Inspector)));
        Assert.Equal(["input.disposition"], Rules(Record(new RecordEvent("storing", Later, Disposition: "destroyed"))));
        Assert.Equal(BatchStatus.Consumed, Record(new RecordEvent("destroying", Later, Disposition: "destroyed")).Value!.Header.Status);
    }

    [Fact]
    public void A_season_recall_is_for_inspectors_and_the_authority_and_names_what_it_recalled()
    {
        var ledger = new FarmSeason("F-1", "2026", 100m, ["H-1", "H-2"]);
        Assert.Equal(OutcomeStatus.Forbidden, RecallRules.AdmitSeason(Custodian, "F-1", new("x"), ledger).Status);
        Assert.Equal(["season.empty"],
            Rules(RecallRules.AdmitSeason(Inspector, "F-1", new("x"), ledger with { Batches = [] })));
        var answer = RecallRules.SeasonOutcome("F-1", ledger, "x",
            [("H-1", Outcome<BatchEvent>.Ok(null!)), ("H-2", new(OutcomeStatus.Conflict, null, [RecallRules.AlreadyRecalled("H-2")]))]);
        Assert.Equal(["H-1"], answer.Value!.Recalled);
        Assert.Equal(["H-2"], answer.Value.AlreadyRecalled);
    }
}
