using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Model;
using Nguon.Silo.ReadModel;
using Nguon.Tests.Infrastructure;
using Nguon.Tests.Keys;
using Orleans.TestingHost;

namespace Nguon.Tests.ReadModel;

/// <summary>The read model on the real stores (a SQLite file, the suite's PostgreSQL): written with every grain write,
/// equal to the grains field by field, brought back by the sweep when a projection is lost or stale, rebuilt from
/// nothing with a report, and never taken back by an older projection.</summary>
public abstract class ReadModelStorageTests<TFixture>(TFixture fixture) where TFixture : AdoNetClusterFixture
{
    private IServiceProvider Silo => ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider;
    private ReadModelSql Sql => Silo.GetRequiredService<ReadModelSql>();
    private ReadModelRepair Repair => Silo.GetRequiredService<ReadModelRepair>();

    private static readonly string[] Chain = ["h1", "h2", "packed", "export", "retail"];

    private async Task<List<BatchNode>> Nodes(Scenario s) =>
        [.. (await Task.WhenAll(Chain.Select(c => s.Batch(c).GetNode()))).Select(n => n!)];

    [Fact]
    public async Task Every_write_is_in_the_read_model_as_its_grain_has_it_when_the_call_returns()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        Assert.Empty(await ReadModelCheck.Differences(Sql, await Nodes(s)));

