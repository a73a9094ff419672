using Nguon.Domain.Organisations;

namespace Nguon.Organisations;

public sealed class CodeSpaceState
{
    public string? Holder { get; set; }
}

/// <summary>One batch-code space. Non-reentrant, so two registrations claiming it cannot both win.</summary>
[GrainType("code-space")]
public sealed class CodeSpaceGrain(
    [PersistentState("code-space", Storage.Name)] IPersistentState<CodeSpaceState> state) : Grain, ICodeSpaceGrain
{
    public Task<string?> Holder() => Task.FromResult(state.State.Holder);

    public async Task<bool> Claim(string organisation)
    {
        // Only the one spelling is a space: another spelling must not become a second holder of the same codes.
        if (!CodeSpaces.IsValid(this.GetPrimaryKeyString())) return false;
        if (state.State.Holder is { } holder) return holder == organisation;
        state.State.Holder = organisation;
        await state.WriteStateAsync();
        return true;
    }
}
