using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Nguon.Benchmark.Http;
using Nguon.Domain.Epcis;
using Nguon.Model;
using Nguon.Silo.Epcis;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;
using NpgsqlTypes;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Epcis;

/// <summary><c>tests/bench.sh --epcis-query [--events 500000]</c>: EPCIS queries over N captured events, written straight
/// into nguon_epcis_events and nguon_epcis_epcs by COPY in the shapes <see cref="EpcisEventStore"/> writes (ObjectEvents of
/// 40 GTINs, 8 bizSteps, 60 read points, a year of event times; one EPC and one class row each; bench-org-0…9 capture a
/// tenth each). Then a page (perPage default) of MATCH_epc, EQ_bizStep (latest first) and a one-day eventTime window, as an
/// inspector (reads all) and as an operator (its own tenth): each through <see cref="EpcisQueryStore"/> in this process
/// (its plan printed once), and through HTTP on the real silo process (<c>GET /epcis/events?…</c>) at 1 client (p50/p99,
/// the target: p99 ≤ 50 ms) and at 8 (throughput), beside references measured in the same run: /health/live (the HTTP
/// stack's ceiling) and today's Nguon API read of a lot's events (<c>GET /api/batches/{code}/events</c>).</summary>
public static class QueryBench
{
    private static readonly string[] Steps = ["shipping", "receiving", "packing", "inspecting", "storing", "picking", "loading", "commissioning"];
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const double TargetP99Ms = 50;

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
        string Day(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", Inv);
        // Each shape's next query as parameters, the same for the store and for HTTP (Random.Shared: HTTP clients run at once).
        var shapes = new (string Name, Func<Random, (string Key, string Value)[]> Next)[]
        {
            ("MATCH_epc (one EPC)", r => [("MATCH_epc", Epc(r.Next(n)))]),
            ("EQ_bizStep, latest 30", r => [("EQ_bizStep", Steps[r.Next(Steps.Length)]), ("orderBy", "eventTime")]),
            ("one-day eventTime window, 30", r =>
            {
                var day = Start.AddDays(r.Next(365));
                return [("GE_eventTime", Day(day)), ("LT_eventTime", Day(day.AddDays(1))), ("orderBy", "eventTime")];
            }),
        };
        static EpcisQuery Query((string Key, string Value)[] parameters)
        {
            var (query, errors) = EpcisQueryParameters.Parse([.. parameters.Select(p => (p.Key, (IReadOnlyList<string>)[p.Value]))]);
            return errors.Count == 0 ? query : throw new InvalidOperationException(string.Join("; ", errors));
        }
        static string Url((string Key, string Value)[] parameters) =>
            "epcis/events?" + string.Join("&", parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

        var rows = new List<string[]>
        {
            new[] { "Query (a page, perPage default)", "Reader", "Through", "Clients", "p50 / p99 ms", "requests/s (rounds)",
                "events/page", "Target", "Result" },
        };
        var inProcess = new Dictionary<(string, string), (double P50, double P99, double PerPage)>();
        foreach (var (name, next) in shapes)
            foreach (var reader in new[] { inspector, operatorA })
            {
                var plan = await store.Explain(Query(next(random)), reader);
                Log($"plan of {name} as {reader.Organisation}:\n    " + string.Join("\n    ", plan));
                for (var w = 0; w < 20; w++) await store.Events(Query(next(random)), reader);
                var histogram = NewHistogram();
                long found = 0;
                for (var i = 0; i < settings.TraceIterations; i++)
                {
                    var query = Query(next(random));
                    var started = Stopwatch.GetTimestamp();
                    var page = await store.Events(query, reader);
                    histogram.RecordValue(MicrosSince(started));
                    found += page.Bodies.Count;
                }
                inProcess[(name, reader.Organisation)] = (histogram.Ms(50), histogram.Ms(99), (double)found / settings.TraceIterations);
            }

        await using var silo = new SiloProcess(settings.StorageConnectionString, serviceId);
        var startedIn = await silo.StartAsync();
        Log($"silo process {silo.ProcessId} ready in {F1(startedIn.TotalMilliseconds)} ms at {silo.BaseAddress}, on the seeded events");
        using var http = ApiClient.NewHttpClient(silo.BaseAddress);
        var api = new ApiClient(http);
        var keys = new Dictionary<string, string>
        {
            [inspector.Organisation] = await api.Organisation(silo.AdminKey, inspector.Organisation, "inspector"),
            [operatorA.Organisation] = await api.Organisation(silo.AdminKey, operatorA.Organisation, "operator"),
        };
        var chain = new HttpChain(api, silo.AdminKey, Guid.NewGuid().ToString("N")[..10]);
        await chain.SetUpAsync();
        var lots = await chain.ActiveBatchesAsync(16);
        foreach (var lot in lots)
            foreach (var step in new[] { "storing", "packing" })
                await api.Post($"api/batches/{lot}/events", new { bizStep = step, eventTime = World.InspectionTime }, chain.ProducerKey);

        async Task<bool> Get(string path, string? key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request); // the body is read before this returns
            return response.StatusCode == HttpStatusCode.OK;
        }
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(settings.WarmupSeconds, 3));
        async Task<Rounds> Measure(string what, int clients, Load.Request request)
        {
            var result = await Load.RoundsAsync(request, clients, duration, settings.Rounds, warmup);
            Log($"{what} @{clients}: {result}");
            return result;
        }
        string[] Row(string name, string reader, string through, int clients, Rounds r, bool target) =>
        [
            name, reader, through, clients.ToString(Inv), $"{F2(r.Latency.Ms(50))} / {F2(r.Latency.Ms(99))}",
            $"{N0(r.Rate)} ({string.Join(", ", r.Rates.Select(N0))}){(r.Errors > 0 ? $", {N0(r.Errors)} errors" : "")}", "",
            target ? "p99 ≤ 50 ms" : "", target ? (r.Latency.Ms(99) <= TargetP99Ms && r.Errors == 0 ? "PASS" : "MISS") : "",
        ];

