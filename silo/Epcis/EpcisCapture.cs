using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;
using Nguon.Model;

namespace Nguon.Silo.Epcis;

/// <summary>One event of a capture, ready to store: where it was in the document, its IDs, index and its JSON as stored
/// (written once, when the capture is prepared).</summary>
public sealed record PreparedEvent(int Index, string EventId, string HashId, IndexedEvent Indexed, string Json);

/// <summary>The capture of validated EPCIS events: each gets its CBV 2.0 hash ID (its eventID when it came without one),
/// the capture's record time and, when its document declared prefixes of its own, those prefixes in its own @context, so a
/// stored event reads the same outside its document. Captures run one at a time per few (<see cref="Concurrent"/>): a
/// document of <see cref="MaxEvents"/> events is held whole in memory while it is captured.</summary>
public sealed class EpcisCapture(EpcisEventStore store, EpcisApply apply, TimeProvider clock)
{
    public const int MaxEvents = 10_000;
    public const long MaxBytes = 16L * 1024 * 1024;
    public const int Concurrent = 4;
    public const string Rollback = "rollback", Proceed = "proceed";

    private readonly SemaphoreSlim captures = new(Concurrent, Concurrent);

    /// <summary>Captures an EPCIS document's events as one job, finished when this returns.</summary>
    public async Task<CaptureJob> Document(JsonElement document, Actor actor, string behaviour, CancellationToken cancellationToken)
    {
        await captures.WaitAsync(cancellationToken);
        try
        {
            var createdAt = clock.GetUtcNow();
            var captureId = Guid.NewGuid().ToString("N");
            var context = EventHashId.Context(document);
            var all = EventHashId.Events(document).ToList();
            var (prepared, errors) = Prepare(all, context, createdAt);
            var allOrNothing = behaviour == Rollback;
            if (allOrNothing && errors.Count > 0) prepared = [];
            var events = errors.Count + prepared.Count;
            // Applied first, then stored (see EpcisApply): what is stored of a Nguon lot was applied.
            var applied = await apply.Run(prepared, all, context, actor, allOrNothing, cancellationToken);
            errors.AddRange(applied.Errors);
            var (_, job) = await store.Capture(applied.ToStore, createdAt, captureId, actor.Organisation, allOrNothing,
                result =>
                {
                    var byId = prepared.ToDictionary(p => p.EventId, StringComparer.Ordinal);
                    var refused = errors.Concat(result.Conflicting.Select(id => Conflict(byId[id]))).ToList();
                    return new CaptureJob(captureId, actor.Organisation, behaviour, createdAt, clock.GetUtcNow(), refused.Count == 0,
                        events, result.Added.Count + result.AlreadyStored.Count, [.. refused.OrderBy(e => e.EventIndex)]);
                }, cancellationToken);
            return job!;
        }
        finally
        {
            captures.Release();
        }
    }

    /// <summary>Captures one event (POST /epcis/events): its eventID, or the error that refused it.</summary>
    public async Task<(string EventId, CaptureError? Error)> Event(JsonElement @event, Actor actor, CancellationToken cancellationToken)
    {
        var recordTime = clock.GetUtcNow();
        var (prepared, errors) = Prepare([@event], null, recordTime);
        if (errors.Count > 0) return ("", errors[0]);
        var e = prepared[0];
        var applied = await apply.Run(prepared, [@event], null, actor, allOrNothing: true, cancellationToken);
        if (applied.Errors.Count > 0) return (e.EventId, applied.Errors[0]);
        var (result, _) = await store.Capture(applied.ToStore, recordTime, "event:" + e.EventId, actor.Organisation, allOrNothing: true,
            _ => null, cancellationToken);
        return (e.EventId, result.Conflicting.Count > 0 ? Conflict(e) : null);
    }

    /// <summary>The events ready to store, and the errors of those that cannot be (an eventID given twice in the document for
    /// different events).</summary>
    internal static (List<PreparedEvent>, List<CaptureError>) Prepare(IReadOnlyList<JsonElement> events, JsonElement? documentContext,
        DateTimeOffset recordTime)
    {
        // The document's prefixes are read once, with a memo of canonical values: the hash ID and the index of an event
        // write the same EPCs and locations, and a document's events share many.
        var ns = EpcisNamespaces.Standard.With(documentContext).Memoised();
        var ownPrefixes = OwnPrefixes(documentContext)?.ToJsonString();
        var recorded = recordTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var prepared = new List<PreparedEvent>(events.Count);
        var errors = new List<CaptureError>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(1024);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var hashId = EventHashId.Of(e, ns);
            var eventId = e.TryGetProperty("eventID", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()!.Trim() : hashId;
            if (seen.TryGetValue(eventId, out var earlier))
            {
                if (earlier != hashId) errors.Add(new CaptureError(EpcisProblems.Validation, "eventID used twice", 400,
                    $"eventList[{i}]: eventID {eventId} names another event earlier in this document", i, eventId));
                continue;
            }
            seen[eventId] = hashId;
            var body = StoredJson(e, eventId, recorded, ownPrefixes, buffer);
            prepared.Add(new PreparedEvent(i, eventId, hashId, EpcisIndex.Of(e, ns), body));
        }
        return (prepared, errors);
    }

    /// <summary>The event as stored: as captured, with its eventID and recordTime set (in place when it had them, else
    /// added after its fields, in that order) and, when it has no @context of its own, the document's own prefixes
    /// (<paramref name="ownPrefixes"/>, JSON) last; written as a JSON node edited so would write it.</summary>
    internal static string StoredJson(JsonElement @event, string eventId, string recordTime, string? ownPrefixes,
        ArrayBufferWriter<byte>? buffer = null)
    {
        buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var (hasId, hasRecordTime, hasContext) = (false, false, false);
            writer.WriteStartObject();
            foreach (var member in @event.EnumerateObject())
            {
                writer.WritePropertyName(member.Name);
                switch (member.Name)
                {
                    case "eventID":
                        writer.WriteStringValue(eventId);
                        hasId = true;
                        break;
                    case "recordTime":
                        writer.WriteStringValue(recordTime);
                        hasRecordTime = true;
                        break;
                    default:
                        hasContext |= member.Name == "@context";
                        member.Value.WriteTo(writer);
                        break;
                }
            }
            if (!hasId) writer.WriteString("eventID", eventId);
            if (!hasRecordTime) writer.WriteString("recordTime", recordTime);
            if (ownPrefixes is not null && !hasContext)
            {
                writer.WritePropertyName("@context");
                writer.WriteRawValue(ownPrefixes, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The prefixes a document's @context declares beyond the standard context, as a JSON-LD context object.</summary>
    private static JsonObject? OwnPrefixes(JsonElement? context)
    {
        if (context is not { ValueKind: JsonValueKind.Array or JsonValueKind.Object } c) return null;
        var own = new JsonObject();
        foreach (var entry in c.ValueKind == JsonValueKind.Array ? [.. c.EnumerateArray()] : new[] { c })
            if (entry.ValueKind == JsonValueKind.Object)
                foreach (var p in entry.EnumerateObject()) own[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        return own.Count == 0 ? null : own;
    }

    internal static CaptureError Conflict(PreparedEvent e) => new(EpcisProblems.Validation, "eventID already used", 409,
        $"eventList[{e.Index}]: eventID {e.EventId} was captured before for an event with other content", e.Index, e.EventId);
}
