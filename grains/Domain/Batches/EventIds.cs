using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>An event id names one event of a batch. The same actor sending the same event again (a retry) is
/// answered with the event it first recorded; another organisation reusing the id, or the same one reusing it for
/// different content, is refused (409).</summary>
public static class EventIds
{
    /// <summary>Null when <paramref name="seen"/> is null (the id is new); otherwise the replay or the refusal.</summary>
    public static Outcome<EventRecording>? Reused(Batch batch, BatchEvent? seen, BatchEvent draft)
    {
        if (seen is null) return null;
        if (seen.Actor != draft.Actor)
            return BatchDecisions.Conflict<EventRecording>(new("event.id-taken",
                $"event id {draft.EventId} is already used on {batch.Code} by another organisation: choose another"));
        if (!SameContent(seen, draft))
            return BatchDecisions.Conflict<EventRecording>(new("event.id-reused",
                $"event id {draft.EventId} was already recorded on {batch.Code} with different content: choose another"));
        return Outcome<EventRecording>.Ok(new(seen, batch, Replayed: true));
    }

    /// <summary>Whether two events say the same thing (what the client sent: everything but numbering, record time
    /// and hashes).</summary>
    public static bool SameContent(BatchEvent a, BatchEvent b) =>
        a.EventType == b.EventType && a.BizStep == b.BizStep && a.Disposition == b.Disposition && a.EventTime == b.EventTime
        && a.ReadPoint == b.ReadPoint && a.BizLocation == b.BizLocation && a.Actor == b.Actor && a.Quantity == b.Quantity
        && a.Destination == b.Destination && a.Reason == b.Reason && a.Sensors.SequenceEqual(b.Sensors)
        && a.Documents.SequenceEqual(b.Documents) && a.Inputs.SequenceEqual(b.Inputs) && a.Outputs.SequenceEqual(b.Outputs);
}
