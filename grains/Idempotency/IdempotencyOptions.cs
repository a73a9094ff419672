namespace Nguon.Idempotency;

/// <summary>The "Nguon:Idempotency" configuration section: how long an idempotency key's answer is replayed (the IETF
/// draft's key expiry) and how often expired records are deleted from storage.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Nguon:Idempotency";
    public static readonly TimeSpan MinRetention = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxRetention = TimeSpan.FromDays(30);
    public static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxSweepInterval = TimeSpan.FromDays(1);

    /// <summary>How long an answer is replayed; after that the key is new again and its record is deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each silo deletes the stored records older than <see cref="Retention"/>.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
