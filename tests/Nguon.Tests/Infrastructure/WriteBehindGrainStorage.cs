using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Nguon.Tests.Infrastructure;

/// <summary>Grain storage for building a large world fast on a new ServiceId: the grains read and write rows kept in
/// memory (serialised with Nguon's JSON serializer, with version checks, as the real provider does), and
/// <see cref="FlushAsync"/> then writes each row's last state through the real provider it wraps, many at once. A
/// silo process started afterwards on the same database and ServiceId reads exactly what the grains wrote.</summary>
/// <remarks>It starts empty (the ServiceId is new, so the database holds no row of it) and never reads the wrapped
/// provider: a row that does exist makes the flush fail (the provider's own version check), not go unnoticed. The flush
/// takes every row as it stood at one instant, as a crash at that instant would leave them (writes are applied one at
/// a time), so grains still working meanwhile (a background sequencer, say) leave no mix of earlier and later rows; the
/// store goes on in memory afterwards.</remarks>
public sealed class WriteBehindGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private const int FlushConcurrency = 32;

    // Guarded by itself: each write, and the flush's snapshot, happen at one instant.
    private readonly Dictionary<(string State, GrainId Grain), Row> rows = [];
    private readonly Nguon.Silo.Hosting.JsonGrainStorageSerializer serializer = new();

    /// <summary>One stored row: its bytes, its version, and how to write its state through the real provider.</summary>
    private sealed record Row(BinaryData Data, int Version, Func<IGrainStorage, Task> WriteThrough);

    /// <summary>Replaces the grain storage registered as <see cref="Storage.Name"/> (the real one, however it is
    /// registered) with a write-behind store over it.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService
            && Equals(d.ServiceKey, Storage.Name));
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(Storage.Name, (provider, key) => new WriteBehindGrainStorage(registered switch
        {
            { KeyedImplementationFactory: { } factory } => (IGrainStorage)factory(provider, key),
            { KeyedImplementationInstance: IGrainStorage instance } => instance,
            { KeyedImplementationType: { } type } => (IGrainStorage)ActivatorUtilities.CreateInstance(provider, type),
            _ => throw new InvalidOperationException($"grain storage {Storage.Name} is registered in an unknown way"),
        }));
    }

    /// <summary>The write-behind store of a running silo.</summary>
    public static WriteBehindGrainStorage Of(IServiceProvider silo) =>
        (WriteBehindGrainStorage)silo.GetRequiredKeyedService<IGrainStorage>(Storage.Name);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Row? row;
        lock (rows) rows.TryGetValue((stateName, grainId), out row);
        if (row is not null)
        {
            grainState.State = serializer.Deserialize<T>(row.Data)!;
            grainState.ETag = row.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Serialised now: grains keep changing their state objects after a write.
        var data = serializer.Serialize(grainState.State);
        var expected = grainState.ETag is { } etag ? int.Parse(etag, CultureInfo.InvariantCulture) : 0;
        var key = (stateName, grainId);
        lock (rows)
        {
            var current = rows.TryGetValue(key, out var row) ? row.Version : 0;
            if (current != expected)
                throw new InconsistentStateException($"version {current}, expected {expected}",
                    current.ToString(CultureInfo.InvariantCulture), grainState.ETag);
            rows[key] = new Row(data, current + 1, storage =>
                storage.WriteStateAsync(stateName, grainId, new GrainState<T>(serializer.Deserialize<T>(data)!)));
            grainState.ETag = (current + 1).ToString(CultureInfo.InvariantCulture);
        }
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (rows) rows.Remove((stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Writes every row's last state through the real provider (as new rows, a bounded number at a time);
    /// returns how many.</summary>
    public async Task<int> FlushAsync()
    {
        List<Row> pending;
        lock (rows) pending = [.. rows.Values];
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = FlushConcurrency },
            async (row, _) => await row.WriteThrough(inner));
        return pending.Count;
    }

    // The real provider initialises itself (e.g. the ADO.NET queries) in the silo's lifecycle.
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