        var health = await Measure("/health/live", 8, async (_, _) => await Get("health/live", null));
        rows.Add(Row("/health/live (the HTTP stack's ceiling)", "", "HTTP", 8, health, false));
        foreach (var clients in new[] { 1, 8 })
        {
            var nguon = await Measure("Nguon API read", clients,
                async (w, i) => await Get($"api/batches/{lots[(w + i * clients) % lots.Length]}/events", chain.ProducerKey));
            rows.Add(Row("Nguon API: GET /api/batches/{code}/events (today's API)", "producer", "HTTP", clients, nguon, false));
        }
        foreach (var (name, next) in shapes)
            foreach (var reader in new[] { inspector, operatorA })
            {
                var (p50, p99, perPage) = inProcess[(name, reader.Organisation)];
                rows.Add([name, reader.Organisation, "in-process store", "1", $"{F2(p50)} / {F2(p99)}", "", F1(perPage), "", ""]);
                foreach (var clients in new[] { 1, 8 })
                {
                    var key = keys[reader.Organisation];
                    var r = await Measure($"{name} as {reader.Organisation}", clients,
                        async (_, _) => await Get(Url(next(Random.Shared)), key));
                    // The target is a client's latency, at one client; 8 clients on 2 cores measure throughput (and queueing).
                    rows.Add(Row(name, reader.Organisation, "HTTP GET /epcis/events", clients, r, target: clients == 1));
                }
            }
        Console.WriteLine();
        Console.WriteLine($"Nguon EPCIS query benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {N0(n)} events on PostgreSQL, silo "
            + $"process, {Environment.ProcessorCount} cores, {(settings.Release ? "Release" : "DEBUG")}, "
            + $"{settings.Rounds}×{settings.Seconds} s per HTTP row, {settings.TraceIterations} queries per in-process row");
        Console.WriteLine();
        PrintTable(rows);
        Console.WriteLine("The rounds' spread is the machine's noise; the load generator shares the cores with the silo and PostgreSQL.");
        await silo.StopAsync();
        await Cleanup(settings.ConnectionString, serviceId);
        return rows.Any(row => row[^1] == "MISS") ? 3 : 0;
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
