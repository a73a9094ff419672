namespace Nguon.Model;

/// <summary>What an organisation may do. An organisation can hold several roles (a cooperative may grow and pack).</summary>
public enum Role
{
    /// <summary>Manages organisations and API keys.</summary>
    Admin = 0,
    /// <summary>The GI authority: issues, suspends and revokes certificates; authorises farms.</summary>
    Authority = 1,
    /// <summary>Registers its farms and records their harvests.</summary>
    Producer = 2,
    /// <summary>Packer, exporter or importer: works on batches in its custody.</summary>
    Operator = 3,
    /// <summary>Reads everything, flags and recalls batches.</summary>
    Inspector = 4,
    /// <summary>Verifies labels; works on the retail batches in its custody.</summary>
    Retailer = 5,
}

/// <param name="CodeSpace">The batch-code space the organisation holds (2–12 letters and digits, unique in Nguon):
/// every batch code it creates starts with "{CodeSpace}-", and no other organisation may create one that does.</param>
[GenerateSerializer, Alias("nguon.RegisterOrganisation")]
public sealed record RegisterOrganisation(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<Role> Roles,
    [property: Id(2)] string? Commune = null,
    [property: Id(3)] string? Country = null,
    [property: Id(4)] string? CodeSpace = null);

[GenerateSerializer, Alias("nguon.Organisation")]
public sealed record Organisation(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] IReadOnlyList<Role> Roles,
    [property: Id(3)] string? Commune,
    [property: Id(4)] string? Country,
    [property: Id(5)] DateTimeOffset RegisteredAt,
    [property: Id(6)] string? CodeSpace = null);

/// <summary>An API key as listed: never its secret, which is shown once when issued and stored only as a hash.</summary>
[GenerateSerializer, Alias("nguon.ApiKeyInfo")]
public sealed record ApiKeyInfo(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string Organisation,
    [property: Id(2)] string? Label,
    [property: Id(3)] DateTimeOffset CreatedAt,
    [property: Id(4)] DateTimeOffset? RevokedAt);

[GenerateSerializer, Alias("nguon.IssueKey")]
public sealed record IssueKey([property: Id(0)] string? Label = null);

/// <summary>A newly issued key: <see cref="Token"/> is shown this once.</summary>
[GenerateSerializer, Alias("nguon.IssuedKey")]
public sealed record IssuedKey([property: Id(0)] ApiKeyInfo Key, [property: Id(1)] string Token);

/// <summary>One line of the audit trail: who did what, and how it ended.</summary>
[GenerateSerializer, Alias("nguon.AuditEntry")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Organisation,
    [property: Id(2)] string? KeyId,
    [property: Id(3)] string Method,
    [property: Id(4)] string Path,
    [property: Id(5)] int Status,
    [property: Id(6)] string? TraceId);
