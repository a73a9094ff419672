using Nguon.Model;
using Decided = Nguon.Model.Outcome<Nguon.Domain.Change<Nguon.Model.Organisation>>;

namespace Nguon.Domain.Organisations;

/// <summary>A key to store: its public id and the hash of its secret (the secret itself is never stored).</summary>
public sealed record KeyToStore(string KeyId, string SecretHash, string? Label);

/// <summary>Registering organisations and managing their API keys: who may, what is refused and why.</summary>
public static class OrganisationDecisions
{
    /// <summary>Keys per organisation (the organisation's row lists their ids).</summary>
    public const int MaxKeys = 100;

    /// <param name="replay">The same operation registered the organisation before: answer with it again.</param>
    public static Decided Register(
        Organisation? current, string id, RegisterOrganisation command, Actor actor, DateTimeOffset now, bool replay)
    {
        if (Permissions.RequireRole(actor, "register organisations", Role.Admin) is { } denied) return Decided.Forbidden(denied);
        if (current is not null)
            return replay ? Change<Organisation>.Replay(current)
                : Refusal.Conflict<Change<Organisation>>(new("organisation.exists", $"organisation {id} already exists"));
        if (Check(command) is { Count: > 0 } invalid) return Decided.Rejected(invalid);
        return Change<Organisation>.New(new Organisation(id, command.Name, [.. command.Roles.Distinct()], command.Commune,
            command.Country, now, CodeSpaces.Normalise(command.CodeSpace)));
    }

    /// <summary>Whether a registration is well formed.</summary>
    public static List<Violation> Check(RegisterOrganisation command)
    {
        var v = new List<Violation>();
        if (string.IsNullOrWhiteSpace(command.Name)) v.Add(new("input.name", "an organisation has a name"));
        if (command.Roles is null || command.Roles.Count == 0 || command.Roles.Any(r => !Enum.IsDefined(r)))
            v.Add(new("input.roles", "an organisation has at least one role: authority, producer, operator, inspector, retailer or admin"));
        if (CodeSpaces.Normalise(command.CodeSpace) is { } space && !CodeSpaces.IsValid(space)) v.Add(CodeSpaces.Invalid(space));
        return v;
    }

    public static Violation CodeSpaceTaken(string space) =>
        new("organisation.code-space-taken", $"code space {space} is held by another organisation");

    /// <summary>Issuing a key: an administrator's act, for a registered organisation with room for it.</summary>
    /// <param name="generated">The key the grain drew at random (<see cref="ApiKeys.Generate"/>).</param>
    public static Outcome<KeyToStore> IssueKey(
        Organisation? organisation, string id, int keys, IssueKey command, (string KeyId, string Secret) generated, Actor actor)
    {
        if (Permissions.RequireRole(actor, "issue API keys", Role.Admin) is { } denied) return Outcome<KeyToStore>.Forbidden(denied);
        if (organisation is null) return Refusal.NotFound<KeyToStore>(Unknown.Organisation(id));
        if (keys >= MaxKeys)
            return Outcome<KeyToStore>.Rejected("input.keys", $"an organisation holds at most {MaxKeys} keys; revoke old ones first");
        return Outcome<KeyToStore>.Ok(new(generated.KeyId, ApiKeys.Hash(generated.Secret), command.Label));
    }

    /// <summary>Importing a key given as a token (the bootstrap and demo keys): the silo's own act, so no actor.</summary>
    public static Outcome<KeyToStore> ImportKey(Organisation? organisation, string id, string token, string? label)
    {
        if (organisation is null) return Refusal.NotFound<KeyToStore>(Unknown.Organisation(id));
        if (!ApiKeys.TryParse(token, out var keyId, out var secret))
            return Outcome<KeyToStore>.Rejected("input.key",
                $"a key looks like {ApiKeys.Prefix}<12 hex digits>_<secret of at least 20 characters>");
        return Outcome<KeyToStore>.Ok(new(keyId, ApiKeys.Hash(secret), label));
    }

    /// <summary>A freshly drawn key id that another key already has (astronomically rare).</summary>
    public static Violation KeyIdCollision() => new("key.exists", "key id collision; issue again");

    /// <summary>A key id stored for one organisation cannot be stored for another.</summary>
    public static Violation KeyOfAnother(string keyId) => new("key.exists", $"key {keyId} belongs to another organisation");

    public static Outcome<bool> ListKeys(Organisation? organisation, string id, Actor actor)
    {
        if (RegistryPermissions.ManageKeys(actor, id, "list") is { } denied) return Outcome<bool>.Forbidden(denied);
        return organisation is null ? Refusal.NotFound<bool>(Unknown.Organisation(id)) : Outcome<bool>.Ok(true);
    }

    /// <summary>Answers with the key id to revoke in its one spelling (<see cref="ApiKeys.TryNormaliseKeyId"/>).</summary>
    public static Outcome<string> RevokeKey(IReadOnlyList<string> keyIds, string id, string keyId, Actor actor)
    {
        if (RegistryPermissions.ManageKeys(actor, id, "revoke") is { } denied) return Outcome<string>.Forbidden(denied);
        var normalised = ApiKeys.TryNormaliseKeyId(keyId, out var lower) ? lower : keyId;
        return keyIds.Contains(normalised) ? Outcome<string>.Ok(normalised)
            : Refusal.NotFound<string>(new("key.unknown", $"organisation {id} has no key {keyId}"));
    }

    /// <summary>The key grain's own rule: a key id is written once, in its one spelling; the same organisation and
    /// secret again is a retry (answered as done), anything else is refused.</summary>
    public static Outcome<Change<string>> CreateKey(string? holder, string storedHash, string keyId, string organisation, string secretHash)
    {
        if (!ApiKeys.IsCanonicalKeyId(keyId))
            return Outcome<Change<string>>.Rejected("input.key-id",
                $"'{keyId}' is not a key id in its one spelling ({ApiKeys.KeyIdLength} lower-case hex digits)");
        if (holder is null) return Change<string>.New(organisation);
        return holder == organisation && storedHash == secretHash
            ? Change<string>.Replay(holder)
            : Refusal.Conflict<Change<string>>(KeyOfAnother(keyId));
    }
}

/// <summary>Permission rules of the registry that <see cref="Permissions"/> does not hold.</summary>
public static class RegistryPermissions
{
    /// <summary>An organisation lists and revokes its own keys; an administrator anyone's.</summary>
    public static Violation? ManageKeys(Actor actor, string organisation, string action) =>
        actor.Has(Role.Admin) || actor.Organisation == organisation ? null
            : new(Permissions.Rule, $"{actor.Organisation} may not {action} the keys of {organisation}");
}
