using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Nguon.Silo.Hosting;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Http;

/// <summary><c>tests/bench.sh --http</c>: what API clients see. The real silo runs as its own process on PostgreSQL;
/// the chains are built through the API; each request shape is measured at 1 and 8 clients (event appends at the
/// benchmark's concurrency), beside two references measured in the same run: the silo's <c>/health/live</c> (the
/// HTTP stack's ceiling on this machine) and the in-process append rate (grain calls, no HTTP).</summary>
public static class HttpBench
{
    public static async Task<int> RunAsync(Settings settings, Func<Task<double>> inProcessAppendRate)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(settings.WarmupSeconds, 5));
        var inProcess = double.NaN;
        // The in-process reference is what event POSTs are judged by: measured when they are.
        if (!settings.FirstOnly && (settings.Only is null || "event POST".Contains(settings.Only, StringComparison.OrdinalIgnoreCase)))
        {
            Log("reference: in-process appends (a silo in this process, grain calls, no HTTP)");
            inProcess = await inProcessAppendRate();
            Log($"in-process appends: {N0(inProcess)}/s @{settings.Concurrency}");
        }

        var serviceId = "http-" + Guid.NewGuid().ToString("N")[..12];
        await using var silo = new SiloProcess(settings.StorageConnectionString, serviceId);
        var started = await silo.StartAsync();
        Log($"silo process {silo.ProcessId} ready in {F1(started.TotalMilliseconds)} ms at {silo.BaseAddress}");
        using var http = ApiClient.NewHttpClient(silo.BaseAddress);
        var chain = new HttpChain(new ApiClient(http), silo.AdminKey, Guid.NewGuid().ToString("N")[..10]);
        var build = Stopwatch.StartNew();
        await chain.SetUpAsync();
        var deep = await chain.DeepAsync();
        var shallow = await chain.ShallowAsync();
        var active = await chain.ActiveBatchesAsync(Math.Max(settings.Concurrency * 2, 128));
        Log($"built through the API in {F1(build.Elapsed.TotalSeconds)} s: 253- and 7-batch lots, {active.Length} batches for appends, "
            + $"{N0(chain.Events)} events");

        var label = (Path(deep.Lot), Path(shallow.Lot));
        string Path(string lot) => $"01/{chain.Gtin}/10/{lot}";
        Load.Request Get(string path, string? accept = null, string? key = null, HttpStatusCode expect = HttpStatusCode.OK) =>
            async (_, _) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (accept is not null) request.Headers.Accept.ParseAdd(accept);
                if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                return response.StatusCode == expect;
            };
        var tag = await ETagOf(http, $"api/batches/{deep.Code}/verification");
        Load.Request Revalidate(string path) => async (_, _) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("If-None-Match", tag);
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.NotModified;
        };
        var sequence = 0L;
        Load.Request Append(bool idempotent) => async (w, n) =>
        {
            var batch = active[(w + n * settings.Concurrency) % active.Length];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/batches/{batch}/events")
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { bizStep = "inspecting", eventTime = World.InspectionTime }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", chain.ProducerKey);
            if (idempotent) request.Headers.TryAddWithoutValidation("Idempotency-Key", $"bench-{Interlocked.Increment(ref sequence)}");
            using var response = await http.SendAsync(request);
            return response.StatusCode == HttpStatusCode.Created;
        };

        var rows = new List<(string Name, int Clients, Load.Request Request)>
        {
            ("/health/live (the HTTP stack's ceiling)", 1, Get("health/live")),
            ("/health/live (the HTTP stack's ceiling)", 8, Get("health/live")),
            ("public verification, 253-batch lot", 1, Get($"api/batches/{deep.Code}/verification")),
            ("public verification, 253-batch lot", 8, Get($"api/batches/{deep.Code}/verification")),
            ("public verification, 7-batch lot", 1, Get($"api/batches/{shallow.Code}/verification")),
            ("public verification, 7-batch lot", 8, Get($"api/batches/{shallow.Code}/verification")),
            ("  revalidated (If-None-Match → 304), 253-batch lot", 8, Revalidate($"api/batches/{deep.Code}/verification")),
            ("label page (HTML), 253-batch lot", 1, Get("label/" + label.Item1, "text/html")),
            ("label page (HTML), 253-batch lot", 8, Get("label/" + label.Item1, "text/html")),
            ("Digital Link JSON (307 followed), 253-batch lot", 1, Get(label.Item1, "application/json")),
            ("Digital Link JSON (307 followed), 253-batch lot", 8, Get(label.Item1, "application/json")),
            ("full trace, 253-batch lot (inspector)", 1, Get($"api/batches/{deep.Code}/trace", key: chain.InspectorKey)),
            ("full trace, 253-batch lot (inspector)", 8, Get($"api/batches/{deep.Code}/trace", key: chain.InspectorKey)),
            ("  trace ?events=none", 8, Get($"api/batches/{deep.Code}/trace?events=none", key: chain.InspectorKey)),
            ("FSMA 204 export XLSX, 253-batch lot (inspector)", 1, Get($"api/exports/fsma204?tlc={deep.Code}", key: chain.InspectorKey)),
            ("FSMA 204 export XLSX, 253-batch lot (inspector)", 8, Get($"api/exports/fsma204?tlc={deep.Code}", key: chain.InspectorKey)),
            ("  FSMA 204 export CSV", 1, Get($"api/exports/fsma204?tlc={deep.Code}&format=csv", key: chain.InspectorKey)),
            ("event POST with Idempotency-Key", settings.Concurrency, Append(idempotent: true)),
            ("event POST without Idempotency-Key", settings.Concurrency, Append(idempotent: false)),
        };
        var measured = new List<(string Name, int Clients, Rounds Result)>();
        // --only TEXT: just the rows whose name holds TEXT (with the references), to look at one shape more often.
        var chosen = rows.Where(r => settings.Only is null || r.Name.Contains(settings.Only, StringComparison.OrdinalIgnoreCase)
            || r.Name.StartsWith("/health/live", StringComparison.Ordinal)).ToList();
        foreach (var (name, clients, request) in settings.FirstOnly ? [] : chosen)
        {
            var result = await Load.RoundsAsync(request, clients, duration, settings.Rounds, warmup);
            Log($"{name} @{clients}: {result}");
            measured.Add((name, clients, result));
        }

        // Each sample: stop the silo, start it, wait for /health/ready (what a load balancer waits for), then the very
        // first API request it serves is a full trace of the 253-batch lot (every batch, farm and certificate read from
        // PostgreSQL), then a 7-batch scan.
        var restarts = settings.FirstOnly ? Math.Max(1, settings.ColdSamples) : Math.Max(1, Math.Min(settings.ColdSamples, 5));
        Log($"first requests after a restart: {restarts} restarts of the silo process");
        var first = new FirstRequests(NewHistogram(), NewHistogram(), [], []);
        for (var s = 0; s < restarts; s++)
        {
            await silo.StopAsync();
            first.Ready.RecordValue((long)(await silo.StartAsync()).TotalMicroseconds);
            var trace = await TimeOnce(Get($"api/batches/{deep.Code}/trace", key: chain.InspectorKey));
            first.TraceSamples.Add(trace / 1000.0);
            first.Scan.RecordValue(await TimeOnce(Get($"api/batches/{shallow.Code}/verification")));
            Log($"restart {s + 1}: ready after {F1(first.Ready.MaxMs())} ms (max so far); first trace {F1(trace / 1000.0)} ms");
        }

        // Merges on an otherwise idle silo: this PostgreSQL silo, then a silo process on the embedded SQLite default.
        const int mergeCount = 20;
        Log($"merges on an idle silo: {mergeCount} on PostgreSQL, then {mergeCount} on SQLite");
        first.Merges.Add(("PostgreSQL", await chain.IdleMergesAsync(mergeCount, MergePause)));
        var sqliteDirectory = Directory.CreateTempSubdirectory("nguon-bench-sqlite-");
        try
        {
            await using var embedded = new SiloProcess("", serviceId, System.IO.Path.Combine(sqliteDirectory.FullName, "nguon.db"));
            await embedded.StartAsync();
            using var embeddedHttp = ApiClient.NewHttpClient(embedded.BaseAddress);
            var embeddedChain = new HttpChain(new ApiClient(embeddedHttp), embedded.AdminKey, Guid.NewGuid().ToString("N")[..10]);
            await embeddedChain.SetUpAsync();
            first.Merges.Add(("SQLite (the embedded default)", await embeddedChain.IdleMergesAsync(mergeCount, MergePause)));
        }
        finally
        {
            sqliteDirectory.Delete(recursive: true);
        }

        return Report(settings, measured, inProcess, first, chain.Events) ? 0 : 3;
    }

    /// <summary>The pause before each idle merge: longer than the transparency log's checkpoint interval, so nothing
    /// of the previous merge is still being written.</summary>
    private static readonly TimeSpan MergePause = TimeSpan.FromMilliseconds(1500);

    private sealed record FirstRequests(HdrHistogram.LongHistogram Ready, HdrHistogram.LongHistogram Scan, List<double> TraceSamples,
        List<(string Storage, long[] Micros)> Merges);

    private static async Task<long> TimeOnce(Load.Request request)
    {
        var t0 = Stopwatch.GetTimestamp();
        if (!await request(0, 0)) throw new InvalidOperationException("a first request after a restart failed");
        return MicrosSince(t0);
    }

    private static async Task<string> ETagOf(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.Headers.ETag?.ToString() ?? throw new InvalidOperationException($"{path} carries no ETag");
    }

    /// <summary>Prints the table; true when every target is met.</summary>
    private static bool Report(Settings settings, List<(string Name, int Clients, Rounds Result)> measured, double inProcess,
        FirstRequests first, int events)
    {
        Rounds Row(string prefix, int clients) =>
            measured.First(m => m.Name.StartsWith(prefix, StringComparison.Ordinal) && m.Clients == clients).Result;
        string Pass(bool ok) => ok ? "PASS" : "MISS";
        var table = new List<string[]> { new[] { "Request", "Clients", "p50 / p99 ms", "req/s median (rounds)", "Target", "Result" } };
        foreach (var (name, clients, r) in measured)
        {
            var (target, ok) = Target(name, clients, r, inProcess);
            table.Add([name, clients.ToString(Inv), $"{F2(r.Latency.Ms(50))} / {F2(r.Latency.Ms(99))}",
                $"{N0(r.Rate)} ({string.Join(", ", r.Rates.Select(N0))}){(r.Errors > 0 ? $", {N0(r.Errors)} errors" : "")}", target,
                target.Length == 0 ? "" : Pass(ok)]);
        }
        bool Measured(string prefix) => measured.Any(m => m.Name.StartsWith(prefix, StringComparison.Ordinal));
        if (Measured("public verification, 7"))
        {
            var deep1 = Row("public verification, 253", 1).Latency.Ms(50);
            var shallow1 = Row("public verification, 7", 1).Latency.Ms(50);
            table.Add(["253-batch scan ÷ 7-batch scan (p50 @1)", "1", F2(deep1 / shallow1) + "×", "", "≤ 1.3×",
                Pass(deep1 <= 1.3 * shallow1)]);
        }
        if (Measured("event POST with"))
        {
            var post = Row("event POST with", settings.Concurrency).Rate;
            table.Add(["in-process appends (reference, grain calls)", settings.Concurrency.ToString(Inv), "", N0(inProcess), "", ""]);
            table.Add(["event POST ÷ in-process appends", settings.Concurrency.ToString(Inv), "", Pct(post / inProcess), "≥ 60 %",
                Pass(post >= 0.6 * inProcess)]);
        }
        var trace = first.TraceSamples;
        table.Add(["first trace after a silo restart (253 batches)", "1",
            $"p50 {F1(Median(trace))}, min {F1(trace.Min())}, max {F1(trace.Max())} (n={trace.Count})", "", "≤ 150 ms",
            Pass(trace.Max() <= 150)]);
        table.Add(["  each restart's", "", string.Join(" · ", first.TraceSamples.Select(F1)), "", "", ""]);
        table.Add(["  start → /health/ready", "", $"p50 {F1(first.Ready.Ms(50))}, max {F1(first.Ready.MaxMs())}", "", "", ""]);
        table.Add(["first 7-batch scan after it", "1", $"p50 {F1(first.Scan.Ms(50))}, max {F1(first.Scan.MaxMs())}", "", "", ""]);
        foreach (var (storage, micros) in first.Merges)
        {
            var ms = micros.Select(m => m / 1000.0).ToArray();
            table.Add([$"merge of 2 lots, idle silo, {storage}", "1",
                $"p50 {F1(Median(ms))}, min {F1(ms.Min())}, max {F1(ms.Max())} (n={ms.Length})", "", "", ""]);
        }
        Console.WriteLine();
        Console.WriteLine($"Nguon HTTP benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, silo process on PostgreSQL, "
            + $"{Environment.ProcessorCount} cores, {(settings.Release ? "Release" : "DEBUG")}, {settings.Rounds}×{settings.Seconds} s per "
            + $"row, {N0(events)} events in the chains");
        Console.WriteLine();
        PrintTable(table);
        Console.WriteLine("The rounds' spread is the machine's noise; the load generator shares the cores with the silo and PostgreSQL.");
        return table.All(row => row[^1] != "MISS");
    }

    private static (string Target, bool Ok) Target(string name, int clients, Rounds r, double inProcess)
    {
        var scan = new[] { "public verification", "label page", "Digital Link" }.Any(p => name.StartsWith(p, StringComparison.Ordinal));
        if (scan && clients == 1) return ("p99 ≤ 3 ms", r.Latency.Ms(99) <= 3);
        if (scan) return ("≥ 3,000/s, p99 ≤ 15 ms", r.Rate >= 3000 && r.Latency.Ms(99) <= 15);
        if (name.StartsWith("full trace", StringComparison.Ordinal) && clients == 1) return ("p99 ≤ 15 ms", r.Latency.Ms(99) <= 15);
        if (name.StartsWith("event POST with", StringComparison.Ordinal)) return ("≥ 1,500/s", r.Rate >= 1500);
        if (name.StartsWith("FSMA 204 export", StringComparison.Ordinal) && clients == 1) return ("p99 ≤ 200 ms", r.Latency.Ms(99) <= 200);
        return ("", true);
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");
}
