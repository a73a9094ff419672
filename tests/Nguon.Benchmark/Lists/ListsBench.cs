using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nguon.Benchmark.Http;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Lists;

/// <summary><c>tests/bench.sh --lists</c>: search over the read model at 100,000 lots (issue 14). The rows are seeded
/// straight into rm_* (<see cref="ListsWorld"/>); the real silo runs as its own process on the same database and service
/// id; each query is measured through HTTP (GET /api/batches) and, in the same run, as the same SQL without HTTP
/// (<see cref="ListQueries.Batches"/> called in this process against the same database), at 1 and 8 clients, beside
/// <c>/health/live</c> (the HTTP stack's ceiling).</summary>
public static class ListsBench
{
    private const double TargetP99Ms = 50;

    private sealed record Query(string Name, string QueryString, BatchFilter Filter, bool AsProducer, string After = "");

    private sealed record Row(string Name, int Clients, Rounds Http, Rounds? Direct, double OtherCores, double SiloCores,
        double PostgresCores);

    public static async Task<int> RunAsync(Settings settings)
    {
        var total = Stopwatch.StartNew();
        var serviceId = "lists-" + Guid.NewGuid().ToString("N")[..12];
        var options = new NguonOptions
        {
            Storage = StorageKind.Postgres, ConnectionString = settings.StorageConnectionString, ServiceId = serviceId, ClusterId = serviceId,
        };
        var tag = Guid.NewGuid().ToString("N")[..10];
        var producer = $"bench-producer-{tag}";
        var space = "B" + tag[..8].ToUpperInvariant();
        var inspector = $"bench-inspector-{tag}";
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(settings.WarmupSeconds, 2));

        var meter = await CpuMeter.CreateAsync(settings.ConnectionString);
        var idle = await meter.MeasureIdleAsync(TimeSpan.FromSeconds(3));
        Log($"machine before start (3 s, nothing of ours running): {idle}");

        var world = new ListsWorld(producer, space, settings.Lots);
        Log($"generated {world.Lots:#,0} lots ({world.Harvests:#,0} harvests, {world.CombinedLots:#,0} merged/transformed), "
            + $"{world.Farms:#,0} farms, {world.Organisations} organisations");
        var sql = new ReadModelSql(StorageKind.Postgres, options.StorageConnectionString, serviceId);
        var seedClock = Stopwatch.StartNew();
        var seedCpu = meter.Take();
        var copy = settings.Seed != "apply";
        var phases = await world.SeedAsync(options, new ReadModelStore(sql), copy, Log);
        var seedUsage = meter.Between(seedCpu, meter.Take());
        var seedSeconds = seedClock.Elapsed.TotalSeconds;
        var counts = await Counts(options, serviceId);
        Log($"seeded in {F1(seedSeconds)} s: {string.Join(", ", counts.Select(c => $"{c.Table} {N0(c.Rows)}"))}; CPU {seedUsage}");

        await using var silo = new SiloProcess(settings.StorageConnectionString, serviceId);
        var started = await silo.StartAsync();
        Log($"silo process {silo.ProcessId} ready in {F1(started.TotalMilliseconds)} ms at {silo.BaseAddress}");
        using var http = ApiClient.NewHttpClient(silo.BaseAddress);
        var api = new ApiClient(http);
        var producerKey = await api.Organisation(silo.AdminKey, producer, "producer", space);
        var inspectorKey = await api.Organisation(silo.AdminKey, inspector, "inspector");
        var readers = (Inspector: new Actor(inspector, [Role.Inspector]), Producer: new Actor(producer, [Role.Producer], space));
        var lists = new ListQueries(sql);

