using Nguon.Model;
using Nguon.Tests.Infrastructure;
using Npgsql;

namespace Nguon.Tests.Persistence;

/// <summary>Grain state on the real PostgreSQL: it survives restarts, concurrent writers lose nothing, and an
/// event edited in the database is caught by verification.</summary>
public sealed class PostgresStorageTests : IClassFixture<PostgresClusterFixture>
{
    private readonly PostgresClusterFixture fixture;

    public PostgresStorageTests(PostgresClusterFixture fixture) => this.fixture = fixture;

    [Fact]
    public async Task State_written_before_a_restart_reads_back_identically_after_it()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        var before = Scenario.Ok(await s.Trace.Backward(s.Id("retail"), s.Inspector));

        await fixture.RestartAsync();
        s = Rebind(s);

        var after = Scenario.Ok(await s.Trace.Backward(s.Id("retail"), s.Inspector));
        Assert.Equal(before.RootHash, after.RootHash);
        Assert.Equal(before.Batches.SelectMany(b => b.Events).Select(e => e.Hash), after.Batches.SelectMany(b => b.Events).Select(e => e.Hash));
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector)).Verdict);
        Assert.Equal(1000m, (await s.Grains.GetGrain<IFarmSeasonGrain>($"{s.Id("farm-a")}/2026").GetLedger()).HarvestedKg);
    }

    [Fact]
    public async Task Concurrent_writers_on_one_batch_lose_nothing_in_the_database()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        const int writers = 64;
        var results = await Task.WhenAll(Enumerable.Range(0, writers).Select(i =>
            s.Batch("export").RecordEvent(new RecordEvent("inspecting", Scenario.At(6, 12), EventId: $"w{i}"), s.Producer)));
        Assert.All(results, r => Assert.True(r.IsOk));

        await fixture.RestartAsync();
        s = Rebind(s);

        var node = (await s.Batch("export").GetNode())!;
        Assert.Equal(writers + 1, node.Events.Count);
        Assert.Equal(writers, node.Events.Count(e => e.EventId.StartsWith('w')));
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("export"), null, s.Inspector)).Verdict);
    }

    [Fact]
    public async Task An_event_edited_in_the_database_fails_verification_of_its_batch_and_every_descendant()
    {
        var s = await new Scenario(fixture.Grains).WithChain();
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("retail"), null, s.Inspector)).Verdict);

        await fixture.RestartAsync(async () =>
        {
            // Rewrite where harvest h1 happened, as a forger with database access would.
            await using var connection = new NpgsqlConnection(PostgresClusterFixture.ConnectionString);
            await connection.OpenAsync();
            await using var edit = new NpgsqlCommand("""
                UPDATE orleansstorage
                SET payloadbinary = convert_to(replace(convert_from(payloadbinary, 'UTF8'), @from, @to), 'UTF8')
                WHERE serviceid = @service AND convert_from(payloadbinary, 'UTF8') LIKE @row
                """, connection);
            edit.Parameters.AddWithValue("from", $"\"readPoint\":\"{s.Id("farm-a")}\"");
            edit.Parameters.AddWithValue("to", "\"readPoint\":\"somewhere-else\"");
            edit.Parameters.AddWithValue("service", fixture.ServiceId);
            edit.Parameters.AddWithValue("row", $"{{\"batch\":{{\"code\":\"{s.Id("h1")}\"%");
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
        });
        s = Rebind(s);

        foreach (var code in new[] { "h1", "packed", "export", "retail" })
        {
            var verification = Scenario.Ok(await s.Trace.Verify(s.Id(code), null, s.Inspector));
            Assert.Equal(Verdict.NotVerified, verification.Verdict);
            Assert.Contains(verification.Reasons, r => r.Message == $"event 1 of {s.Id("h1")} fails its hash");
        }
        Assert.Equal(Verdict.Verified, Scenario.Ok(await s.Trace.Verify(s.Id("h2"), null, s.Inspector)).Verdict);
    }

    /// <summary>The same scenario ids, talking to the restarted cluster.</summary>
    private Scenario Rebind(Scenario s) => s.On(fixture.Grains);
}