        // Farms reached: the retail lot holds fruit of both farms, through the merge and the split.
        var farms = await Strings($"SELECT farm FROM rm_batch_farms WHERE service_id = @s AND batch = '{s.Id("retail")}' ORDER BY farm");
        Assert.Equal([s.Id("farm-a"), s.Id("farm-b")], farms);
        var lineage = await Strings($"SELECT parent FROM rm_lineage WHERE service_id = @s AND child = '{s.Id("packed")}' ORDER BY parent");
        Assert.Equal([s.Id("h1"), s.Id("h2")], lineage);
        var authorised = await Strings($"SELECT gi FROM rm_authorisations WHERE service_id = @s AND farm = '{s.Id("farm-a")}'");
        Assert.Equal([s.Gi], authorised);
    }

    [Fact]
    public async Task The_sweep_brings_back_a_lost_projection_and_a_stale_one()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        await Execute($"DELETE FROM rm_batches WHERE service_id = @s AND code = '{s.Id("h1")}'");
        await Execute($"DELETE FROM rm_events WHERE service_id = @s AND batch = '{s.Id("h1")}'");
        // As a projection that never arrived leaves it: an older version, with what that version said.
        await Execute($"UPDATE rm_batches SET version = version - 1, custodian = 'someone-else' WHERE service_id = @s AND code = '{s.Id("export")}'");
        Assert.Equal(2, (await ReadModelCheck.Differences(Sql, await Nodes(s))).Count);

        var report = await Repair.Sweep();

        var batches = report.Kinds.Single(k => k.Kind == "batches");
        Assert.True(batches.Missing >= 1 && batches.Different >= 1, $"the sweep reported {batches}");
        Assert.Empty(await ReadModelCheck.Differences(Sql, await Nodes(s)));
        Assert.Equal(0, (await Repair.Sweep()).Kinds.Single(k => k.Kind == "batches").Checked);
    }

    [Fact]
    public async Task A_rebuild_restores_an_emptied_read_model_and_reports_each_difference()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var importer = s.Id("importer");
        Scenario.Ok(await fixture.Grains.GetGrain<IOrganisationGrain>(importer)
            .Register(new RegisterOrganisation(importer, [Role.Operator], Country: "JP"), Actor.System));
        Scenario.Ok(await s.Batch("export").RecordEvent(
            new RecordEvent("shipping", Scenario.At(6, 12), Destination: importer, Disposition: "in_transit"), s.Producer));
        var shipped = $"""
            SELECT destination FROM rm_batch_destinations WHERE service_id = @s AND batch = '{s.Id("export")}' ORDER BY destination
            """;
        Assert.Equal(["JP", importer], await Strings(shipped));
        foreach (var table in new[] { "rm_batches", "rm_events", "rm_lineage", "rm_batch_farms", "rm_batch_holders", "rm_farms",
                     "rm_authorisations", "rm_certificates", "rm_batch_destinations" })
            await Execute($"DELETE FROM {table} WHERE service_id = @s");
        await Execute("""
            INSERT INTO rm_organisations (service_id, id, name, roles, registered_at, version, projected_at)
            VALUES (@s, 'nobody-registered-this', 'x', 'admin', '2026-01-01', 1, '2026-01-01')
            """);

        var report = await Repair.Rebuild();

        Assert.True(report.Kinds.Single(k => k.Kind == "batches").Missing >= Chain.Length);
        Assert.True(report.Kinds.Single(k => k.Kind == "farms").Missing >= 2);
        Assert.True(report.Kinds.Single(k => k.Kind == "certificates").Missing >= 1);
        Assert.Equal(1, report.Kinds.Single(k => k.Kind == "organisations").Extra);
        Assert.Empty(await ReadModelCheck.Differences(Sql, await Nodes(s)));
        Assert.Equal([s.Id("farm-a"), s.Id("farm-b")],
            await Strings($"SELECT farm FROM rm_batch_farms WHERE service_id = @s AND batch = '{s.Id("retail")}' ORDER BY farm"));
        Assert.Equal(["JP", importer], await Strings(shipped));
        Assert.Equal(0, (await Repair.Rebuild()).Fixed);
    }

    [Fact]
    public async Task A_rebuild_finds_an_edited_event_row_and_writes_it_back()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        await Execute($"UPDATE rm_events SET actor = 'forger' WHERE service_id = @s AND batch = '{s.Id("h2")}' AND sequence = 1");

        var report = await Repair.Rebuild();

        Assert.True(report.Kinds.Single(k => k.Kind == "batches").Different >= 1);
        Assert.Empty(await ReadModelCheck.Differences(Sql, await Nodes(s)));
    }

    [Fact]
    public async Task An_older_projection_arriving_late_changes_nothing()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var node = (await s.Batch("export").GetNode())!;
        var version = (await Stored(s.Id("export"))).Version;
        var store = Silo.GetRequiredService<ReadModelStore>();
        var stale = Projections.Whole(node with { Batch = node.Batch with { Custodian = "stale" } }, version - 1) with { Whole = false };

        await store.Apply([stale], DateTimeOffset.UtcNow);
        await store.Apply([stale with { Whole = true }], DateTimeOffset.UtcNow);

        Assert.Equal(node.Batch.Custodian, ((BatchProjection)await Stored(s.Id("export"))).Row.Custodian);
        Assert.Empty(await ReadModelCheck.Differences(Sql, [node]));
    }

    [Fact]
    public async Task A_projection_that_cannot_continue_what_is_stored_changes_nothing_and_is_behind_until_a_sweep()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var node = (await s.Batch("export").GetNode())!;
        var version = (await Stored(s.Id("export"))).Version;
        var writer = Silo.GetRequiredService<ReadModelWriter>();
        // As a write after a failed projection sends it: the events after the one that never arrived, at a newer version.
        var later = node.Batch with { Custodian = "after-a-gap", EventCount = node.Batch.EventCount + 2 };
        var whole = Projections.Whole(node with { Batch = later }, version + 1);
        var gap = whole with { Whole = false, Events = [whole.Events[^1] with { Sequence = node.Batch.EventCount + 2 }] };
        var fresh = whole with { Whole = false, Row = whole.Row with { Code = s.Id("never-created") }, Events = [] };

        Assert.Equal(new[] { false, false }, await Silo.GetRequiredService<ReadModelStore>().Apply([gap, fresh], DateTimeOffset.UtcNow));
        Assert.False(await writer.Submit(gap));

        Assert.Empty(await ReadModelCheck.Differences(Sql, [node]));
        Assert.Empty(await Strings($"SELECT code FROM rm_batches WHERE service_id = @s AND code = '{s.Id("never-created")}'"));
        Assert.Contains(writer.Behind, b => b.Key == (ReadKind.Batch, s.Id("export")));
        await Repair.Sweep();
        Assert.DoesNotContain(writer.Behind, b => b.Key == (ReadKind.Batch, s.Id("export")));
    }

    [Fact]
    public async Task A_split_child_re_pointed_by_its_retried_split_is_in_the_read_model_as_it_now_stands()
    {
        var s = await new Scenario(fixture.Grains).WithCertificate();
        await s.AuthorisedFarm("farm-a");
        var parent = await s.Harvest("farm-a", "h1", 1000m);
        // The split's first attempt created the child (as a silo killed mid-split leaves it); the retry re-seals the child's
        // first event over the split event that now stands.
        var (split, op) = await s.SplitThatDiedAfterItsFirstChild(parent);
        var before = (await s.Batch("c1").GetNode())!;

        Scenario.Ok(await s.Batch("h1").Split(split, s.Producer, op));

        var after = (await s.Batch("c1").GetNode())!;
        Assert.NotEqual(before.Events[0].Hash, after.Events[0].Hash);
        Assert.Empty(await ReadModelCheck.Differences(Sql, [after, (await s.Batch("c2").GetNode())!, (await s.Batch("h1").GetNode())!]));
    }

    private async Task<Projection> Stored(string code) => (await new StoredProjections(Sql).Read(ReadKind.Batch, [code]))[code];

    private async Task Execute(string text)
    {
        await using var connection = await Sql.Open();
        await using var command = Sql.Command(connection, text);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> Strings(string text)
    {
        await using var connection = await Sql.Open();
        await using var command = Sql.Command(connection, text);
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync()) values.Add(reader.GetString(0));
        return values;
    }
}

public sealed class SqliteReadModelStorageTests(SqliteClusterFixture fixture)
    : ReadModelStorageTests<SqliteClusterFixture>(fixture), IClassFixture<SqliteClusterFixture>;

public sealed class PostgresReadModelStorageTests(PostgresKeysClusterFixture fixture)
    : ReadModelStorageTests<PostgresKeysClusterFixture>(fixture), IClassFixture<PostgresKeysClusterFixture>;