        var from = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
        var prefix = world.SearchPrefix();
        var farm = world.SomeFarm();
        var jp = world.JapaneseImporters.ToArray();
        var queries = new List<Query>
        {
            new("gi=", "gi=VN-GI-90001", new(Gi: "VN-GI-90001"), false),
            new("gi= & season= & status=active", "gi=VN-GI-90002&season=2026&status=active",
                new(Gi: "VN-GI-90002", Season: "2026", Status: BatchStatus.Active), false),
            new($"farm= (a farm's harvests and the lots made of them)", $"farm={farm}", new(Farm: farm), false),
            new("step=shipping & destination=JP & from/to (July)", "step=shipping&destination=JP&from=2026-07-01&to=2026-08-01",
                new(Step: "shipping", Destination: "JP", From: from, To: to), false),
            new($"step=shipping & destination={jp[1]} & from/to (July)",
                $"step=shipping&destination={jp[1]}&from=2026-07-01&to=2026-08-01",
                new(Step: "shipping", Destination: jp[1], From: from, To: to), false),
            new($"q= (code prefix, ≤ 10 matches)", $"q={Uri.EscapeDataString(prefix)}", new(Q: prefix), false),
            new($"custodian= (a Japanese importer)", $"custodian={jp[0]}", new(Custodian: jp[0]), false),
            new("the producer's own list (no filter, non-inspector scope)", "", new(), true),
        };
        if (settings.Only is { } only) queries.RemoveAll(q => !q.Name.Contains(only, StringComparison.Ordinal));
        // The deep page: page 20 of gi=, reached by following the API's cursors.
        var cursor = (string?)null;
        for (var page = 1; page < 20; page++)
        {
            using var answer = await Send(http, "api/batches?gi=VN-GI-90001" + (cursor is null ? "" : $"&cursor={cursor}"), inspectorKey);
            cursor = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("next").GetString()
                ?? throw new InvalidOperationException("gi= has fewer than 20 pages");
        }
        Cursor.TryRead(cursor, out var deepAfter);
        if (settings.Only is null || "gi=, page 20".Contains(settings.Only, StringComparison.Ordinal))
            queries.Add(new("gi=, page 20 (cursor followed 19 times)", $"gi=VN-GI-90001&cursor={cursor}", new(Gi: "VN-GI-90001"), false,
                deepAfter));

