using Nguon.Domain.Organisations;

namespace Nguon.Tests.Domain;

/// <summary>The audit trail's layout and bounds as pure rules (<see cref="AuditRules"/>).</summary>
public sealed class AuditRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 11, 5, 30, 0, TimeSpan.FromHours(7)); // 2026-04-10 22:30 UTC

    [Theory]
    [InlineData("2026-04-10", false)]
    [InlineData("2026-01-10", false)] // exactly 90 days before: kept
    [InlineData("2026-01-09", true)]
    [InlineData("2025-12-31", true)]
    [InlineData("not-a-day", true)]
    public void A_day_older_than_the_retention_is_expired(string day, bool expired) =>
        Assert.Equal(expired, AuditRules.IsExpired(day, AuditRules.Today(Now), 90));

    [Fact]
    public void The_days_a_new_day_expires_are_listed_oldest_first()
    {
        Assert.Equal(["2025-12-01", "2026-01-09"], AuditRules.Expired(["2026-04-09", "2026-01-09", "2026-02-01", "2025-12-01"], "2026-04-10", 90));
        Assert.Empty(AuditRules.Expired(["2025-12-01"], "not-a-day", 90));
    }

    [Theory]
    [InlineData(40_000, 5_000)]
    [InlineData(800, 100)]
    [InlineData(1_000, 100)]
    [InlineData(10, 100)]
    public void A_shard_keeps_whole_pages_of_the_day_s_cap(int perDay, int perShard) =>
        Assert.Equal(perShard, AuditRules.EntriesPerShard(perDay));

    [Fact]
    public void Long_paths_and_methods_are_cut()
    {
        var path = "/api/batches/" + new string('A', 8_000);
        Assert.Equal(AuditRules.MaxPathLength, AuditRules.Cut(path, AuditRules.MaxPathLength).Length);
        Assert.EndsWith("...", AuditRules.Cut(path, AuditRules.MaxPathLength), StringComparison.Ordinal);
        Assert.Equal("/api/me", AuditRules.Cut("/api/me", AuditRules.MaxPathLength));
    }

    [Fact]
    public void A_shard_key_names_its_organisation_and_day()
    {
        Assert.Equal("ph-lucngan-01/2026-04-10/3", AuditRules.Key("ph-lucngan-01", "2026-04-10", 3));
        Assert.Equal(("ph-lucngan-01", "2026-04-10"), AuditRules.Parse("ph-lucngan-01/2026-04-10/3"));
        Assert.Equal(AuditRules.Shards, AuditRules.ShardKeys("o", "2026-04-10").Distinct().Count());
        Assert.Equal("2026-04-10", AuditRules.Day(Now));
    }
}
