namespace Nguon.Organisations;

/// <summary>The "Nguon:Audit" configuration section: how long an organisation's audit trail is kept and how much of one
/// day is kept, so every audit grain's state stays bounded (the ADO.NET provider rewrites a grain's whole row).</summary>
public sealed class AuditOptions
{
    public const string Section = "Nguon:Audit";
    public const int MaxRetentionDays = 3650;
    public const int MinEntriesPerDay = Domain.Organisations.AuditRules.Shards * Domain.Organisations.AuditRules.PageSize;
    public const int MaxEntriesPerDayLimit = 1_000_000;

    /// <summary>Days an organisation's trail is kept (UTC days); older days are deleted when a new day begins.</summary>
    public int RetentionDays { get; set; } = 90;

    /// <summary>Entries kept for one organisation's day; later ones that day are counted (nguon.audit.dropped), not stored.</summary>
    public int MaxEntriesPerDay { get; set; } = 40_000;
}
