using System.Text.Json;
using Nguon.Domain.Epcis;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Silo.Epcis;

/// <summary>The EPCIS form of Nguon events by their read-model rows, the one the export gives (<see cref="NguonEpcisForm.Of"/>
/// over the lot's record and the records of the lots its events name, prefixes by <see cref="EpcisFacts"/>), prepared for the
/// repository as a captured event is (<see cref="EpcisCapture.Prepare"/>): its hash ID is its eventID.</summary>
public sealed class NguonEventForms(IGrainFactory grains, ILogger<NguonEventForms> logger)
{
    private static readonly JsonElement Context = JsonSerializer.SerializeToElement(NguonEpcisForm.DocumentContext());

    /// <summary>The events to store, in the order of <paramref name="pending"/>; null where none can be made (the lot or the
    /// event is not there, or a take's output is unknown).</summary>
    public async Task<IReadOnlyList<StoredEvent?>> Of(IReadOnlyList<PendingEvent> pending, DateTimeOffset recordTime)
    {
        // Each lot with its events from its first pending one (pending events are recent: its open page, not its history).
        var firsts = pending.GroupBy(p => p.Batch, StringComparer.Ordinal)
            .Select(g => (Code: g.Key, From: g.Min(p => p.Sequence))).ToList();
        var codes = firsts.Select(f => f.Code).ToList();
        var nodes = await Fanout.Map(firsts, f => grains.GetGrain<IBatchGrain>(f.Code).GetNodeFrom(f.From));
        var lots = codes.Zip(nodes).Where(x => x.Second is not null).ToDictionary(x => x.First, x => x.Second!, StringComparer.Ordinal);
        var events = pending.Select(p => lots.TryGetValue(p.Batch, out var n) ? EventOf(n, p.Sequence) : null).ToList();
        // The lots the events name (a merge's parents, a split's parts, a take's output): their EPCs, and what a take is.
        var named = events.OfType<BatchEvent>().SelectMany(e => e.Inputs.Concat(e.Outputs)).Select(l => l.Batch)
            .Where(c => !lots.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList();
        var records = await Fanout.Map(named, c => grains.GetGrain<IBatchGrain>(c).GetRecord());
        var batches = lots.Values.Select(n => n.Batch).Concat(records.OfType<Batch>())
            .ToDictionary(b => b.Code, StringComparer.Ordinal);
        var facts = await EpcisFacts.Of(grains, batches);

        var forms = new List<(int Row, JsonElement Form)>();
        for (var i = 0; i < pending.Count; i++)
            if (events[i] is { } e && batches[pending[i].Batch] is var batch && NguonEpcisForm.KindOf(batch, e, facts) is not null)
                forms.Add((i, JsonSerializer.SerializeToElement(NguonEpcisForm.Of(batch, e, facts))));
        var (prepared, _) = EpcisCapture.Prepare([.. forms.Select(f => f.Form)], Context, recordTime);
        var stored = new StoredEvent?[pending.Count];
        foreach (var p in prepared)
        {
            var row = forms[p.Index].Row;
            // The form carries its hash ID as eventID: computed the same way twice, or the repository would hold a wrong ID.
            if (p.HashId != p.EventId)
            {
                logger.LogError("EPCIS projection: {Batch} event {Sequence} has eventID {EventId} but hashes to {HashId}; not stored",
                    pending[row].Batch, pending[row].Sequence, p.EventId, p.HashId);
                continue;
            }
            stored[row] = new StoredEvent(p.EventId, p.HashId, pending[row].Batch, p.Indexed, p.Json, events[row]!.Actor);
        }
        return stored;
    }

    /// <summary>Event <paramref name="sequence"/> of a lot (its events are held in sequence order, from the first asked for).</summary>
    private static BatchEvent? EventOf(BatchNode node, int sequence) =>
        node.Events is [var first, ..] && sequence - first.Sequence is var i && i >= 0 && i < node.Events.Count
            && node.Events[i].Sequence == sequence ? node.Events[i] : node.Events.FirstOrDefault(e => e.Sequence == sequence);
}
