using Microsoft.Data.Sqlite;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.ReadModel;

/// <summary>The lists' permission condition (<see cref="ReadScope"/>) agrees with the grains' read rule
/// (<see cref="Permissions.MayReadBatch"/>, <see cref="Permissions.MayReadFarm"/>) row by row: many lots with random
/// custodians, destinations and former custodians, stored in a real SQLite read model and listed as each organisation in
/// each role.</summary>
public sealed class ReadScopeTests : IAsyncLifetime
{
    private static readonly string[] Organisations = ["org-a", "org-b", "org-c", "org-d", "org-e"];
    private readonly TempFolder folder = new("nguon-scope-");
    private ReadModelSql sql = null!;

    public async Task InitializeAsync()
    {
        var options = new NguonOptions { Storage = StorageKind.Sqlite, ConnectionString = $"Data Source={folder.File("rm.db")};Pooling=False" };
        await SchemaMigrator.ApplyAsync(options);
        sql = new ReadModelSql(StorageKind.Sqlite, options.StorageConnectionString, "scope");
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_role_lists_exactly_the_lots_the_grains_let_it_read()
    {
        var random = new Random(20261203);
        string Org() => Organisations[random.Next(Organisations.Length)];
        var batches = Enumerable.Range(0, 300).Select(i =>
        {
            var custodian = Org();
            var former = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Org()).Where(o => o != custodian).Distinct().ToList();
            return new Batch($"LOT-{i:D4}", null, null, "lychee", null, new Quantity(10m, "kg"), 10m,
                random.Next(4) == 0 ? BatchStatus.InTransit : BatchStatus.Active, "GI-1", custodian,
                random.Next(3) == 0 ? Org() : null, new BatchOrigin(OriginKind.Harvest, "FARM", "2026", [], null), [], 1,
                "head", DateTimeOffset.UnixEpoch, custodian, former);
        }).ToList();
        var store = new ReadModelStore(sql);
        await store.Apply([.. batches.Select(b => Projections.Batch(b, b.CreatedAt, [], 1) with { Whole = true })], DateTimeOffset.UtcNow);
        var lists = new ListQueries(sql);

        foreach (var role in Enum.GetValues<Role>())
            foreach (var organisation in Organisations)
            {
                var reader = new Actor(organisation, [role]);
                var listed = (await lists.Batches(reader, new BatchFilter(Gi: "GI-1"), "", ListQueries.MaxLimit)).Items.Select(b => b.Code);
                var readable = batches.Where(b => Permissions.MayReadBatch(reader, b)).Select(b => b.Code);
                Assert.True(readable.SequenceEqual(listed), $"{organisation} as {role}: the list differs from what it may read");
            }
    }

    [Fact]
    public async Task Every_role_lists_exactly_the_farms_the_grains_let_it_read()
    {
        var farms = Organisations.SelectMany((owner, i) => Enumerable.Range(0, 3).Select(j => new Farm($"FARM-{i}-{j}", "Vườn", owner,
            new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"), "{}", 1m, ["lychee"], [], [], DateTimeOffset.UnixEpoch))).ToList();
        await new ReadModelStore(sql).Apply([.. farms.Select(f => new FarmProjection(Nguon.Domain.ReadModel.ReadRows.Farm(f), 1))],
            DateTimeOffset.UtcNow);
        var lists = new ListQueries(sql);

        foreach (var role in Enum.GetValues<Role>())
            foreach (var organisation in Organisations)
            {
                var reader = new Actor(organisation, [role]);
                var listed = (await lists.Farms(reader, new FarmFilter(), DateTimeOffset.UtcNow, "", ListQueries.MaxLimit)).Items
                    .Select(f => f.Code);
                Assert.Equal(farms.Where(f => Permissions.MayReadFarm(reader, f)).Select(f => f.Code), listed);
            }
    }
}
