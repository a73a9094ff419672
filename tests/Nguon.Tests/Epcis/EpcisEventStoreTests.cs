using System.Text.Json;
using Nguon.Domain.Epcis;
using Nguon.Silo.Epcis;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Epcis;

/// <summary>EpcisEventStore on both real stores: a capture's events and job in one transaction, a re-capture adding
/// nothing, an eventID reused for other content refusing the whole capture under rollback and only itself under proceed.</summary>
public sealed class EpcisEventStoreTests
{
    public static TheoryData<string> Stores => ["sqlite", "postgres"];

    private static async Task<EpcisEventStore> Store(string kind) => (await Open(kind)).Store;

    /// <summary>A fresh service's store on <paramref name="kind"/> (its own service id; a new SQLite file), and its SQL.</summary>
    internal static async Task<(EpcisEventStore Store, ReadModelSql Sql)> Open(string kind)
    {
        var serviceId = "epcis-" + Guid.NewGuid().ToString("N")[..12];
        var options = kind == "postgres"
            ? new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = PostgresClusterFixture.ConnectionString }
            : new NguonOptions
            {
                Storage = StorageKind.Sqlite,
                ConnectionString = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("nguon-epcis-").FullName, "nguon.db")}",
            };
        await SchemaMigrator.ApplyAsync(options);
        var sql = new ReadModelSql(options.Storage, options.StorageConnectionString, serviceId);
        return (new EpcisEventStore(sql, kind == "sqlite" ? new SqliteWriteGate() : null), sql);
    }

    private static StoredEvent Event(string id, string serial)
    {
        var json = $$"""
            {"type":"ObjectEvent","eventID":"{{id}}","action":"OBSERVE","eventTime":"2026-06-10T08:00:00+07:00",
             "eventTimeZoneOffset":"+07:00","epcList":["urn:epc:id:sgtin:8938500.012345.{{serial}}"],"bizStep":"shipping",
             "quantityList":[{"epcClass":"urn:epc:class:lgtin:8938500.012345.L1","quantity":12.5,"uom":"KGM"}],
             "sensorElementList":[{"sensorReport":[{"type":"Temperature","value":4.5,"uom":"CEL"}]}]}
            """;
        var e = JsonDocument.Parse(json).RootElement;
        return new StoredEvent(id, EventHashId.Of(e), null, EpcisIndex.Of(e, EpcisNamespaces.Standard), json);
    }

    private static Func<StoreResult, CaptureJob?> Job(string id) => r => new CaptureJob(id, "org", "rollback", DateTimeOffset.UnixEpoch,
        DateTimeOffset.UnixEpoch, r.Conflicting.Count == 0, 2, r.Added.Count + r.AlreadyStored.Count,
        [.. r.Conflicting.Select(c => new CaptureError("t", "conflict", 409, c, EventId: c))]);

    [Theory, MemberData(nameof(Stores))]
    public async Task Captures_store_once_and_an_event_id_names_one_event(string kind)
    {
        var store = await Store(kind);
        var now = DateTimeOffset.UtcNow;
        var (a, b) = (Event("urn:uuid:a", "1"), Event("urn:uuid:b", "2"));
        var (first, job) = await store.Capture([a, b], now, "c1", "org", allOrNothing: true, Job("c1"));
        Assert.Equal(["urn:uuid:a", "urn:uuid:b"], first.Added);
        Assert.True(job!.Success);
        Assert.Equal(2, (await store.Job("c1"))!.Stored);

        var (again, _) = await store.Capture([a, b], now, "c2", "org", allOrNothing: true, Job("c2"));
        Assert.Empty(again.Added);
        Assert.Equal(2, again.AlreadyStored.Count);

        var (c, otherA) = (Event("urn:uuid:c", "3"), Event("urn:uuid:a", "99"));
        var (refused, refusedJob) = await store.Capture([c, otherA], now, "c3", "org", allOrNothing: true, Job("c3"));
        Assert.Equal(["urn:uuid:a"], refused.Conflicting);
        Assert.False(refusedJob!.Success);
        Assert.Null(await store.Event("urn:uuid:c"));
        Assert.False((await store.Job("c3"))!.Success);

        var (proceeded, _) = await store.Capture([c, otherA], now, "c4", "org", allOrNothing: false, Job("c4"));
        Assert.Equal(["urn:uuid:c"], proceeded.Added);
        Assert.NotNull(await store.Event("urn:uuid:c"));
        Assert.Equal(a.Body, (await store.Event("urn:uuid:a"))!.Value.Body);
    }
}