        // Each query once both ways: the same rows, so the two paths are the same query.
        var pages = new Dictionary<string, string>();
        foreach (var q in queries)
        {
            var key = q.AsProducer ? producerKey : inspectorKey;
            using var answer = await Send(http, Path(q), key);
            var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            var viaHttp = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()).ToArray();
            var direct = await lists.Batches(q.AsProducer ? readers.Producer : readers.Inspector, q.Filter, q.After, ListQueries.DefaultLimit);
            if (!viaHttp.SequenceEqual(direct.Items.Select(i => i.Code)))
                throw new InvalidOperationException($"{q.Name}: HTTP and direct answered different pages");
            pages[q.Name] = $"{direct.Items.Count}{(direct.Next is null ? "" : " +next")}";
            Log($"{q.Name}: {pages[q.Name]} rows on the page, HTTP = direct");
        }

        Load.Request Http(Query q) => async (_, _) =>
        {
            using var response = await Send(http, Path(q), q.AsProducer ? producerKey : inspectorKey, check: false);
            return response.StatusCode == HttpStatusCode.OK;
        };
        Load.Request Direct(Query q) => async (_, _) =>
            (await lists.Batches(q.AsProducer ? readers.Producer : readers.Inspector, q.Filter, q.After, ListQueries.DefaultLimit))
                .Items.Count > 0;
        Load.Request Live() => async (_, _) =>
        {
            using var response = await http.GetAsync("health/live");
            return response.StatusCode == HttpStatusCode.OK;
        };

        var rows = new List<Row>();
        async Task<Row> Measure(string name, int clients, Load.Request viaHttp, Load.Request? direct)
        {
            var a = meter.Take();
            var h = await Load.RoundsAsync(viaHttp, clients, duration, settings.Rounds, warmup);
            var b = meter.Take();
            var usage = meter.Between(a, b);
            var siloCores = CoresOf(a, b, silo.ProcessId);
            var d = direct is null ? null : await Load.RoundsAsync(direct, clients, duration, settings.Rounds, warmup);
            var row = new Row(name, clients, h, d, Math.Max(0, usage.OtherProcesses - siloCores), siloCores, usage.Postgres);
            Log($"{name} @{clients}: HTTP {h}" + (d is null ? "" : $"; direct {d}") + $"; CPU during HTTP {usage}, silo {F2(siloCores)}");
            rows.Add(row);
            return row;
        }
        foreach (var clients in new[] { 1, 8 }) await Measure("/health/live (the HTTP stack's ceiling)", clients, Live(), null);
        foreach (var q in queries)
            foreach (var clients in new[] { 1, 8 })
                await Measure(q.Name, clients, Http(q), Direct(q));

        // The FSMA 204 export of a week of one GI (a province's lychee), at one client: through HTTP (the spreadsheet the
        // inspector downloads), beside the SQL that selects the week's lots and reads all their events.
        if (settings.Only is null || "FSMA".Contains(settings.Only, StringComparison.Ordinal))
        {
            const string Export = "api/exports/fsma204?from=2026-07-01&to=2026-07-08&gi=VN-GI-90001";
            const string ExportName = "FSMA 204 export XLSX, a week of VN-GI-90001";
            using (var csv = await Send(http, Export + "&format=csv", inspectorKey))
            {
                var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
                using var xlsx = await Send(http, Export, inspectorKey);
                pages[ExportName] = $"{N0(lines)} rows, {N0((await xlsx.Content.ReadAsByteArrayAsync()).Length / 1024)} KB";
            }
            Log($"{ExportName}: {pages[ExportName]}");
            Load.Request exportHttp = async (_, _) =>
            {
                using var response = await Send(http, Export, inspectorKey, check: false);
                return response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsByteArrayAsync()).Length > 0;
            };
            var week = new (string, object?)[]
            {
                ("gi", "VN-GI-90001"), ("from", new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.FromHours(7))),
                ("to", new DateTimeOffset(2026, 7, 8, 0, 0, 0, TimeSpan.FromHours(7))),
            };
            Load.Request exportSql = async (_, _) => (await sql.Rows("""
                SELECT e.batch, e.sequence, e.biz_step, e.event_time, e.actor, e.destination, e.quantity, e.read_point, e.documents
                FROM rm_events e WHERE e.service_id = @s AND e.batch IN (SELECT b.code FROM rm_batches b
                    WHERE b.service_id = @s AND b.gi_claim = @gi AND EXISTS (SELECT 1 FROM rm_events x
                        WHERE x.service_id = @s AND x.batch = b.code AND x.event_time >= @from AND x.event_time < @to))
                """, week, r => r.GetString(0))).Count > 0;
            await Measure(ExportName, 1, exportHttp, exportSql);
        }

        var diagnostics = new List<string>();
        if (settings.Diagnose)
            foreach (var q in queries)
                diagnostics.Add(await Explain(options.StorageConnectionString, serviceId, q.AsProducer ? readers.Producer : readers.Inspector,
                    q, lists));

        // --diagnose: candidate indexes, created on these same rows, the queries they are for measured again.
        var candidates = new List<(string Index, string Query, Row Before, Row After)>();
        if (settings.Diagnose)
        {
            var tries = new (string Name, string Ddl, string[] For)[]
            {
                ("ix_rm_events_batch_step", "CREATE INDEX ix_rm_events_batch_step ON rm_events (service_id, batch, biz_step, event_time)",
                    ["step=shipping"]),
            };
            foreach (var (name, ddl, targets) in tries)
            {
                await using (var connection = new NpgsqlConnection(options.StorageConnectionString))
                {
                    await connection.OpenAsync();
                    await using var create = new NpgsqlCommand(ddl + "; ANALYZE rm_events; ANALYZE rm_batches", connection) { CommandTimeout = 600 };
                    var clock = Stopwatch.StartNew();
                    await create.ExecuteNonQueryAsync();
                    Log($"candidate {name}: created in {F1(clock.Elapsed.TotalSeconds)} s");
                }
                foreach (var q in queries.Where(q => targets.Any(t => q.Name.StartsWith(t, StringComparison.Ordinal))))
                {
                    var before = rows.First(r => r.Name == q.Name && r.Clients == 8);
                    var afterRow = await Measure($"{q.Name} + {name}", 8, Http(q), Direct(q));
                    rows.Remove(afterRow);
                    candidates.Add((name, q.Name, before, afterRow));
                    diagnostics.Add(await Explain(options.StorageConnectionString, serviceId, readers.Inspector, q with { Name = $"{q.Name} + {name}" },
                        lists));
                }
            }
        }

        var after = await Counts(options, serviceId);
        var kept = after.First(c => c.Table == "rm_batches").Rows == counts.First(c => c.Table == "rm_batches").Rows;


        // ---- report ----
        var table = new List<string[]>
        {
            new[] { "Query (limit 50)", "Rows", "Clients", "HTTP p50 / p99 ms", "HTTP req/s (rounds)", "direct p50 / p99 ms", "direct q/s",
                "HTTP ÷ direct p50", "Target", "Result" },
        };
        foreach (var r in rows)
        {
            var search = r.Direct is not null;
            var target = search && r.Clients == 8 ? $"p99 ≤ {TargetP99Ms:0} ms" : "";
            var pass = r.Http.Latency.Ms(99) <= TargetP99Ms;
            table.Add([r.Name, search ? pages[r.Name] : "", r.Clients.ToString(Inv), $"{F2(r.Http.Latency.Ms(50))} / {F2(r.Http.Latency.Ms(99))}",
                $"{N0(r.Http.Rate)} ({string.Join(", ", r.Http.Rates.Select(N0))}){(r.Http.Errors > 0 ? $", {N0(r.Http.Errors)} errors" : "")}",
                r.Direct is { } d ? $"{F2(d.Latency.Ms(50))} / {F2(d.Latency.Ms(99))}" : "",
                r.Direct is { } d2 ? N0(d2.Rate) + (d2.Errors > 0 ? $", {N0(d2.Errors)} errors" : "") : "",
                r.Direct is { } d3 ? F2(r.Http.Latency.Ms(50) / d3.Latency.Ms(50)) + "×" : "",
                target, target.Length == 0 ? "" : pass ? "PASS" : "MISS"]);
        }
        Console.WriteLine();
        Console.WriteLine($"Nguon list benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, silo process on PostgreSQL, "
            + $"{Environment.ProcessorCount} cores, {(settings.Release ? "Release" : "DEBUG")}, {settings.Rounds}×{settings.Seconds} s per row "
            + $"(after {warmup.TotalSeconds:0} s warm-up), ServiceId {serviceId}");
        Console.WriteLine($"Data: {world.Lots:#,0} lots ({world.Harvests:#,0} harvests, {world.CombinedLots:#,0} merged/transformed), "
            + string.Join(", ", counts.Select(c => $"{c.Table} {N0(c.Rows)}")));
        Console.WriteLine($"Seeding (--seed {(copy ? "copy" : "apply")}): organisations, certificates, farms{(copy ? "" : " and lots")} "
            + $"by ReadModelStore.Apply (whole projections), {ListsWorld.Group} per transaction, {ListsWorld.Parallelism} at once"
            + $"{(copy ? "; lots by binary COPY" : "")}: {F1(seedSeconds)} s in all — " + string.Join("; ", phases.Select(p => p.Projections > 0
                ? $"{p.Phase} {N0(p.Projections)} in {F1(p.Seconds)} s ({N0(p.Projections / p.Seconds)}/s)" : $"{p.Phase} {F1(p.Seconds)} s")));
        Console.WriteLine($"  CPU while seeding: {seedUsage}");
        Console.WriteLine();
        PrintTable(table);
        Console.WriteLine();
        Console.WriteLine("HTTP = GET /api/batches through the silo process (key auth, watermark, JSON); direct = ListQueries.Batches "
            + "in this process on the same database (the same SQL, no HTTP, no watermark). The FSMA row: HTTP = the period "
            + "export (lots, parents, events, organisations, farms, then the rows and the XLSX); direct = one SQL reading the "
            + "week's lots' events.");
        Console.WriteLine($"Machine noise: other processes before start {F2(idle.OtherProcesses)} cores (kernel/short-lived {F2(idle.Rest)}); "
            + $"during the HTTP rows avg {F2(rows.Average(r => r.OtherCores))}, max {F2(rows.Max(r => r.OtherCores))} cores of "
            + $"{Environment.ProcessorCount} (the silo process and PostgreSQL excluded; the load generator shares the cores).");
        Console.WriteLine("CPU during the HTTP rows @8 (cores): " + string.Join("; ", rows.Where(r => r.Clients == 8 && r.Direct is not null)
            .Select(r => $"{Short(r.Name)}: silo {F2(r.SiloCores)}, postgres {F2(r.PostgresCores)}, other {F2(r.OtherCores)}")));
        if (candidates.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Candidate indexes (--diagnose: created on these rows after the rows above, the query measured again @8):");
            var c = new List<string[]> { new[] { "Index", "Query", "HTTP p50 / p99 ms before → with", "direct p50 / p99 ms before → with",
                "HTTP req/s before → with" } };
            foreach (var (index, query, b, a) in candidates)
                c.Add([index, query, $"{F2(b.Http.Latency.Ms(50))} / {F2(b.Http.Latency.Ms(99))} → {F2(a.Http.Latency.Ms(50))} / {F2(a.Http.Latency.Ms(99))}",
                    $"{F2(b.Direct!.Latency.Ms(50))} / {F2(b.Direct.Latency.Ms(99))} → {F2(a.Direct!.Latency.Ms(50))} / {F2(a.Direct.Latency.Ms(99))}",
                    $"{N0(b.Http.Rate)} → {N0(a.Http.Rate)}"]);
            PrintTable(c);
        }
        Console.WriteLine($"rm_batches rows at the end: {N0(after.First(c => c.Table == "rm_batches").Rows)} "
            + $"({(kept ? "unchanged: the sweep kept the seeded rows" : "CHANGED: the sweep touched the seeded rows")}). "
            + $"Total run {F1(total.Elapsed.TotalSeconds)} s.");
        foreach (var d in diagnostics)
        {
            Console.WriteLine();
            Console.WriteLine(d);
        }
        return kept && table.All(r => r[^1] != "MISS") ? 0 : 3;
    }

    private static string Path(Query q) => "api/batches" + (q.QueryString.Length == 0 ? "" : "?" + q.QueryString);

    private static string Short(string name) => name.Length <= 28 ? name : name[..28] + "…";

    private static async Task<HttpResponseMessage> Send(HttpClient http, string path, string key, bool check = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (check && response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>CPU of one other process between two snapshots, in cores.</summary>
    private static double CoresOf(CpuMeter.Snapshot a, CpuMeter.Snapshot b, int? pid)
    {
        if (pid is not { } p || a.Others is null || b.Others is null || !a.Others.TryGetValue(p, out var before)
            || !b.Others.TryGetValue(p, out var later)) return 0;
        var seconds = (b.Timestamp - a.Timestamp) / (double)Stopwatch.Frequency;
        return (later - before) / 100.0 / seconds;
    }

    private static async Task<List<(string Table, long Rows)>> Counts(NguonOptions options, string serviceId)
    {
        await using var connection = new NpgsqlConnection(options.StorageConnectionString);
        await connection.OpenAsync();
        var counts = new List<(string, long)>();
        foreach (var (table, column) in new[]
        {
            ("rm_batches", "service_id"), ("rm_events", "service_id"), ("rm_lineage", "service_id"), ("rm_batch_farms", "service_id"),
            ("rm_batch_destinations", "service_id"),
            ("rm_batch_holders", "service_id"), ("rm_farms", "service_id"), ("rm_organisations", "service_id"),
        })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {column} = @s", connection);
            command.Parameters.AddWithValue("s", serviceId);
            counts.Add((table, (long)(await command.ExecuteScalarAsync())!));
        }
        return counts;
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of the query's SQL (<see cref="ListQueries.BatchQuery"/>), checked to answer the
    /// same rows as ListQueries before it is explained.</summary>
    private static async Task<string> Explain(string connectionString, string serviceId, Actor reader, Query q, ListQueries lists)
    {
        var (text, parameters) = ListQueries.BatchQuery(StorageKind.Postgres, reader, q.Filter, q.After, ListQueries.DefaultLimit);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        NpgsqlCommand Command(string sql)
        {
            var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("s", serviceId);
            foreach (var (name, value) in parameters)
                command.Parameters.AddWithValue(name, value switch { DateTimeOffset t => t.UtcDateTime, null => DBNull.Value, _ => value });
            return command;
        }
        var codes = new List<string>();
        await using (var command = Command(text))
        await using (var reader2 = await command.ExecuteReaderAsync())
            while (await reader2.ReadAsync()) codes.Add(reader2.GetString(0));
        var expected = await lists.Batches(reader, q.Filter, q.After, ListQueries.DefaultLimit);
        var same = codes.Take(ListQueries.DefaultLimit).SequenceEqual(expected.Items.Select(i => i.Code));
        var lines = new List<string> { $"EXPLAIN (ANALYZE, BUFFERS) — {q.Name}{(same ? "" : "  [WARNING: copied SQL answers other rows]")}" };
        await using (var explain = Command("EXPLAIN (ANALYZE, BUFFERS) " + text))
        await using (var plan = await explain.ExecuteReaderAsync())
            while (await plan.ReadAsync()) lines.Add("  " + plan.GetString(0));
        return string.Join(Environment.NewLine, lines);
    }

    private static void PrintTable(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        string Line(string[] r) => "| " + string.Join(" | ", r.Select((cell, c) => cell.PadRight(widths[c]))) + " |";
        Console.WriteLine(Line(rows[0]));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var r in rows.Skip(1)) Console.WriteLine(Line(r));
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");
}
