using System.Collections.Concurrent;
using System.Globalization;
using Nguon.Silo.Hosting;
using Orleans.Storage;

namespace Nguon.Benchmark;

/// <summary>Diagnostic only (--diagnose): grain storage that serialises state with Nguon's JSON serializer, as
/// the real provider does, but keeps the bytes in this process instead of PostgreSQL. Appends measured on it
/// cost what Orleans, the grain logic and serialisation cost, without the database.</summary>
public sealed class InProcessGrainStorage : IGrainStorage
{
    private readonly ConcurrentDictionary<(string, GrainId), (BinaryData Data, int Version)> rows = new();
    private readonly Nguon.Silo.Hosting.JsonGrainStorageSerializer serializer = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data)!;
            grainState.ETag = row.Version.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var data = serializer.Serialize(grainState.State);
        var key = (stateName, grainId);
        var expected = grainState.ETag is { } etag ? int.Parse(etag, CultureInfo.InvariantCulture) : 0;
        var current = rows.TryGetValue(key, out var row) ? row.Version : 0;
        if (current != expected) throw new InconsistentStateException($"version {current}, expected {expected}",
            current.ToString(CultureInfo.InvariantCulture), grainState.ETag);
        rows[key] = (data, current + 1);
        grainState.ETag = (current + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        rows.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }
}
