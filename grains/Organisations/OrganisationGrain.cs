using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Organisations;

/// <summary>Persisted organisation: profile, roles and the ids of its keys (bounded by <see cref="OrganisationGrain.MaxKeys"/>).</summary>
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
    TimeProvider clock) : Grain, IOrganisationGrain
{
    public const int MaxKeys = 100;

    private string Id => this.GetPrimaryKeyString();

    public Task<Organisation?> Get() => Task.FromResult(state.State.Organisation);

    public async Task<Outcome<Organisation>> Register(RegisterOrganisation command, Actor actor, string? operationId = null)
    {
        if (Permissions.RequireRole(actor, "register organisations", Role.Admin) is { } denied) return Outcome<Organisation>.Forbidden(denied);
        if (state.State.Organisation is { } registered)
            return operationId is not null && state.State.RegisteredBy == operationId
                ? Outcome<Organisation>.Ok(registered)
                : Outcome<Organisation>.Conflict("organisation.exists", $"organisation {Id} already exists");
        var v = new List<Violation>();
        if (string.IsNullOrWhiteSpace(command.Name)) v.Add(new("input.name", "an organisation has a name"));
        if (command.Roles is null || command.Roles.Count == 0 || command.Roles.Any(r => !Enum.IsDefined(r)))
            v.Add(new("input.roles", "an organisation has at least one role: authority, producer, operator, inspector, retailer or admin"));
        if (v.Count > 0) return Outcome<Organisation>.Rejected(v);
        state.State.Organisation = new Organisation(Id, command.Name, [.. command.Roles!.Distinct()], command.Commune, command.Country, clock.GetUtcNow());
        state.State.RegisteredBy = operationId;
        await state.WriteStateAsync();
        return Outcome<Organisation>.Ok(state.State.Organisation);
    }

    public async Task<Outcome<IssuedKey>> IssueKey(IssueKey command, Actor actor)
    {
        if (Permissions.RequireRole(actor, "issue API keys", Role.Admin) is { } denied) return Outcome<IssuedKey>.Forbidden(denied);
        if (state.State.Organisation is null) return Outcome<IssuedKey>.NotFound("organisation.unknown", $"organisation {Id} is not registered");
        if (state.State.KeyIds.Count >= MaxKeys) return Outcome<IssuedKey>.Rejected("input.keys", $"an organisation holds at most {MaxKeys} keys; revoke old ones first");
        var (keyId, secret, token) = ApiKeys.Generate();
        var info = await AddKey(keyId, ApiKeys.Hash(secret), command.Label);
        return info is null
            ? Outcome<IssuedKey>.Conflict("key.exists", "key id collision; issue again")
            : Outcome<IssuedKey>.Ok(new IssuedKey(info, token));
    }

    public async Task<Outcome<ApiKeyInfo>> ImportKey(string token, string? label)
    {
        if (state.State.Organisation is null) return Outcome<ApiKeyInfo>.NotFound("organisation.unknown", $"organisation {Id} is not registered");
        if (!ApiKeys.TryParse(token, out var keyId, out var secret))
            return Outcome<ApiKeyInfo>.Rejected("input.key", $"a key looks like {ApiKeys.Prefix}<12 hex digits>_<secret of at least 20 characters>");
        if (state.State.KeyIds.Contains(keyId)) return Outcome<ApiKeyInfo>.Ok((await grains.GetGrain<IApiKeyGrain>(keyId).Get())!);
        var info = await AddKey(keyId, ApiKeys.Hash(secret), label);
        return info is null ? Outcome<ApiKeyInfo>.Conflict("key.exists", $"key {keyId} belongs to another organisation") : Outcome<ApiKeyInfo>.Ok(info);
    }

    public async Task<Outcome<IReadOnlyList<ApiKeyInfo>>> ListKeys(Actor actor)
    {
        if (!actor.Has(Role.Admin) && actor.Organisation != Id)
            return Outcome<IReadOnlyList<ApiKeyInfo>>.Forbidden(new(Permissions.Rule, $"{actor.Organisation} may not list the keys of {Id}"));
        if (state.State.Organisation is null) return Outcome<IReadOnlyList<ApiKeyInfo>>.NotFound("organisation.unknown", $"organisation {Id} is not registered");
        var keys = await Fanout.Map(state.State.KeyIds, k => grains.GetGrain<IApiKeyGrain>(k).Get());
        return Outcome<IReadOnlyList<ApiKeyInfo>>.Ok([.. keys.OfType<ApiKeyInfo>()]);
    }

    public async Task<Outcome<ApiKeyInfo>> RevokeKey(string keyId, Actor actor)
    {
        if (!actor.Has(Role.Admin) && actor.Organisation != Id)
            return Outcome<ApiKeyInfo>.Forbidden(new(Permissions.Rule, $"{actor.Organisation} may not revoke the keys of {Id}"));
        if (!state.State.KeyIds.Contains(keyId)) return Outcome<ApiKeyInfo>.NotFound("key.unknown", $"organisation {Id} has no key {keyId}");
        return Outcome<ApiKeyInfo>.Ok((await grains.GetGrain<IApiKeyGrain>(keyId).Revoke())!);
    }

    private async Task<ApiKeyInfo?> AddKey(string keyId, string secretHash, string? label)
    {
        var key = grains.GetGrain<IApiKeyGrain>(keyId);
        if (!await key.Create(Id, secretHash, label)) return null;
        state.State.KeyIds.Add(keyId);
        await state.WriteStateAsync();
        return await key.Get();
    }
}
