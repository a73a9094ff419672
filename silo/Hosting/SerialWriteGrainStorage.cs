using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>Grain storage whose writes (and clears) go to the inner provider one at a time, in arrival order; reads
/// pass straight through. For the SQLite file: SQLite admits one writer at a time, and Microsoft.Data.Sqlite sets no
/// busy handler — a statement that finds the write lock taken gets SQLITE_BUSY and the driver sleeps 150 ms before
/// trying again (SqliteCommand, SqliteDataReader). Grain writes of one silo do run together (a merge commits its inputs
/// in parallel, and each of them hands its head to the transparency log's intake), so a merge on an idle silo waited
/// 150–450 ms. Queued here, a write waits only for the ones before it (asynchronously: no thread is blocked), and
/// with WAL the readers never wait for it. Another process writing the same file can still collide (then the
/// driver's retry applies); the embedded store is one silo's.</summary>
public sealed class SerialWriteGrainStorage(IGrainStorage inner, SqliteWriteGate gate) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Serially(() => inner.WriteStateAsync(stateName, grainId, grainState), CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Serially(() => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Serially(() => inner.ClearStateAsync(stateName, grainId, grainState), CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Serially(() => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken), cancellationToken);

    private Task Serially(Func<Task> write, CancellationToken cancellationToken) => gate.Run(write, cancellationToken);
}
