using Nguon.Idempotency;
using Nguon.Model;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>Idempotency records in a table of their own (<c>nguon_idempotency</c>), read and written in groups
/// (<see cref="GroupCommit{TIn,TOut}"/>); every other grain's state goes to <paramref name="others"/>. Measured on the
/// HTTP benchmark, a keyed write cost nearly twice an unkeyed one: its key's record was one more ADO.NET read and one
/// more whole-row write through the provider's stored procedure, each its own round trip and transaction. Here
/// concurrent keys share one SELECT and one multi-row upsert. The record is stored before its answer is sent, as
/// before; it is written once per key (answered) and deleted when it expires, so the provider's ETag check buys
/// nothing: the version column only tells a reader that a row exists.</summary>
public sealed class IdempotencyGrainStorage : IGrainStorage
{
    public const string GrainType = "idempotency";
    private const string Version = "1";
    private readonly IGrainStorage others;
    private readonly IdempotencyTable table;
    private readonly GroupCommit<string, IdempotencyRow?> reads;
    private readonly GroupCommit<IdempotencyRow, bool> writes;

    public IdempotencyGrainStorage(IGrainStorage others, IdempotencyTable table)
    {
        this.others = others;
        this.table = table;
        reads = new(async keys =>
        {
            var found = await table.Find(keys);
            return [.. keys.Select(k => found.GetValueOrDefault(k))];
        });
        writes = new(async rows =>
        {
            await table.Upsert(rows);
            return [.. rows.Select(_ => true)];
        });
    }

    /// <summary>(batches, calls) of the reads and of the writes, for the benchmark's diagnosis.</summary>
    public ((long, long) Reads, (long, long) Writes) Counts => (reads.Counts, writes.Counts);

    private static bool IsIdempotency(GrainId grainId) => grainId.Type.ToString() == GrainType;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (!IsIdempotency(grainId))
        {
            await others.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }
        var row = await reads.Run(grainId.Key.ToString()!);
        var state = new IdempotencyKeyState();
        if (row is not null)
        {
            state.Fingerprint = row.Fingerprint;
            state.Response = row.Response;
        }
        grainState.State = (T)(object)state;
        grainState.ETag = row is null ? null : Version;
        grainState.RecordExists = row is not null;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (!IsIdempotency(grainId))
        {
            await others.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }
        var state = (IdempotencyKeyState)(object)grainState.State!;
        if (state.Fingerprint is null || state.Response is null)
            throw new InvalidOperationException("an idempotency record is written only with its answer");
        await writes.Run(new IdempotencyRow(grainId.Key.ToString()!, state.Fingerprint, state.Response));
        grainState.ETag = Version;
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (!IsIdempotency(grainId))
        {
            await others.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
            return;
        }
        // Rare (a key used again after its window): not worth a group.
        await table.Delete(grainId.Key.ToString()!, cancellationToken);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }
}

/// <summary>One stored answer, under the grain's stored key ("~idempotency/{organisation}/{hash}").</summary>
public sealed record IdempotencyRow(string Key, string Fingerprint, RecordedResponse Response);
