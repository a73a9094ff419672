using System.Collections.Concurrent;
using Orleans.Storage;

namespace Nguon.Silo.Hosting;

/// <summary>The warm-up chain's states while the warm-up runs (<see cref="StartupWarmUp"/>), serialized as the
/// store holds them, so reading them runs the same deserialization as a real row.</summary>
public sealed class WarmUpStates
{
    private static readonly JsonGrainStorageSerializer Serializer = new();
    private readonly ConcurrentDictionary<GrainId, BinaryData> states = new();

    public IReadOnlyCollection<GrainId> Grains => [.. states.Keys];

    public void Load(IReadOnlyDictionary<GrainId, object> chain)
    {
        foreach (var (grain, state) in chain)
        {
            if (!WarmUpChain.IsWarmUpKey(grain.Key.ToString()!)) throw new ArgumentException($"{grain} is not a warm-up grain");
            states[grain] = new BinaryData(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(state, state.GetType(),
                JsonGrainStorageSerializer.Options));
        }
    }

    public void Clear() => states.Clear();

    public bool TryRead<T>(GrainId grain, out T? state)
    {
        var found = states.TryGetValue(grain, out var bytes);
        state = found ? Serializer.Deserialize<T>(bytes!) : default;
        return found;
    }
}

/// <summary>The "nguon" storage's outermost layer: a grain of the warm-up chain (<see cref="WarmUpChain"/>) reads its
/// state from <see cref="WarmUpStates"/> and never writes; every other grain, and a warm-up key not loaded, goes to
/// the store unchanged. So the warm-up runs the real activation and trace code with nothing of it stored.</summary>
public sealed class WarmUpGrainStorage(IGrainStorage inner, WarmUpStates warmUp) : IGrainStorage
{
    public const string ETag = "warm-up";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (!warmUp.TryRead<T>(grainId, out var state)) return inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
        grainState.State = state!;
        grainState.ETag = ETag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Stored(grainId, () => inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken) =>
        Stored(grainId, () => inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken));

    /// <summary>The store's write, or the refusal of a warm-up grain's.</summary>
    private static Task Stored(GrainId grainId, Func<Task> write) => IsWarmUp(grainId) ? Task.FromException(NotStored(grainId)) : write();

    private static bool IsWarmUp(GrainId grainId) => WarmUpChain.IsWarmUpKey(grainId.Key.ToString()!);

    private static InvalidOperationException NotStored(GrainId grainId) =>
        new($"{grainId} belongs to the start-up warm-up, which stores nothing");
}
