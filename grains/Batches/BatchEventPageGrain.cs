using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Batches;

[GrainType("batch-page")]
public sealed class BatchEventPageGrain(
    [PersistentState("page", Storage.Name)] IPersistentState<EventPageState> state) : RecordGrain(state), IBatchEventPageGrain
{
    public Task<IReadOnlyList<BatchEvent>> Get() => Task.FromResult<IReadOnlyList<BatchEvent>>(state.State.Events);

    /// <summary>Written once (<see cref="SealedPage"/>); events are the same when their hashes are.</summary>
    public Task Seal(IReadOnlyList<BatchEvent> events) =>
        SealedPage.Seal(state, s => s.Events, events, (a, b) => a.Hash == b.Hash, this.GetPrimaryKeyString());
}
