using Nguon.Domain.Organisations;
using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Limits;

/// <summary>Audit retention and the day cap on the real PostgreSQL store: days older than the retention (90 days) are
/// deleted — every shard and sealed page, rows and all — when a new day begins; an organisation's day keeps at most its
/// cap; an entry for a day past the retention is not stored. Days are chosen around today: the shards check their day
/// against the silo's clock, and a new day expires the days the retention no longer covers from it.</summary>
[Collection(LimitsClusterCollection.Name)]
public sealed class AuditRetentionTests(LimitsClusterFixture fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private static readonly Actor Inspector = new("inspector", [Role.Inspector]);

    [Fact]
    public async Task Days_past_the_retention_are_deleted_when_a_new_day_begins()
    {
        var org = $"org-{Guid.NewGuid():N}"[..16];
        var first = AuditRules.Day(Now.AddDays(-89));
        // 150 entries in one shard: a sealed page and an open one.
        await Append(org, first, shard: 0, count: 150);
        await Append(org, first, shard: 5, count: 3);
        var kept = AuditRules.Day(Now.AddDays(-60));
        await Append(org, kept, shard: 1, count: 2);
        Assert.Equal(3, (await fixture.Rows($"~audit/{org}/{first}/")).Rows + (await fixture.Rows($"~audit-page/{org}/{first}/")).Rows);

        // Two days on, the first day is 91 days old.
        var today = AuditRules.Day(Now.AddDays(2));
        await Append(org, today, shard: 2, count: 1);

        Assert.Equal((0, 0), await fixture.Rows($"~audit/{org}/{first}/"));
        Assert.Equal((0, 0), await fixture.Rows($"~audit-page/{org}/{first}/"));
        Assert.Equal(1, (await fixture.Rows($"~audit/{org}/{kept}/")).Rows);
        Assert.Equal([kept, today], await fixture.Grains.GetGrain<IAuditDaysGrain>(org).Days());
        Assert.Empty(await Read(org, first));
        Assert.Equal(2, (await Read(org, kept)).Count);
    }

    [Fact]
    public async Task An_entry_for_a_day_past_the_retention_is_not_stored()
    {
        var org = $"org-{Guid.NewGuid():N}"[..16];
        var old = AuditRules.Day(Now.AddDays(-91));
        await Append(org, old, shard: 0, count: 1);
        Assert.Equal((0, 0), await fixture.Rows($"~audit/{org}/"));
        Assert.Equal((0, 0), await fixture.Rows($"~audit-days/{org}"));
    }

    [Fact]
    public async Task An_organisation_s_day_keeps_at_most_its_cap_and_its_rows_stay_small()
    {
        var org = $"org-{Guid.NewGuid():N}"[..16];
        var day = AuditRules.Day(Now);
        var perShard = AuditRules.EntriesPerShard(LimitsClusterFixture.MaxEntriesPerDay);
        await Append(org, day, shard: 3, count: perShard + 40, path: "/api/" + new string('p', AuditRules.MaxPathLength));
        Assert.Equal(perShard, (await Read(org, day)).Count);
        var (rows, bytes) = await fixture.Rows($"~audit/{org}/{day}/3");
        Assert.Equal(1, rows);
        Assert.True(bytes < AuditRules.PageSize * 1024, $"the shard's row holds {bytes} bytes");
    }

    /// <summary>Appends one at a time, in order, as the audit middleware does for a sequence of requests.</summary>
    private async Task Append(string org, string day, int shard, int count, string path = "/api/batches/B-1/events")
    {
        var grain = fixture.Grains.GetGrain<IAuditLogGrain>(AuditRules.Key(org, day, shard));
        for (var i = 0; i < count; i++)
            await grain.Append(new AuditEntry(DateTimeOffset.UtcNow, org, "key", "POST", path, 201, null));
    }

    private async Task<IReadOnlyList<AuditEntry>> Read(string org, string day)
    {
        var shards = await Task.WhenAll(AuditRules.ShardKeys(org, day).Select(k => fixture.Grains.GetGrain<IAuditLogGrain>(k).Read(Inspector)));
        return [.. shards.SelectMany(s => Scenario.Ok(s))];
    }
}
