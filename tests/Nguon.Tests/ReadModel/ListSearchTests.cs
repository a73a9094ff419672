using Microsoft.Data.Sqlite;
using Nguon.Domain.ReadModel;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.ReadModel;

/// <summary>The search filters that read their own index (q= as a byte-wise range per column, destination= through
/// rm_batch_destinations) answer exactly the lots an in-memory filter picks, in key order, on both real stores: many lots
/// with random codes, lots and products sharing their starts, and random shipments to organisations of a few countries.</summary>
public abstract class ListSearchTests : IAsyncLifetime
{
    // Codes are ids (ASCII); lots and products are any text.
    private static readonly string[] CodeStarts = ["VN", "VN-", "Vai", "LOT", "LOT_", "LOT.", "V"];
    private static readonly string[] Starts = [.. CodeStarts, "Vải", "vải", "Nhãn", "LỘT", "%"];
    private static readonly (string Id, string? Country)[] Organisations =
        [("importer-jp-1", "JP"), ("importer-jp-2", "JP"), ("importer-sg", "SG"), ("packer", "VN"), ("trader", null)];
    private static readonly Actor Inspector = new("inspector", [Role.Inspector]);
    private List<(Batch Batch, List<string> Shipped)> lots = [];  // shipment i on day i
    protected ReadModelSql Sql { get; set; } = null!;

    protected abstract Task<ReadModelSql> OpenStore();

    public virtual async Task InitializeAsync()
    {
        Sql = await OpenStore();
        var random = new Random(20261203);
        string Pick(string[] starts, string letters) => starts[random.Next(starts.Length)]
            + string.Concat(Enumerable.Range(0, random.Next(0, 3)).Select(_ => letters[random.Next(letters.Length)]));
        string Text() => Pick(Starts, "AB-ảz ");
        var t0 = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var projections = new List<Projection>(Organisations.Select(o => new OrganisationProjection(
            new OrganisationRow(o.Id, o.Id, "operator", null, o.Country, null, t0), 1)));
        lots = [.. Enumerable.Range(0, 400).Select(i =>
        {
            var code = $"{Pick(CodeStarts, "AB-z")}-{i:D3}";
            var batch = new Batch(code, null, random.Next(3) == 0 ? null : Text(), Text(), null, new Quantity(10m, "kg"), 10m,
                BatchStatus.Active, "GI-1", "packer", null, new BatchOrigin(OriginKind.Harvest, "FARM", "2026", [], null), [], 1,
                "head", t0, "packer", []);
            var shipped = Enumerable.Range(0, random.Next(0, 3)).Select(_ => Organisations[random.Next(Organisations.Length)].Id).ToList();
            return (batch, shipped);
        })];
        foreach (var (batch, shipped) in lots)
        {
            var events = shipped.Select((to, i) => new BatchEvent(i + 2, $"e{i}", "ObjectEvent", "shipping", "in_transit", t0.AddDays(i),
                t0.AddDays(i), null, null, "packer", null, [], [], [], [], to, "prev", "hash")).ToList();
            // A storing event naming a destination is no shipment.
            events.Add(new BatchEvent(9, "s", "ObjectEvent", "storing", "active", t0, t0, null, null, "packer", null, [], [], [], [],
                "importer-sg", "prev", "hash"));
            projections.Add(Projections.Batch(batch, t0, events, 1) with { Whole = true });
        }
        await new ReadModelStore(Sql).Apply(projections, DateTimeOffset.UtcNow);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> Listed(BatchFilter filter)
    {
        var lists = new ListQueries(Sql);
        var (codes, after) = (new List<string>(), "");
        // Pages of 37, so keyset paging over the range is exercised too.
        for (var page = 0; page < 100; page++)
        {
            var answer = await lists.Batches(Inspector, filter, after, 37);
            codes.AddRange(answer.Items.Select(b => b.Code));
            if (answer.Next is null) return codes;
            Assert.True(Cursor.TryRead(answer.Next, out after));
        }
        throw new InvalidOperationException("more than 100 pages");
    }

    private List<string> Expected(Func<Batch, List<string>, bool> match) =>
        [.. lots.Where(l => match(l.Batch, l.Shipped)).Select(l => l.Batch.Code).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_prefix_finds_exactly_the_lots_whose_code_lot_or_product_starts_with_it()
    {
        foreach (var prefix in Starts.Concat(["V", "Vả", "LOT_A", "VN-A", "z", "Vải-", "ả"]))
        {
            var expected = Expected((b, _) => b.Code.StartsWith(prefix, StringComparison.Ordinal)
                || b.Lot?.StartsWith(prefix, StringComparison.Ordinal) == true || b.Product.StartsWith(prefix, StringComparison.Ordinal));
            Assert.True(expected.SequenceEqual(await Listed(new BatchFilter(Q: prefix))), $"q={prefix}");
        }
    }

    [Fact]
    public async Task A_destination_is_an_organisation_a_shipment_went_to_or_its_country()
    {
        foreach (var (id, country) in Organisations)
        {
            Assert.Equal(Expected((_, shipped) => shipped.Contains(id)), await Listed(new BatchFilter(Destination: id)));
            if (country is null) continue;
            var of = Organisations.Where(o => o.Country == country).Select(o => o.Id).ToHashSet();
            Assert.Equal(Expected((_, shipped) => shipped.Any(of.Contains)), await Listed(new BatchFilter(Destination: country)));
        }
        Assert.Empty(await Listed(new BatchFilter(Destination: "US")));
    }

    [Fact]
    public async Task Shipped_to_a_destination_in_a_period_is_one_shipment_to_it_in_that_period()
    {
        var t0 = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (id, country) in Organisations)
            foreach (var place in new[] { id, country }.OfType<string>())
                for (var day = 0; day < 2; day++)
                {
                    var of = Organisations.Where(o => o.Id == place || o.Country == place).Select(o => o.Id).ToHashSet();
                    var asked = new BatchFilter(Step: "shipping", Destination: place, From: t0.AddDays(day), To: t0.AddDays(day + 1));
                    Assert.Equal(Expected((_, shipped) => shipped.Count > day && of.Contains(shipped[day])), await Listed(asked));
                }
    }
}

public sealed class SqliteListSearchTests : ListSearchTests
{
    private readonly TempFolder folder = new("nguon-search-");

    protected override async Task<ReadModelSql> OpenStore()
    {
        var options = new NguonOptions
        {
            Storage = StorageKind.Sqlite, ConnectionString = $"Data Source={folder.File("rm.db")};Pooling=False",
        };
        await SchemaMigrator.ApplyAsync(options);
        return new ReadModelSql(StorageKind.Sqlite, options.StorageConnectionString, "search");
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>On the suite's PostgreSQL, under a service id of its own.</summary>
public sealed class PostgresListSearchTests : ListSearchTests
{
    protected override async Task<ReadModelSql> OpenStore()
    {
        var options = new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = PostgresClusterFixture.ConnectionString };
        await SchemaMigrator.ApplyAsync(options);
        return new ReadModelSql(StorageKind.Postgres, options.StorageConnectionString, $"search-{Guid.NewGuid():N}");
    }
}
