using System.Globalization;
using Microsoft.Extensions.Options;
using Nguon.Idempotency;
using Nguon.Organisations;

namespace Nguon.Silo.Hosting;

/// <summary>The limits' settings (audit retention, idempotency expiry, rate limits), each within a range that keeps
/// the silo bounded and working; a value outside stops it with one line naming the setting.</summary>
public sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions o) => LimitChecks.Result(
        LimitChecks.Range(AuditOptions.Section, "RetentionDays", o.RetentionDays, 1, AuditOptions.MaxRetentionDays),
        LimitChecks.Range(AuditOptions.Section, "MaxEntriesPerDay", o.MaxEntriesPerDay, AuditOptions.MinEntriesPerDay,
            AuditOptions.MaxEntriesPerDayLimit));
}

public sealed class IdempotencyOptionsValidator : IValidateOptions<IdempotencyOptions>
{
    public ValidateOptionsResult Validate(string? name, IdempotencyOptions o) => LimitChecks.Result(
        LimitChecks.Range(IdempotencyOptions.Section, "Retention", o.Retention, IdempotencyOptions.MinRetention,
            IdempotencyOptions.MaxRetention),
        LimitChecks.Range(IdempotencyOptions.Section, "SweepInterval", o.SweepInterval, IdempotencyOptions.MinSweepInterval,
            IdempotencyOptions.MaxSweepInterval));
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions o) => LimitChecks.Result(
        LimitChecks.Range(RateLimitOptions.Section, "KeyBurst", o.KeyBurst, 1, RateLimitOptions.MaxBurst),
        LimitChecks.Range(RateLimitOptions.Section, "KeyPerSecond", o.KeyPerSecond, 1, RateLimitOptions.MaxPerSecond),
        LimitChecks.Range(RateLimitOptions.Section, "AddressBurst", o.AddressBurst, 1, RateLimitOptions.MaxBurst),
        LimitChecks.Range(RateLimitOptions.Section, "AddressPerSecond", o.AddressPerSecond, 1, RateLimitOptions.MaxPerSecond));
}

internal static class LimitChecks
{
    public static string? Range(string section, string setting, int value, int min, int max) =>
        value >= min && value <= max ? null
            : string.Create(CultureInfo.InvariantCulture, $"{section}:{setting} must be between {min:N0} and {max:N0} (got {value})");

    public static string? Range(string section, string setting, TimeSpan value, TimeSpan min, TimeSpan max) =>
        value >= min && value <= max ? null : $"{section}:{setting} must be between {min:c} and {max:c} (got {value:c})";

    public static ValidateOptionsResult Result(params string?[] failures) =>
        failures.OfType<string>().ToList() is { Count: > 0 } failed ? ValidateOptionsResult.Fail(failed) : ValidateOptionsResult.Success;
}
