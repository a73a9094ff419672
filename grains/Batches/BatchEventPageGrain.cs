using Nguon.Model;

namespace Nguon.Batches;

[GrainType("batch-page")]
public sealed class BatchEventPageGrain(
    [PersistentState("page", Storage.Name)] IPersistentState<EventPageState> state) : Grain, IBatchEventPageGrain
{
    public Task<IReadOnlyList<BatchEvent>> Get() => Task.FromResult<IReadOnlyList<BatchEvent>>(state.State.Events);

    /// <summary>Idempotent: re-sealing a page (after a batch write failed and was retried) writes the same events.</summary>
    public async Task Seal(IReadOnlyList<BatchEvent> events)
    {
        if (state.State.Events.Count == events.Count && state.State.Events.Select(e => e.Hash).SequenceEqual(events.Select(e => e.Hash)))
            return;
        state.State.Events = [.. events];
        await state.WriteStateAsync();
    }
}
