using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nguon.Idempotency;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;
using Orleans.Runtime;

namespace Nguon.Tests.Limits;

/// <summary>Idempotency records expire with their window and are deleted, rows and all: a key used again after its window
/// is new and its record gone; the sweep deletes, on PostgreSQL and SQLite, every record older than the window and
/// nothing else (its clock moved by hand), in nguon_idempotency and the grain-state rows of earlier versions.</summary>
[Collection(LimitsClusterCollection.Name)]
public sealed class IdempotencyExpiryTests(LimitsClusterFixture fixture)
{
    private static readonly RecordedResponse Answer = new(201, "application/json", "/api/x", [1, 2, 3], DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_key_used_again_after_its_window_is_new_and_its_record_is_deleted()
    {
        var key = $"org-{Guid.NewGuid():N}/k1";
        var grain = fixture.Grains.GetGrain<IIdempotencyGrain>(key);
        var silo = fixture.Cluster.Primary!.SiloAddress;
        Assert.Equal(IdempotencyState.Started, (await grain.Begin("f", silo)).State);
        await grain.Complete("f", Answer with { At = DateTimeOffset.UtcNow });
        Assert.Equal(IdempotencyState.Completed, (await grain.Begin("f", silo)).State);
        Assert.Equal(1, (await fixture.IdempotencyRows($"~idempotency/{key}")).Rows);

        // The window (2 s here) passes: poll, with a deadline, until the key is new again.
        var clock = Stopwatch.StartNew();
        IdempotencyClaim claim;
        while ((claim = await grain.Begin("other", silo)).State != IdempotencyState.Started)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"still {claim.State} after {clock.Elapsed}");
            await Task.Delay(100); // polling interval
        }
        Assert.Equal((0, 0), await fixture.IdempotencyRows($"~idempotency/{key}"));
    }

    [Fact]
    public async Task The_sweep_deletes_the_records_older_than_the_window_on_postgresql()
    {
        var org = $"org-{Guid.NewGuid():N}";
        var silo = fixture.Cluster.Primary!.SiloAddress;
        await Task.WhenAll(Enumerable.Range(0, 30).Select(async i =>
        {
            var grain = fixture.Grains.GetGrain<IIdempotencyGrain>($"{org}/k{i}");
            await grain.Begin("f", silo);
            await grain.Complete("f", Answer);
        }));
        await fixture.Grains.GetGrain<IAuditDaysGrain>(org).Add(Nguon.Domain.Organisations.AuditRules.Day(DateTimeOffset.UtcNow));
        var options = new NguonOptions
        {
            Storage = StorageKind.Postgres, ConnectionString = LimitsClusterFixture.ConnectionString, ServiceId = fixture.ServiceId,
        };

        Assert.Equal(0, await Sweeper(options, TimeSpan.FromHours(23)).SweepAsync());
        Assert.Equal(30, (await fixture.IdempotencyRows($"~idempotency/{org}/")).Rows);
        Assert.True(await Sweeper(options, TimeSpan.FromHours(25)).SweepAsync() >= 30);
        Assert.Equal((0, 0), await fixture.IdempotencyRows($"~idempotency/{org}/"));
        Assert.Equal(1, (await fixture.Rows($"~audit-days/{org}")).Rows);
    }

    [Fact]
    public async Task The_sweep_deletes_the_records_older_than_the_window_on_sqlite()
    {
        using var folder = new TempFolder("nguon-sweep-");
        var options = new NguonOptions { SqlitePath = folder.File("nguon.db") };
        await SchemaMigrator.ApplyAsync(options);
        await using (var connection = new SqliteConnection(options.StorageConnectionString))
        {
            await connection.OpenAsync();
            foreach (var key in new[] { "~idempotency/org/a", "~idempotency/org/b", "~batch/B-1", "~idempotency/org/c" })
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = """
                    INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                        GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
                    VALUES (1, 0, 0, 1, 'state', @key, @service, x'7b7d', datetime('now'), 1)
                    """;
                insert.Parameters.AddWithValue("key", key);
                insert.Parameters.AddWithValue("service", key == "~idempotency/org/c" ? "another-service" : options.ServiceId);
                await insert.ExecuteNonQueryAsync();
            }
        }
        // And records as this version stores them, in their own table, answered now.
        var table = new IdempotencyTable(StorageKind.Sqlite, options.StorageConnectionString, options.ServiceId);
        await table.Upsert([.. new[] { "~idempotency/org/d", "~idempotency/org/e" }.Select(k => new IdempotencyRow(k, "f", Answer))]);
        await new IdempotencyTable(StorageKind.Sqlite, options.StorageConnectionString, "another-service")
            .Upsert([new IdempotencyRow("~idempotency/org/f", "f", Answer)]);

        Assert.Equal(0, await Sweeper(options, TimeSpan.FromHours(23)).SweepAsync());
        Assert.Equal(4, await Sweeper(options, TimeSpan.FromHours(25)).SweepAsync());
        Assert.Empty(await table.Find(["~idempotency/org/d", "~idempotency/org/e"]));
        await using var check = new SqliteConnection(options.StorageConnectionString);
        await check.OpenAsync();
        await using var keys = check.CreateCommand();
        keys.CommandText = "SELECT GrainIdExtensionString FROM OrleansStorage ORDER BY 1";
        var left = new List<string>();
        await using (var reader = await keys.ExecuteReaderAsync())
            while (await reader.ReadAsync()) left.Add(reader.GetString(0));
        Assert.Equal(["~batch/B-1", "~idempotency/org/c"], left);
    }

    /// <summary>A sweep whose clock reads <paramref name="ahead"/> from now, with the 24-hour window.</summary>
    private static IdempotencySweeper Sweeper(NguonOptions options, TimeSpan ahead) =>
        new(options, Options.Create(new IdempotencyOptions()), new ManualClock(DateTimeOffset.UtcNow + ahead),
            NullLogger<IdempotencySweeper>.Instance);
}
