using Nguon.Domain;
using Nguon.Domain.Organisations;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Organisations;

/// <summary>Persisted organisation: profile, roles and the ids of its keys (bounded by
/// <see cref="OrganisationDecisions.MaxKeys"/>).</summary>
public sealed class OrganisationState
{
    public Organisation? Organisation { get; set; }
    public List<string> KeyIds { get; set; } = [];
    /// <summary>The operation (idempotency key) that registered it, so a retried registration gets it back.</summary>
    public string? RegisteredBy { get; set; }
}

[GrainType("organisation")]
public sealed class OrganisationGrain(
    [PersistentState("organisation", Storage.Name)] IPersistentState<OrganisationState> state,
    IGrainFactory grains,
    TimeProvider clock) : RecordGrain(state), IOrganisationGrain
{
    private string Id => this.GetPrimaryKeyString();

    public Task<Organisation?> Get() => Task.FromResult(state.State.Organisation);

    public async Task<Outcome<Organisation>> Register(RegisterOrganisation command, Actor actor, string? operationId = null)
    {
        var replay = operationId is not null && state.State.RegisteredBy == operationId;
        var decided = OrganisationDecisions.Register(state.State.Organisation, Id, command, actor, clock.GetUtcNow(), replay);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            // The space is claimed first: a registration that dies after the claim is retried under the same id,
            // and the claim answers that id again.
            if (decided.Value.Value.CodeSpace is { } space && !await grains.GetGrain<ICodeSpaceGrain>(space).Claim(Id))
                return Refusal.Conflict<Organisation>(OrganisationDecisions.CodeSpaceTaken(space));
            state.State.Organisation = decided.Value.Value;
            state.State.RegisteredBy = operationId;
            await state.WriteStateAsync();
        }
        return decided.Answer();
    }

    public async Task<Outcome<IssuedKey>> IssueKey(IssueKey command, Actor actor)
    {
        var (keyId, secret, token) = ApiKeys.Generate();
        var decided = OrganisationDecisions.IssueKey(
            state.State.Organisation, Id, state.State.KeyIds.Count, command, (keyId, secret), actor);
        if (!decided.IsOk) return decided.As<IssuedKey>();
        return await AddKey(decided.Value!) is { } info
            ? Outcome<IssuedKey>.Ok(new IssuedKey(info, token))
            : Refusal.Conflict<IssuedKey>(OrganisationDecisions.KeyIdCollision());
    }

    public async Task<Outcome<ApiKeyInfo>> ImportKey(string token, string? label)
    {
        var decided = OrganisationDecisions.ImportKey(state.State.Organisation, Id, token, label);
        if (!decided.IsOk) return decided.As<ApiKeyInfo>();
        var key = decided.Value!;
        if (state.State.KeyIds.Contains(key.KeyId))
            return Outcome<ApiKeyInfo>.Ok((await grains.GetGrain<IApiKeyGrain>(key.KeyId).Get())!);
        return await AddKey(key) is { } info
            ? Outcome<ApiKeyInfo>.Ok(info)
            : Refusal.Conflict<ApiKeyInfo>(OrganisationDecisions.KeyOfAnother(key.KeyId));
    }

    public async Task<Outcome<IReadOnlyList<ApiKeyInfo>>> ListKeys(Actor actor)
    {
        var decided = OrganisationDecisions.ListKeys(state.State.Organisation, Id, actor);
        if (!decided.IsOk) return decided.As<IReadOnlyList<ApiKeyInfo>>();
        var keys = await Fanout.Map(state.State.KeyIds, k => grains.GetGrain<IApiKeyGrain>(k).Get());
        return Outcome<IReadOnlyList<ApiKeyInfo>>.Ok([.. keys.OfType<ApiKeyInfo>()]);
    }

    public async Task<Outcome<ApiKeyInfo>> RevokeKey(string keyId, Actor actor)
    {
        var decided = OrganisationDecisions.RevokeKey(state.State.KeyIds, Id, keyId, actor);
        if (!decided.IsOk) return decided.As<ApiKeyInfo>();
        return Outcome<ApiKeyInfo>.Ok((await grains.GetGrain<IApiKeyGrain>(decided.Value!).Revoke())!);
    }

    /// <summary>Stores the key in its own grain first (which refuses an id another organisation holds), then
    /// lists it here.</summary>
    private async Task<ApiKeyInfo?> AddKey(KeyToStore stored)
    {
        var key = grains.GetGrain<IApiKeyGrain>(stored.KeyId);
        if (!await key.Create(Id, stored.SecretHash, stored.Label)) return null;
        state.State.KeyIds.Add(stored.KeyId);
        await state.WriteStateAsync();
        return await key.Get();
    }
}
