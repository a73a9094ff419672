using System.Globalization;
using Nguon.Batches;
using Nguon.Model;
using Orleans.Storage;

namespace Nguon.Silo.ReadModel;

/// <summary>Keeps the read model in step with the grains at the one place every write passes: after a batch, farm,
/// certificate or organisation state is stored, its projection is written (<see cref="ReadModelWriter"/>, in groups)
/// before the grain's call goes on, so a write a client has been told about is in the read model. The grain row is
/// the outbox: a projection that failed, or a silo that died between the two writes, leaves the grain row newer than
/// its projection, and <see cref="ReadModelSweeper"/> finds and projects it.</summary>
public sealed class ReadModelGrainStorage(IGrainStorage inner, ReadModelWriter writer) : IGrainStorage
{
    /// <summary>Batches this silo projected, with the event count and head hash it projected: a write that adds one
    /// event then sends that event only, not its whole open page (measured: the page made each append cost several times
    /// the CPU). Anything else — a batch not here (a new activation, a refused or failed projection, more than
    /// <see cref="Remembered"/> batches) or one whose history does not extend what was projected (a retried split's child
    /// re-pointed at its parent's new event) — sends the open page, whole when it holds every event. The former holders
    /// and grain row version it projected say when the holders' rows may be left as they are.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, string Head, string Holders, int Version)>
        projected = new(StringComparer.Ordinal);
    private const int Remembered = 100_000;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
        if (Kept(grainId) && int.TryParse(grainState.ETag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && (grainState.State is BatchState { Batch: { } batch } state ? Narrow(batch, state, version)
                : Projections.Of(grainId.Key.ToString()!, grainState.State, version)) is { } projection)
        {
            var stored = await writer.Submit(projection);
            if (projection is BatchProjection b)
            {
                if (!stored) projected.TryRemove(b.Key, out _);
                else
                {
                    if (projected.Count >= Remembered) projected.Clear();
                    projected[b.Key] = (b.Row.EventCount, b.Row.HeadHash, HoldersKey(b.Row.FormerHolders), b.Version);
                }
            }
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
        if (Kind(grainId) is { } kind) await writer.Submit(new Removal(kind, grainId.Key.ToString()!));
    }

    /// <summary>The batch's projection with only the events it must send: decided on the grain's events, before they are
    /// made rows (each row serialises four lists; making all sixteen of an open page for one new event was most of the
    /// projection's CPU in the silo).</summary>
    private BatchProjection Narrow(Batch batch, BatchState state, int version)
    {
        var openPage = state.OpenPage;
        if (projected.TryGetValue(batch.Code, out var last) && Continues(last.Count, last.Head, batch, openPage) is { } after)
        {
            var narrowed = Projections.Batch(batch, state.CreatedEventTime, openPage, version, after);
            // Holders are left alone only when this silo wrote the version just before (no other silo's projection between).
            return narrowed with
            {
                HoldersStored = last.Version == version - 1 && last.Holders == HoldersKey(narrowed.Row.FormerHolders),
            };
        }
        var p = Projections.Batch(batch, state.CreatedEventTime, openPage, version);
        return openPage is [{ Sequence: 1 }, ..] ? p with { Whole = true } : p;
    }

    /// <summary>The sequence after which events are new when this write continues what was projected (none new: the same
    /// head); null when it does not (its history does not extend the projected head).</summary>
    private static int? Continues(int count, string head, Batch batch, IReadOnlyList<BatchEvent> openPage) =>
        (count, head) == (batch.EventCount, batch.HeadHash) ? int.MaxValue
        : openPage.FirstOrDefault(e => e.Sequence == count + 1) is { } next && next.PreviousHash == head ? count
        : null;

    private static string HoldersKey(IReadOnlyList<string> holders) => string.Join('\n', holders);

    private static bool Kept(GrainId grainId) => Kind(grainId) is not null;

    /// <summary>The read-model kind a grain's state projects to; null for grains it does not keep, and for keys no
    /// record can have (the start-up warm-up's "~…" records never reach storage, but a key is checked all the same).</summary>
    public static ReadKind? Kind(GrainId grainId)
    {
        if (grainId.Key.ToString() is not { Length: > 0 } key || key[0] == '~') return null;
        return grainId.Type.ToString() switch
        {
            "batch" => ReadKind.Batch,
            "farm" => ReadKind.Farm,
            "certificate" => ReadKind.Certificate,
            "organisation" => ReadKind.Organisation,
            _ => null,
        };
    }
}
