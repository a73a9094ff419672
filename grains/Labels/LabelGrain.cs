namespace Nguon.Labels;

public sealed class LabelState
{
    public string? Batch { get; set; }
}

/// <summary>The label index entry for one GTIN + lot: which batch the printed label stands for.</summary>
[GrainType("label")]
public sealed class LabelGrain([PersistentState("label", Storage.Name)] IPersistentState<LabelState> state) : Grain, ILabelGrain
{
    public Task<string?> Get() => Task.FromResult(state.State.Batch);

    public async Task<bool> Claim(string batchCode)
    {
        if (state.State.Batch is not null) return state.State.Batch == batchCode;
        state.State.Batch = batchCode;
        await state.WriteStateAsync();
        return true;
    }

    public async Task Release(string batchCode)
    {
        if (state.State.Batch != batchCode) return;
        state.State.Batch = null;
        await state.WriteStateAsync();
    }
}
