using Microsoft.Extensions.Options;

namespace Nguon.Silo.ReadModel;

/// <summary>Nguon:ReadModel — how often each silo sweeps for records behind their grains.</summary>
public sealed class ReadModelOptions
{
    public const string Section = "Nguon:ReadModel";
    public static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxSweepInterval = TimeSpan.FromHours(1);

    /// <summary>Between two sweeps of this silo (the first runs at start): the longest a record a silo failed to project
    /// (it died between the grain write and the projection, or the database refused the projection) stays behind.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class ReadModelOptionsValidator : IValidateOptions<ReadModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ReadModelOptions o) => Hosting.LimitChecks.Result(
        Hosting.LimitChecks.Range(ReadModelOptions.Section, "SweepInterval", o.SweepInterval, ReadModelOptions.MinSweepInterval,
            ReadModelOptions.MaxSweepInterval));
}
