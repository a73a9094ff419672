using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>The "nguon" grain storage: the ADO.NET provider, handed a stored key of its own for every grain.
/// That provider stores a string key that parses as hexadecimal as an integer (dotnet/orleans#9706: CAFE01, cafe01
/// and 0CAFE01 are one row, yet three activations) and names a row by state name and key only, not by grain type
/// (two grain types with the state name "page" would share rows). The stored key is "~{grain type}/{key}": '~' is
/// no hex digit, so it never parses as an integer or a GUID, and the grain type keeps types apart. State, ETags and
/// RecordExists pass through unchanged.</summary>
public sealed class CanonicalKeyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The key the database holds for grain <paramref name="grainType"/>/<paramref name="key"/>.</summary>
    public static string StoredKey(string grainType, string key) => $"~{grainType}/{key}";

    public static GrainId StoredId(GrainId grain) =>
        GrainId.Create(grain.Type, IdSpan.Create(StoredKey(grain.Type.ToString()!, grain.Key.ToString()!)));

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, StoredId(grainId), grainState);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ReadStateAsync(stateName, StoredId(grainId), grainState, cancellationToken);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(stateName, StoredId(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.WriteStateAsync(stateName, StoredId(grainId), grainState, cancellationToken);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, StoredId(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        inner.ClearStateAsync(stateName, StoredId(grainId), grainState, cancellationToken);
}
