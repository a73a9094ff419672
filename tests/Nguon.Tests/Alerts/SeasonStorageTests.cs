using Microsoft.Extensions.DependencyInjection;
using Nguon.Domain.Alerts;
using Nguon.Model;
using Nguon.Silo.Alerts;
using Nguon.Silo.Ledger;
using Nguon.Tests.Infrastructure;
using Nguon.Tests.Keys;
using Orleans.TestingHost;

namespace Nguon.Tests.Alerts;

/// <summary>The season ledger and the alert store on each real store (SQLite and PostgreSQL), behind grains written
/// through a TestingHost silo: the ledger reads what the grains wrote and adds up; raising the same findings at once
/// from two evaluations stores each alert once; two people changing one alert at once, one wins and one is told.</summary>
public abstract class SeasonStorageTests<TFixture>(TFixture fixture) where TFixture : AdoNetClusterFixture
{
    private IServiceProvider Silo => ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider;

    [Fact]
    public async Task The_ledger_of_a_chain_written_through_the_grains_adds_up()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var ledger = Scenario.Ok(await Silo.GetRequiredService<SeasonReports>().Ledger(s.Inspector, s.Gi, "2026", default));
        Assert.Equal(1600m, ledger.Balance.HarvestedKg);
        Assert.Equal(100m, ledger.Balance.UnpackedKg);
        Assert.Equal(1500m, ledger.Balance.PackedKg);
        Assert.Equal(0m, ledger.Balance.UnaccountedKg);
        Assert.Equal([s.Id("farm-a"), s.Id("farm-b")], ledger.FarmLines.Select(f => f.Farm));
        Assert.Equal(20_000m, ledger.Farms.CapacityKg);
        var other = await Silo.GetRequiredService<SeasonReports>().Ledger(new Actor("someone", [Role.Operator]), s.Gi, "2026", default);
        Assert.Equal(OutcomeStatus.Forbidden, other.Status);
    }

    [Fact]
    public async Task A_snapshot_given_the_lots_written_since_reads_what_a_whole_read_reads()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var queries = Silo.GetRequiredService<SeasonQueries>();
        var step = BizStep.Fumigating.Value;
        Task<SeasonQueries.SeasonRows> Read(IReadOnlyCollection<string>? only) => queries.Read(s.Gi, "2026", 10_000m, step, only, default);
        var readAt = DateTimeOffset.UtcNow;
        var snapshot = new SeasonSnapshot(await Read(null), readAt);

        // After the snapshot: a new harvest merged with the rest of an old one into a new lot (lots new and changed, edges, a
        // harvest fact), a shipment received.
        await s.Harvest("farm-b", "h3", 800m);
        Scenario.Ok(await s.Batch("packed2").Combine(new CombineBatches(s.Id("packed2"), Scenario.At(6, 12, 12),
            [new(s.Id("h3"), new(800m, "kg")), new(s.Id("h2"), new(100m, "kg"))]), s.Producer));
        var retailer = await s.Organisation(s.Id("shop"), Role.Retailer);
        await s.ShipAndReceive("retail", s.Producer, retailer, Scenario.At(6, 12, 8));

        var changed = await queries.ChangedLots(s.Gi, "2026", readAt - AlertEvaluator.Margin, default);
        Assert.Superset(new HashSet<string> { s.Id("h2"), s.Id("h3"), s.Id("packed2"), s.Id("retail") }, changed.ToHashSet());
        Assert.DoesNotContain(changed, c => !c.EndsWith(s.Suffix, StringComparison.Ordinal)); // only this season's lots
        snapshot.Apply(changed, await Read(changed), DateTimeOffset.UtcNow);

        var (refreshed, whole) = (snapshot.Rows(10_000m), await Read(null));
        Assert.Equal(7, whole.Input.Lots.Count);
        Assert.Equal(0m, whole.Input.Lots.Single(l => l.Code == s.Id("h2")).Remaining);
        Assert.Single(whole.Shipments, m => m.Lot == s.Id("retail") && m.ReceivedAt is not null);
        Assert.Equal(Sorted(whole.Input.Lots), Sorted(refreshed.Input.Lots));
        Assert.Equal(Sorted(whole.Input.Edges), Sorted(refreshed.Input.Edges));
        Assert.Equal(Sorted(whole.Harvests), Sorted(refreshed.Harvests));
        Assert.Equal(Sorted(whole.Treatments), Sorted(refreshed.Treatments));
        Assert.Equal(Sorted(whole.Shipments), Sorted(refreshed.Shipments));
        Assert.Equal(Sorted(whole.Input.Farms), Sorted(refreshed.Input.Farms));
    }

    private static List<string> Sorted<T>(IEnumerable<T> rows) =>
        [.. rows.Select(r => System.Text.Json.JsonSerializer.Serialize(r)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Raising_at_once_stores_each_alert_once_and_one_of_two_changes_at_once_wins()
    {
        var store = Silo.GetRequiredService<AlertStore>();
        var (gi, now) = ($"GI-{Guid.NewGuid():N}"[..20], DateTimeOffset.UtcNow);
        var findings = Enumerable.Range(0, 40).Select(i => new Finding(AlertRules.NearCap, $"FARM-{i:00}", $"farm {i} is near its cap",
            new AlertEvidence([], [$"FARM-{i:00}"], [], new Dictionary<string, decimal> { ["harvestedKg"] = 100 + i }))).ToList();
        var raised = await Task.WhenAll(store.Raise(gi, "2026", findings, now), store.Raise(gi, "2026", findings, now));
        Assert.True(raised.Sum(r => r.Raised.GetValueOrDefault(AlertRules.NearCap)) >= 40);
        var page = await store.List(new AlertFilter(gi, "2026", null, null), "", 500);
        Assert.Equal(40, page.Items.Count);
        Assert.Empty((await store.Raise(gi, "2026", findings, now)).Raised);
        var moved = findings[0] with
        {
            Evidence = findings[0].Evidence with { Figures = new Dictionary<string, decimal> { ["harvestedKg"] = 7 } },
        };
        Assert.Equal(1, (await store.Raise(gi, "2026", [moved], now.AddMinutes(1))).Updated);

        var seen = (await store.Get(page.Items[0].Id))!;
        var outcomes = await Task.WhenAll(
            store.Change(seen, new ChangeAlert(AlertState.Acknowledged, "first"), "inspector-a", now),
            store.Change(seen, new ChangeAlert(AlertState.Closed, "second"), "inspector-b", now));
        Assert.Single(outcomes, won => won);
        var after = (await store.Get(seen.Id))!;
        var change = Assert.Single(after.Changes);
        Assert.Equal(after.State, change.State);
        Assert.Equal(outcomes[0] ? "inspector-a" : "inspector-b", change.Actor);
    }
}

public sealed class SqliteSeasonStorageTests(SqliteClusterFixture fixture)
    : SeasonStorageTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;

public sealed class PostgresSeasonStorageTests(PostgresKeysClusterFixture fixture)
    : SeasonStorageTests<PostgresKeysClusterFixture>(fixture), IClassFixture<PostgresKeysClusterFixture>;
