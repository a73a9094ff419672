using Microsoft.Extensions.Options;

namespace Nguon.Silo.ReadModel;

/// <summary>Nguon:ReadModel — how often each silo sweeps for records behind their grains, and projects new events into the
/// EPCIS repository.</summary>
public sealed class ReadModelOptions
{
    public const string Section = "Nguon:ReadModel";
    public static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxSweepInterval = TimeSpan.FromHours(1);

    /// <summary>Between two sweeps of this silo (the first runs at start): the longest a record a silo failed to project
    /// (it died between the grain write and the projection, or the database refused the projection) stays behind.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MinEpcisInterval = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan MaxEpcisInterval = TimeSpan.FromMinutes(1);
    public const int MaxEpcisBatch = 5_000;

    /// <summary>Between two passes of the EPCIS projection (Epcis/EpcisProjector) while nothing is pending: about the
    /// longest a new Nguon event takes to appear in GET /epcis/events.</summary>
    public TimeSpan EpcisInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The events one pass takes (a full pass is followed by another at once).</summary>
    public int EpcisBatch { get; set; } = 500;
}

public sealed class ReadModelOptionsValidator : IValidateOptions<ReadModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ReadModelOptions o) => Hosting.LimitChecks.Result(
        Hosting.LimitChecks.Range(ReadModelOptions.Section, "SweepInterval", o.SweepInterval, ReadModelOptions.MinSweepInterval,
            ReadModelOptions.MaxSweepInterval),
        Hosting.LimitChecks.Range(ReadModelOptions.Section, "EpcisInterval", o.EpcisInterval, ReadModelOptions.MinEpcisInterval,
            ReadModelOptions.MaxEpcisInterval),
        Hosting.LimitChecks.Range(ReadModelOptions.Section, "EpcisBatch", o.EpcisBatch, 1, ReadModelOptions.MaxEpcisBatch));
}
