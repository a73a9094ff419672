using Nguon.Domain.Labels;
using Nguon.Infrastructure;

namespace Nguon.Labels;

public sealed class LabelState
{
    public string? Batch { get; set; }
}

/// <summary>The label index entry for one GTIN + lot: which batch the printed label stands for.</summary>
[GrainType("label")]
public sealed class LabelGrain([PersistentState("label", Storage.Name)] IPersistentState<LabelState> state)
    : RecordGrain(state), ILabelGrain
{
    public Task<string?> Get() => Task.FromResult(state.State.Batch);

    public async Task<bool> Claim(string batchCode)
    {
        var decided = LabelDecisions.Claim(this.GetPrimaryKeyString(), state.State.Batch, batchCode);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State.Batch = batchCode;
            await state.WriteStateAsync();
        }
        return decided.IsOk;
    }

    public async Task Release(string batchCode)
    {
        if (!LabelDecisions.MayRelease(state.State.Batch, batchCode)) return;
        state.State.Batch = null;
        await state.WriteStateAsync();
    }
}
