using System.Diagnostics;
using Nguon.Domain.Epcis;
using Nguon.Model;
using Nguon.Silo.Epcis;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;
using NpgsqlTypes;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Epcis;

/// <summary><c>tests/bench.sh --epcis-query [--events 500000]</c>: the EPCIS query store over N captured events, written
/// straight into nguon_epcis_events and nguon_epcis_epcs by COPY in the shapes <see cref="EpcisEventStore"/> writes
/// (ObjectEvents of 40 GTINs, 8 bizSteps, 60 read points, a year of event times; one EPC and one class row each). Then
/// p50/p99 of a page of MATCH_epc, EQ_bizStep (latest first) and a one-day eventTime window through
/// <see cref="EpcisQueryStore"/>, as an inspector (reads all) and as an operator (its own events), each plan printed once.</summary>
public static class QueryBench
{
    private static readonly string[] Steps = ["shipping", "receiving", "packing", "inspecting", "storing", "picking", "loading", "commissioning"];
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(Settings settings)
    {
        var serviceId = "epcisq-" + Guid.NewGuid().ToString("N")[..12];
        var sql = new ReadModelSql(StorageKind.Postgres, settings.StorageConnectionString, serviceId);
        var store = new EpcisQueryStore(sql);
        var n = settings.Events;
        var clock = Stopwatch.StartNew();
        await Seed(settings.ConnectionString, serviceId, n);
        Log($"seeded {N0(n)} events (+{N0(2 * n)} EPC rows) by COPY in {F1(clock.Elapsed.TotalSeconds)} s, analysed");

        var random = new Random(16);
        var inspector = new Actor("bench-inspector", [Role.Inspector]);
        var operatorA = new Actor("bench-org-0", [Role.Operator]);
        string Epc(int i) => EpcisIndex.Canonical($"urn:epc:id:sgtin:8935000.0{i % 40:00000}.{i}", EpcisNamespaces.Standard);
        EpcisQuery Query(string parameters)
        {
            var pairs = parameters.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], (IReadOnlyList<string>)[p[1]])).ToList();
            var (query, errors) = EpcisQueryParameters.Parse(pairs);
            return errors.Count == 0 ? query : throw new InvalidOperationException(string.Join("; ", errors));
        }
        var shapes = new (string Name, Func<EpcisQuery> Next)[]
        {
            ("MATCH_epc (one EPC)", () => Query($"MATCH_epc={Epc(random.Next(n))}")),
            ("EQ_bizStep, latest 30", () => Query($"EQ_bizStep={Steps[random.Next(Steps.Length)]}&orderBy=eventTime")),
            ("one-day eventTime window, 30", () =>
            {
                var day = Start.AddDays(random.Next(365));
                return Query($"GE_eventTime={day:yyyy-MM-ddTHH:mm:ssZ}&LT_eventTime={day.AddDays(1):yyyy-MM-ddTHH:mm:ssZ}&orderBy=eventTime");
            }),
        };
        var rows = new List<string[]> { new[] { "query (page of ≤ 30)", "reader", "p50 ms", "p99 ms", "max ms", "events/page" } };
        foreach (var (name, next) in shapes)
            foreach (var reader in new[] { inspector, operatorA })
            {
                var plan = await store.Explain(next(), reader);
                Log($"plan of {name} as {reader.Organisation}:\n    " + string.Join("\n    ", plan));
                for (var w = 0; w < 20; w++) await store.Events(next(), reader);
                var histogram = NewHistogram();
                long found = 0;
                for (var i = 0; i < settings.TraceIterations; i++)
                {
                    var query = next();
                    var started = Stopwatch.GetTimestamp();
                    var page = await store.Events(query, reader);
                    histogram.RecordValue(MicrosSince(started));
                    found += page.Bodies.Count;
                }
                rows.Add([name, reader.Organisation, F2(histogram.Ms(50)), F2(histogram.Ms(99)), F2(histogram.MaxMs()),
                    F1((double)found / settings.TraceIterations)]);
            }
        Ledger.LedgerBench.PrintTable(rows);
        await Cleanup(settings.ConnectionString, serviceId);
        return 0;
    }

    /// <summary>Events and their EPC rows by binary COPY; organisations bench-org-0…9 capture a tenth each.</summary>
    private static async Task Seed(string connectionString, string serviceId, int n)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var recordTime = DateTime.UtcNow;
        await using (var events = await connection.BeginBinaryImportAsync("""
            COPY nguon_epcis_events (service_id, event_id, hash_id, capture_id, organisation, batch, event_type, action, event_time,
                record_time, biz_step, disposition, read_point, biz_location, error_declared, body) FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < n; i++)
            {
                var (time, step, point, epc, cls) = Shape(i);
                var id = $"urn:uuid:bench-{i}";
                var body = $$"""
                    {"type":"ObjectEvent","eventID":"{{id}}","eventTime":"{{time:yyyy-MM-ddTHH:mm:ss.fffZ}}","eventTimeZoneOffset":"+07:00","epcList":["{{epc}}"],"action":"OBSERVE","bizStep":"{{step}}","disposition":"in_transit","readPoint":{"id":"{{point}}"},"quantityList":[{"epcClass":"{{cls}}","quantity":12.5,"uom":"KGM"}],"recordTime":"{{recordTime:yyyy-MM-ddTHH:mm:ss.fffZ}}"}
                    """;
                await events.StartRowAsync();
                foreach (var text in new[] { serviceId, id, id, "bench", $"bench-org-{i % 10}" }) await events.WriteAsync(text, NpgsqlDbType.Text);
                await events.WriteNullAsync();
                await events.WriteAsync("ObjectEvent", NpgsqlDbType.Text);
                await events.WriteAsync("OBSERVE", NpgsqlDbType.Text);
                await events.WriteAsync(time.UtcDateTime, NpgsqlDbType.TimestampTz);
                await events.WriteAsync(recordTime, NpgsqlDbType.TimestampTz);
                await events.WriteAsync(EpcisIndex.BizStepPrefix + step, NpgsqlDbType.Text);
                await events.WriteAsync(EpcisIndex.DispositionPrefix + "in_transit", NpgsqlDbType.Text);
                await events.WriteAsync(point, NpgsqlDbType.Text);
                await events.WriteNullAsync();
                await events.WriteAsync(false, NpgsqlDbType.Boolean);
                await events.WriteAsync(body, NpgsqlDbType.Text);
            }
            await events.CompleteAsync();
        }
        await using (var epcs = await connection.BeginBinaryImportAsync(
            "COPY nguon_epcis_epcs (service_id, epc, event_id, role, n, quantity, uom) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < n; i++)
            {
                var (_, _, _, epc, cls) = Shape(i);
                foreach (var (value, role, quantity) in new[] { (epc, "epc", (decimal?)null), (cls, "quantity", 12.5m) })
                {
                    await epcs.StartRowAsync();
                    foreach (var text in new[] { serviceId, value, $"urn:uuid:bench-{i}", role }) await epcs.WriteAsync(text, NpgsqlDbType.Text);
                    await epcs.WriteAsync(0, NpgsqlDbType.Integer);
                    if (quantity is { } q) await epcs.WriteAsync(q, NpgsqlDbType.Numeric);
                    else await epcs.WriteNullAsync();
                    if (quantity is null) await epcs.WriteNullAsync();
                    else await epcs.WriteAsync("KGM", NpgsqlDbType.Text);
                }
            }
            await epcs.CompleteAsync();
        }
        await using var analyse = new NpgsqlCommand("ANALYZE nguon_epcis_events; ANALYZE nguon_epcis_epcs", connection);
        await analyse.ExecuteNonQueryAsync();
    }

    private static (DateTimeOffset Time, string Step, string Point, string Epc, string Class) Shape(int i)
    {
        var time = Start.AddSeconds(i * 7919L % 31_536_000); // spread over a year, in no order
        var point = EpcisIndex.Canonical($"urn:epc:id:sgln:8935000.{i % 60:00000}.0", EpcisNamespaces.Standard);
        var epc = EpcisIndex.Canonical($"urn:epc:id:sgtin:8935000.0{i % 40:00000}.{i}", EpcisNamespaces.Standard);
        var cls = EpcisIndex.Canonical($"urn:epc:class:lgtin:8935000.0{i % 40:00000}.L{i / 1000}", EpcisNamespaces.Standard);
        return (time, Steps[i * 7 % Steps.Length], point, epc, cls);
    }

    private static async Task Cleanup(string connectionString, string serviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var delete = new NpgsqlCommand("""
            DELETE FROM nguon_epcis_epcs WHERE service_id = @s; DELETE FROM nguon_epcis_events WHERE service_id = @s
            """, connection);
        delete.Parameters.AddWithValue("s", serviceId);
        await delete.ExecuteNonQueryAsync();
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");
}
