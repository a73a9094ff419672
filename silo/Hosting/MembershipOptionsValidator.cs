using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Nguon.Silo.Hosting;

/// <summary>Membership timings (section Nguon:Membership, bound to Orleans' ClusterMembershipOptions): a timing of
/// zero or less, a count below one, or more death votes than probing silos would leave a dead silo never declared
/// dead, so they stop the silo instead.</summary>
public sealed class MembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public const string Section = "Nguon:Membership";

    private static readonly string[] Timings =
    [
        nameof(ClusterMembershipOptions.ProbeTimeout), nameof(ClusterMembershipOptions.TableRefreshTimeout),
        nameof(ClusterMembershipOptions.DeathVoteExpirationTimeout),
        nameof(ClusterMembershipOptions.IAmAliveTablePublishTimeout), nameof(ClusterMembershipOptions.MaxJoinAttemptTime),
    ];

    private static readonly string[] Counts =
    [
        nameof(ClusterMembershipOptions.NumMissedProbesLimit), nameof(ClusterMembershipOptions.NumProbedSilos),
        nameof(ClusterMembershipOptions.NumVotesForDeathDeclaration),
        nameof(ClusterMembershipOptions.NumMissedTableIAmAliveLimit),
    ];

    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        foreach (var timing in Timings)
            if (Value<TimeSpan>(options, timing) is var t && t <= TimeSpan.Zero)
                failures.Add($"{Section}:{timing} must be a positive duration such as 00:00:05 (got {t})");
        foreach (var count in Counts)
            if (Value<int>(options, count) is var n && n < 1)
                failures.Add($"{Section}:{count} must be at least 1 (got {n})");
        if (options.NumVotesForDeathDeclaration > options.NumProbedSilos)
            failures.Add($"{Section}:NumVotesForDeathDeclaration ({options.NumVotesForDeathDeclaration}) must not exceed "
                + $"{Section}:NumProbedSilos ({options.NumProbedSilos})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static T Value<T>(ClusterMembershipOptions options, string property) =>
        (T)typeof(ClusterMembershipOptions).GetProperty(property)!.GetValue(options)!;
}
