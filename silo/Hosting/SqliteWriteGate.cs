namespace Nguon.Silo.Hosting;

/// <summary>The one writer of this silo's SQLite file at a time (see <see cref="SerialWriteGrainStorage"/>): grain writes
/// and the read model's writes queue here, asynchronously, instead of meeting on the file's write lock, where
/// Microsoft.Data.Sqlite sleeps 150 ms before trying again. Unused on PostgreSQL.</summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public Task Run(Func<Task> write, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            await write();
            return true;
        }, cancellationToken);

    public async Task<T> Run<T>(Func<Task<T>> write, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await write();
        }
        finally
        {
            gate.Release();
        }
    }
}

public static class SqliteWriteGates
{
    /// <summary>Runs <paramref name="write"/> through the gate on SQLite, directly on PostgreSQL (no gate).</summary>
    public static Task<T> Through<T>(this SqliteWriteGate? gate, Func<Task<T>> write, CancellationToken cancellationToken = default) =>
        gate is null ? write() : gate.Run(write, cancellationToken);
}
