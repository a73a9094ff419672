using Microsoft.Extensions.Options;

namespace Nguon.Silo.Alerts;

/// <summary>Nguon:Alerts — how soon the alert rules see new writes, and how often every GI's current season is judged.</summary>
public sealed class AlertOptions
{
    public const string Section = "Nguon:Alerts";
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxInterval = TimeSpan.FromHours(1);

    /// <summary>Between two passes over the seasons the read model changed in (and two flushes of the scan-miss counts).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Between two evaluations of every GI's current season, changed or not (lots in transit grow late by themselves).</summary>
    public TimeSpan Schedule { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions o) => Hosting.LimitChecks.Result(
        Hosting.LimitChecks.Range(AlertOptions.Section, "Interval", o.Interval, AlertOptions.MinInterval, AlertOptions.MaxInterval),
        Hosting.LimitChecks.Range(AlertOptions.Section, "Schedule", o.Schedule, AlertOptions.MinInterval, TimeSpan.FromDays(1)));
}
