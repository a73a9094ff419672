using Nguon.Model;

namespace Nguon;

/// <summary>An organisation (keyed by its id) with its roles and the ids of its API keys.</summary>
[Alias("nguon.IOrganisationGrain")]
public interface IOrganisationGrain : IGrainWithStringKey
{
    /// <summary>Public: the organisation's directory entry (name, roles, commune, country), never its keys.</summary>
    [Alias("Get")] Task<Organisation?> Get();
    [Alias("Register")] Task<Outcome<Organisation>> Register(RegisterOrganisation command, Actor actor, string? operationId = null);
    [Alias("IssueKey")] Task<Outcome<IssuedKey>> IssueKey(IssueKey command, Actor actor);
    /// <summary>Registers a key whose token was chosen outside (the configured bootstrap key).</summary>
    [Alias("ImportKey")] Task<Outcome<ApiKeyInfo>> ImportKey(string token, string? label);
    [Alias("ListKeys")] Task<Outcome<IReadOnlyList<ApiKeyInfo>>> ListKeys(Actor actor);
    [Alias("RevokeKey")] Task<Outcome<ApiKeyInfo>> RevokeKey(string keyId, Actor actor);
}

/// <summary>One API key, keyed by its public key id; holds the SHA-256 of the secret, never the secret.</summary>
[Alias("nguon.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    /// <summary>The actor the token stands for, or null when the secret is wrong or the key revoked.</summary>
    [Alias("Authenticate")] Task<Actor?> Authenticate(string secretHash);
    [Alias("Create")] Task<bool> Create(string organisation, string secretHash, string? label);
    /// <summary>Internal: the key as listed; its organisation's grain calls it after checking the reader.</summary>
    [Alias("Get")] Task<ApiKeyInfo?> Get();
    [Alias("Revoke")] Task<ApiKeyInfo?> Revoke();
}

/// <summary>One shard of an organisation's audit trail for a day, keyed "{organisation}/{yyyy-MM-dd}/{shard}";
/// older entries are sealed into pages so each write stays small.</summary>
[Alias("nguon.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    [Alias("Append")] Task Append(AuditEntry entry);
    /// <summary>Internal: the entries a silo's audit group commit gathered for this shard, in one write.</summary>
    [Alias("AppendMany")] Task AppendMany(IReadOnlyList<AuditEntry> entries);
    /// <summary>The shard's entries, oldest first, for whoever may read the organisation's trail
    /// (Domain/Permissions.ReadAudit).</summary>
    [Alias("Read")] Task<Outcome<IReadOnlyList<AuditEntry>>> Read(Actor reader);
    /// <summary>Internal: deletes the shard and its sealed pages (its day is past the retention).</summary>
    [Alias("Purge")] Task Purge();
}

/// <summary>Internal: the days (UTC) an organisation's audit trail holds, keyed by the organisation: a shard's first entry
/// of a day adds its day, and adding a day deletes the days past the retention (Nguon:Audit:RetentionDays).</summary>
[Alias("nguon.IAuditDaysGrain")]
public interface IAuditDaysGrain : IGrainWithStringKey
{
    [Alias("Add")] Task Add(string day);
    [Alias("Days")] Task<IReadOnlyList<string>> Days();
}

/// <summary>A sealed page of an audit shard. Internal: only its shard reads it, for a reader the shard has checked.</summary>
[Alias("nguon.IAuditPageGrain")]
public interface IAuditPageGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<IReadOnlyList<AuditEntry>> Get();
    [Alias("Seal")] Task Seal(IReadOnlyList<AuditEntry> entries);
    [Alias("Clear")] Task Clear();
}

/// <summary>The label index: "{GTIN-14}/{lot}" → the batch that carries that label. Public: the label itself
/// names the lot.</summary>
[Alias("nguon.ILabelGrain")]
public interface ILabelGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<string?> Get();
    /// <summary>True when the label now names <paramref name="batchCode"/> (idempotent); false when another batch
    /// has it.</summary>
    [Alias("Claim")] Task<bool> Claim(string batchCode);
    [Alias("Release")] Task Release(string batchCode);
}

/// <summary>A batch-code space, keyed by the space in its one spelling (upper case): which organisation holds it.</summary>
[Alias("nguon.ICodeSpaceGrain")]
public interface ICodeSpaceGrain : IGrainWithStringKey
{
    [Alias("Holder")] Task<string?> Holder();
    /// <summary>Internal (the organisation's registration): true when the space is now held by
    /// <paramref name="organisation"/> (idempotent); false when another organisation holds it or the key is not a code space.</summary>
    [Alias("Claim")] Task<bool> Claim(string organisation);
}
