using Nguon.Domain;
using Nguon.Domain.Organisations;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Organisations;

public sealed class ApiKeyState
{
    public string? Organisation { get; set; }
    public string SecretHash { get; set; } = "";
    public string? Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>One API key. Authentication is one call to this grain (plus the organisation's roles), so a
/// revocation takes effect on the very next request, on every silo.</summary>
[GrainType("api-key")]
public sealed class ApiKeyGrain(
    [PersistentState("key", Storage.Name)] IPersistentState<ApiKeyState> state,
    IGrainFactory grains,
    TimeProvider clock) : RecordGrain(state), IApiKeyGrain
{
    public async Task<Actor?> Authenticate(string secretHash)
    {
        var key = state.State;
        if (!ApiKeys.Accepts(key.Organisation, key.RevokedAt, key.SecretHash, secretHash)) return null;
        var organisation = await grains.GetGrain<IOrganisationGrain>(key.Organisation!).Get();
        return organisation is null ? null : new Actor(key.Organisation!, organisation.Roles, organisation.CodeSpace);
    }

    public async Task<bool> Create(string organisation, string secretHash, string? label)
    {
        var decided = OrganisationDecisions.CreateKey(
            state.State.Organisation, state.State.SecretHash, this.GetPrimaryKeyString(), organisation, secretHash);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State = new ApiKeyState
            {
                Organisation = organisation, SecretHash = secretHash, Label = label, CreatedAt = clock.GetUtcNow(),
            };
            await state.WriteStateAsync();
        }
        return decided.IsOk;
    }

    public Task<ApiKeyInfo?> Get() => Task.FromResult(Info());

    public async Task<ApiKeyInfo?> Revoke()
    {
        if (state.State.Organisation is null) return null;
        if (state.State.RevokedAt is null)
        {
            state.State.RevokedAt = clock.GetUtcNow();
            await state.WriteStateAsync();
        }
        return Info();
    }

    private ApiKeyInfo? Info() => state.State.Organisation is { } org
        ? new ApiKeyInfo(this.GetPrimaryKeyString(), org, state.State.Label, state.State.CreatedAt, state.State.RevokedAt)
        : null;
}
