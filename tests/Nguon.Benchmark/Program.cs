using System.Diagnostics;
using System.Runtime;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nguon;
using Nguon.Benchmark;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Npgsql;
using static Nguon.Benchmark.Stats;

// Nguon benchmark: event appends vs raw INSERTs on PostgreSQL, and backward-trace latency warm and cold.
// Run with tests/bench.sh (it starts and stops PostgreSQL), or:
//   dotnet run -c Release --project tests/Nguon.Benchmark -- "<npgsql connection string>" [--seconds 10] ...
// The connection string may instead come from NGUON_BENCH_POSTGRES.

var settings = Settings.Parse(args);
Console.Error.WriteLine($"bench: {settings}");
if (!settings.Release) Console.Error.WriteLine("bench: WARNING: this is not a Release build; figures are not representative");

var serviceId = "bench-" + Guid.NewGuid().ToString("N")[..12];
var options = new NguonOptions
{
    Storage = StorageKind.Postgres, ConnectionString = settings.StorageConnectionString,
    ServiceId = serviceId, ClusterId = serviceId
};
var total = Stopwatch.StartNew();

await SchemaMigrator.ApplyAsync(options);
if (settings.Lists) return await Nguon.Benchmark.Lists.ListsBench.RunAsync(settings);
if (settings.Ledger) return await Nguon.Benchmark.Ledger.LedgerBench.RunAsync(settings);
if (settings.AlertsLoad) return await Nguon.Benchmark.Ledger.AlertLoadBench.RunAsync(settings);
if (settings.ReadModel) return await Nguon.Benchmark.Lists.ProjectionLag.RunAsync(settings, options);
if (settings.EpcisCapture) return await Nguon.Benchmark.Epcis.CaptureBench.RunAsync(settings);
if (settings.EpcisQuery) return await Nguon.Benchmark.Epcis.QueryBench.RunAsync(settings);
if (settings.Http)
{
    return await Nguon.Benchmark.Http.HttpBench.RunAsync(settings, async () =>
    {
        // Critical only: stopping it while batches still hand heads to the log logs retries that say nothing here.
        await using var reference = await BenchSilo.StartAsync(options, LogLevel.Critical, telemetry: settings.Telemetry);
        var world = new World(reference.Grains, "ref-" + serviceId[6..]);
        var codes = await world.HarvestsAsync(await world.FarmsAsync(16), settings.Batches, 1000m);
        await Appends.RunAsync(reference.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(Math.Min(settings.WarmupSeconds, 10)));
        var rounds = new List<double>();
        for (var r = 0; r < settings.Rounds; r++)
        {
            var round = await Appends.RunAsync(reference.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds));
            rounds.Add(round.PerSecond);
        }
        return Median(rounds);
    });
}
var server = await RawPostgres.DescribeServerAsync(settings.ConnectionString);
var meter = await CpuMeter.CreateAsync(settings.ConnectionString);
var idle = await meter.MeasureIdleAsync(TimeSpan.FromSeconds(3));
Log($"machine before start (3 s, nothing of ours running): {idle}");

Log("starting silo");
var silo = await BenchSilo.StartAsync(options, settings.LogLevel, telemetry: settings.Telemetry);
try
{
    // ---- 1 + 2: appends and raw INSERTs, interleaved round by round so drift hits both alike ----
    Log($"setup: certificate, 16 farms, {settings.Batches} harvest batches");
    var world = new World(silo.Grains, "ev-" + serviceId[6..]);
    var farms = await world.FarmsAsync(16);
    var batchCodes = await world.HarvestsAsync(farms, settings.Batches, 1000m);

    Log($"append warm-up {settings.WarmupSeconds} s");
    await Appends.RunAsync(silo.Grains, batchCodes, settings.Concurrency, TimeSpan.FromSeconds(settings.WarmupSeconds));

    var rows = await RawPostgres.StateRowsAsync(settings.ConnectionString, serviceId);
    var payload = await RawPostgres.RepresentativeBatchPayloadAsync(settings.ConnectionString, serviceId);
    await using var raw = await RawPostgres.CreateAsync(settings.ConnectionString, settings.Concurrency, payload);
    Log($"raw INSERT warm-up 3 s (payload {payload.Length} bytes: a batch state row of this run, open page cut to half a page)");
    await raw.RunAsync(settings.Concurrency, TimeSpan.FromSeconds(3));

    var appendWindows = new List<(DateTimeOffset Start, DateTimeOffset End)>();
    var appendRounds = new List<RoundResult>();
    var insertRounds = new List<RoundResult>();
    var appendLatency = NewHistogram();
    var insertLatency = NewHistogram();
    for (var r = 1; r <= settings.Rounds; r++)
    {
        var appendStart = DateTimeOffset.UtcNow;
        var a = await Measure(meter, ()
            => Appends.RunAsync(silo.Grains, batchCodes, settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds)));
        appendWindows.Add((appendStart, DateTimeOffset.UtcNow));
        appendRounds.Add(a);
        appendLatency.Add(a.Latency);
        Log($"round {r}: appends {N0(a.PerSecond)}/s (p50 {F1(a.Latency.Ms(50))} ms, p99 {F1(a.Latency.Ms(99))} ms, errors {a.Errors}); "
            + $"CPU {a.Cpu}");
        var i = await Measure(meter, () => raw.RunAsync(settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds)));
        insertRounds.Add(i);
        insertLatency.Add(i.Latency);
        Log($"round {r}: raw INSERTs {N0(i.PerSecond)}/s (p50 {F1(i.Latency.Ms(50))} ms, p99 {F1(i.Latency.Ms(99))} ms, "
            + $"errors {i.Errors}); CPU {i.Cpu}");
    }
    var rowsAfter = await RawPostgres.StateRowsAsync(settings.ConnectionString, serviceId);
    Log("transparency log: waiting for the sequencer to catch up, then reading checkpoints and proofs");
    var log = await LogFigures.MeasureAsync(silo.Grains, appendWindows, batchCodes);

    // ---- 3: backward traces ----
    Log("building two 281-batch DAGs (warm one, cold one)");
    var warmWorld = new World(silo.Grains, "tw-" + serviceId[6..]);
    var coldWorld = new World(silo.Grains, "tc-" + serviceId[6..]);
    var warmFinal = await warmWorld.DagAsync();
    var coldFinal = await coldWorld.DagAsync();

    var shape = Traces.Check(World.Ok(await silo.Grains.GetGrain<ITraceGrain>(0).Backward(warmFinal, Actor.System)), warmFinal);
    var coldShape = Traces.Check(World.Ok(await silo.Grains.GetGrain<ITraceGrain>(0).Backward(coldFinal, Actor.System)), coldFinal);
    Log($"trace graph: {shape}; cold graph: {coldShape}");

    Log($"warm traces: {settings.TraceWarmup} warm-up + {settings.TraceIterations} timed");
    var warm = await Traces.TimeAsync(silo.Grains, warmFinal, settings.TraceWarmup, settings.TraceIterations, meter);
    Log($"warm traces: p50 {F1(warm.Latency.Ms(50))} ms, p99 {F1(warm.Latency.Ms(99))} ms; CPU {warm.Cpu}");

    // Cold: a fresh silo on the same ServiceId and database has nothing activated, so every batch, farm,
    // season and certificate is read from PostgreSQL. Sample A is literally the first call the new silo
    // serves; sample B (another DAG, nothing shared) follows it, so it excludes the silo's own first-call costs.
    Log($"cold traces: {settings.ColdSamples} silo restarts");
    var coldFirst = NewHistogram();
    var coldSecond = NewHistogram();
    var restart = NewHistogram();
    double coldSiloMs = 0, coldPostgresMs = 0;
    for (var s = 0; s < settings.ColdSamples; s++)
    {
        var t0 = Stopwatch.GetTimestamp();
        await silo.DisposeAsync();
        silo = await BenchSilo.StartAsync(options, settings.LogLevel, telemetry: settings.Telemetry);
        restart.RecordValue(MicrosSince(t0));
        var c0 = meter.Take();
        var first = await Traces.TimeOnceAsync(silo.Grains, warmFinal, shape.Batches);
        var c1 = meter.Take();
        var second = await Traces.TimeOnceAsync(silo.Grains, coldFinal, coldShape.Batches);
        var c2 = meter.Take();
        foreach (var u in new[] { meter.Between(c0, c1), meter.Between(c1, c2) })
        {
            coldSiloMs += u.Bench * u.Seconds * 1000;
            coldPostgresMs += u.Postgres * u.Seconds * 1000;
        }
        coldFirst.RecordValue(first);
        coldSecond.RecordValue(second);
        Log($"cold sample {s + 1}: first call {F1(first / 1000.0)} ms, second DAG {F1(second / 1000.0)} ms");
    }

    // ---- optional diagnostics: where does the time go? ----
    var diagnostics = new List<string[]>();
    if (settings.Diagnose)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        Log("diagnose: Orleans's WriteToStorage query straight through Npgsql, as the provider issues it");
        var d1 = await RawPostgres.RunWriteToStorageAsync(settings.StorageConnectionString, settings.Concurrency, duration, payload,
            "diag1-" + serviceId, meter);
        var noReset = new NpgsqlConnectionStringBuilder(settings.StorageConnectionString) { NoResetOnClose = true }.ConnectionString;
        var d2 = await RawPostgres.RunWriteToStorageAsync(noReset, settings.Concurrency, duration, payload, "diag2-" + serviceId, meter);
        var pool64 = new NpgsqlConnectionStringBuilder(settings.StorageConnectionString) { MaxPoolSize = settings.Concurrency + 8 }
            .ConnectionString;
        var d3 = await RawPostgres.RunWriteToStorageAsync(pool64, settings.Concurrency, duration, payload, "diag3-" + serviceId, meter);

        Log("diagnose: warm fan-outs from the client over the 281 batches of the traced DAG");
        var codes = World.Ok(await silo.Grains.GetGrain<ITraceGrain>(0).Backward(warmFinal, Actor.System)).Batches.Select(b => b.Batch.Code).ToArray();
        var getNode = await Traces.TimeFanoutAsync(meter, 100, ()
            => Task.WhenAll(codes.Select(c => silo.Grains.GetGrain<IBatchGrain>(c).GetNode())));
        var get = await Traces.TimeFanoutAsync(meter, 100, ()
            => Task.WhenAll(codes.Select(c => silo.Grains.GetGrain<IBatchGrain>(c).GetRecord())));
        var sequential = await Traces.TimeFanoutAsync(meter, 20, async () =>
        {
            foreach (var c in codes) await silo.Grains.GetGrain<IBatchGrain>(c).GetRecord();
        });
        var references = codes.Select(c => silo.Grains.GetGrain<IBatchGrain>(c)).ToArray();
        var cachedRefs = await Traces.TimeFanoutAsync(meter, 100, () => Task.WhenAll(references.Select(r => r.GetNode())));
        var getGrain = Traces.TimeCpuBound(meter, 20_000, i => silo.Grains.GetGrain<IBatchGrain>(codes[i % codes.Length]));
        var graph = World.Ok(await silo.Grains.GetGrain<ITraceGrain>(0).Backward(warmFinal, Actor.System));
        var copier = silo.Services.GetRequiredService<Orleans.Serialization.DeepCopier>();
        var deepCopy = Traces.TimeCpuBound(meter, 200, _ => copier.Copy(graph));

        Log("diagnose: appends on a silo whose grain storage is in this process (JSON-serialised, no database)");
        await silo.DisposeAsync();
        silo = await BenchSilo.StartAsync(options, settings.LogLevel, inProcessStorage: true);
        var memWorld = new World(silo.Grains, "mem-" + serviceId[6..]);
        var memBatches = await memWorld.HarvestsAsync(await memWorld.FarmsAsync(16), settings.Batches, 1000m);
        await Appends.RunAsync(silo.Grains, memBatches, settings.Concurrency, TimeSpan.FromSeconds(settings.WarmupSeconds));
        var d4 = await Measure(meter, () => Appends.RunAsync(silo.Grains, memBatches, settings.Concurrency, duration));

        string Row(RoundResult r)
            => $"{N0(r.PerSecond)}/s, p50 {F1(r.Latency.Ms(50))} / p99 {F1(r.Latency.Ms(99))} ms, CPU {F2(r.CpuMsPerOp)} ms/op "
                + $"(errors {r.Errors})";
        string Fan(TraceResult t) => $"p50 {F1(t.Latency.Ms(50))} / p99 {F1(t.Latency.Ms(99))} ms, CPU {F1(t.CpuMsPerTrace)} ms each";
        diagnostics.Add(["Diagnostic", "Figure", "CPU during it"]);
        diagnostics.Add([$"WriteToStorage via Npgsql @{settings.Concurrency}, open/close per call, "
            + $"pool {new NpgsqlConnectionStringBuilder(settings.StorageConnectionString).MaxPoolSize} (as the silo)", Row(d1),
                d1.Cpu!.ToString()]);
        diagnostics.Add(["  same, No Reset On Close=true", Row(d2), d2.Cpu!.ToString()]);
        diagnostics.Add([$"  same, pool {settings.Concurrency + 8}", Row(d3), d3.Cpu!.ToString()]);
        diagnostics.Add([$"Appends @{settings.Concurrency}, grain storage in-process (no database)", Row(d4), d4.Cpu!.ToString()]);
        diagnostics.Add(["Warm: GetNode on all 281 batches at once from the client", Fan(getNode), getNode.Cpu.ToString()]);
        diagnostics.Add(["Warm: Get on all 281 batches at once from the client", Fan(get), get.Cpu.ToString()]);
        diagnostics.Add(["Warm: Get on the 281 batches one after another", Fan(sequential), sequential.Cpu.ToString()]);
        diagnostics.Add(["Warm: GetNode on all 281 at once, grain references made beforehand", Fan(cachedRefs), cachedRefs.Cpu.ToString()]);
        diagnostics.Add(["GetGrain<IBatchGrain>(code) alone (making a reference, no call)", $"{F1(getGrain.MicrosEach)} µs each (wall)",
            getGrain.Cpu.ToString()]);
        diagnostics.Add([$"Orleans deep copy of one traced graph ({graph.Batches.Count} batches, {graph.Batches.Sum(b => b.Events.Count)} "
            + $"events)", $"{F2(deepCopy.MicrosEach / 1000)} ms each (wall)", deepCopy.Cpu.ToString()]);
    }

    // ---- report ----
    var appendRates = appendRounds.Select(x => x.PerSecond).ToList();
    var insertRates = insertRounds.Select(x => x.PerSecond).ToList();
    var eventsPerSecond = Median(appendRates);
    var insertsPerSecond = Median(insertRates);
    string Verdict(bool pass) => pass ? "PASS" : "MISS";
    string Spread(List<double> v) => $"{Pct((v.Max() - v.Min()) / Median(v))} (max−min)/median";

    var table = new List<string[]>
    {
        new[] { "Measure", "Figure", "Target", "Result" },
        new[] { $"Events appended/s on PostgreSQL @{settings.Concurrency} (median of {settings.Rounds}×{settings.Seconds} s)",
            $"{N0(eventsPerSecond)}  (min {N0(appendRates.Min())}, max {N0(appendRates.Max())})", "≥ 1,500/s",
                Verdict(eventsPerSecond >= 1500) },
        new[] { "  per round", string.Join(" | ", appendRates.Select(N0)), "", "" },
        new[] { "  append latency p50 / p99 / max",
            $"{F1(appendLatency.Ms(50))} / {F1(appendLatency.Ms(99))} / {F1(appendLatency.MaxMs())} ms  (n={N0(appendLatency.TotalCount)},"
                + $" errors {appendRounds.Sum(x => x.Errors)})", "", "" },
        new[] { $"Raw single-row INSERT/s @{settings.Concurrency} (autocommit, {N0(payload.Length)}-byte bytea)",
            $"{N0(insertsPerSecond)}  (min {N0(insertRates.Min())}, max {N0(insertRates.Max())})", "reference", "" },
        new[] { "  per round", string.Join(" | ", insertRates.Select(N0)), "", "" },
        new[] { "  INSERT latency p50 / p99 / max",
            $"{F1(insertLatency.Ms(50))} / {F1(insertLatency.Ms(99))} / {F1(insertLatency.MaxMs())} ms  (n={N0(insertLatency.TotalCount)},"
                + $" errors {insertRounds.Sum(x => x.Errors)})", "", "" },
        new[] { "  CPU per event (silo + postgres)", $"{F2(CpuPerOp(appendRounds))} ms", "", "" },
        new[] { "  CPU per INSERT (client + postgres)", $"{F2(CpuPerOp(insertRounds))} ms", "", "" },
        new[] { "Events/s ÷ INSERTs/s", F2(eventsPerSecond / insertsPerSecond), "", "" },
        new[] { $"Backward trace, warm ({shape}; {settings.TraceIterations} calls)",
            $"p50 {F1(warm.Latency.Ms(50))} / p99 {F1(warm.Latency.Ms(99))} / max {F1(warm.Latency.MaxMs())} ms", "p99 ≤ 20 ms",
                Verdict(warm.Latency.Ms(99) <= 20) },
        new[] { $"Backward trace, cold: first call on a fresh silo ({settings.ColdSamples} restarts)",
            $"p50 {F1(coldFirst.Ms(50))} / p99 {F1(coldFirst.Ms(99))} / max {F1(coldFirst.MaxMs())} ms", "p99 ≤ 250 ms",
                Verdict(coldFirst.Ms(99) <= 250) },
        new[] { "  cold, second DAG right after (silo already serving)",
            $"p50 {F1(coldSecond.Ms(50))} / p99 {F1(coldSecond.Ms(99))} / max {F1(coldSecond.MaxMs())} ms", "p99 ≤ 250 ms",
                Verdict(coldSecond.Ms(99) <= 250) },
        new[] { "Machine noise: spread across rounds", $"appends {Spread(appendRates)}; INSERTs {Spread(insertRates)}", "", "" },
        new[] { "  other processes' CPU (cores, of " + Environment.ProcessorCount + ")",
            $"before start {F2(idle.OtherProcesses)}; during rounds "
                + $"avg {F2(appendRounds.Concat(insertRounds).Average(x => x.Cpu!.OtherProcesses))}, "
                    + $"max {F2(appendRounds.Concat(insertRounds).Max(x => x.Cpu!.OtherProcesses))}; warm "
                        + $"traces {F2(warm.Cpu.OtherProcesses)}", "", "" },
        new[] { "  kernel threads, interrupts, short-lived processes",
            $"before start {F2(idle.Rest)}; during rounds avg {F2(appendRounds.Concat(insertRounds).Average(x => x.Cpu!.Rest))}", "", "" },
        new[] { "Environment.ProcessorCount", Environment.ProcessorCount.ToString(Inv), "", "" },
    };

    table.InsertRange(table.FindIndex(row => row[0].StartsWith("Machine noise", StringComparison.Ordinal)), log.Rows());

    Console.WriteLine();
    Console.WriteLine($"Nguon benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {server}");
    Console.WriteLine($".NET {Environment.Version}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC,"
        + $" {(settings.Release ? "Release" : "DEBUG")} build, " +
        $"silo log level {settings.LogLevel}, storage pool: {settings.StoragePoolDescription}, ServiceId {serviceId}, " +
        (settings.Telemetry ? "telemetry configured (OpenTelemetry sources, meters, propagation; no exporter)" : "telemetry off"));
    Console.WriteLine();
    PrintTable(table);
    Console.WriteLine();
    Console.WriteLine("Grain state rows written by this run (bytes of payloadbinary; stored = after PostgreSQL compression):");
    Console.WriteLine("  after the append warm-up:");
    foreach (var line in rows) Console.WriteLine("    " + line);
    Console.WriteLine("  after the measured rounds:");
    foreach (var line in rowsAfter) Console.WriteLine("    " + line);
    Console.WriteLine("CPU by round (cores):");
    for (var r = 0; r < appendRounds.Count; r++)
    {
        Console.WriteLine($"  round {r + 1} appends: {appendRounds[r].Cpu}");
        Console.WriteLine($"  round {r + 1} INSERTs: {insertRounds[r].Cpu}");
    }
    Console.WriteLine($"  warm traces: {warm.Cpu}; CPU per trace (silo + postgres) {F1(warm.CpuMsPerTrace)} ms");
    var coldTraces = Math.Max(1, 2 * settings.ColdSamples);
    Console.WriteLine($"  cold traces: CPU per trace (silo + postgres) {F1((coldSiloMs + coldPostgresMs) / coldTraces)} ms = "
        + $"silo {F1(coldSiloMs / coldTraces)} + postgres {F1(coldPostgresMs / coldTraces)}");
    if (diagnostics.Count > 0)
    {
        Console.WriteLine();
        PrintTable(diagnostics);
    }
    Console.WriteLine($"Silo restart (stop + start) for cold samples: p50 {F1(restart.Ms(50))} ms, max {F1(restart.MaxMs())} ms. Total "
        + $"run {F1(total.Elapsed.TotalSeconds)} s.");
    Console.WriteLine($"Note: with {settings.ColdSamples} cold samples, p99 is the largest or second-largest sample.");

    return eventsPerSecond >= 1500 && warm.Latency.Ms(99) <= 20 && coldFirst.Ms(99) <= 250 ? 0 : 3;
}
finally
{
    await silo.DisposeAsync();
    await RawPostgres.DropScratchAsync(settings.ConnectionString);
}

static async Task<RoundResult> Measure(CpuMeter meter, Func<Task<RoundResult>> run)
{
    var before = meter.Take();
    var result = await run();
    return result with { Cpu = meter.Between(before, meter.Take()) };
}

static double CpuPerOp(List<RoundResult> rounds) =>
    rounds.Sum(r => (r.Cpu!.Bench + r.Cpu.Postgres) * r.Cpu.Seconds) * 1000 / rounds.Sum(r => r.Count);

static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");

namespace Nguon.Benchmark
{
    public sealed record RoundResult(long Count, long Errors, double Seconds, LongHistogram Latency)
    {
        public double PerSecond => Count / Seconds;
        public CpuMeter.Usage? Cpu { get; init; }
        public double CpuMsPerOp => Cpu?.MsPerOp(Count) ?? double.NaN;
    }

    public sealed record TraceResult(LongHistogram Latency, CpuMeter.Usage Cpu, int Calls)
    {
        public double CpuMsPerTrace => Cpu.MsPerOp(Calls);
    }

    public sealed record Settings(
        string ConnectionString, string StorageConnectionString, string StoragePoolDescription, int Concurrency, int Batches,
        int Rounds, int Seconds, int WarmupSeconds, int TraceWarmup, int TraceIterations, int ColdSamples, LogLevel LogLevel,
            bool Diagnose, bool Telemetry, bool Http = false, bool FirstOnly = false, bool Lists = false, bool ReadModel = false,
            int Lots = 100_000, string Seed = "copy", string? Only = null, bool Ledger = false, int Runs = 15,
            bool AlertsLoad = false, int AlertInterval = 15)
    {
        /// <summary>--epcis-capture: EPCIS capture through HTTP (Epcis/CaptureBench).</summary>
        public bool EpcisCapture { get; init; }

        /// <summary>--epcis-query [--events 500000]: the EPCIS query store over N events seeded by COPY (Epcis/QueryBench).</summary>
        public bool EpcisQuery { get; init; }

        public int Events { get; init; } = 500_000;

#if DEBUG
        public bool Release => false;
#else
        public bool Release => true;
#endif

        public static Settings Parse(string[] args)
        {
            string? cs = null;
            var named = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < args.Length; i++)
            {
                if (args[i] is "--diagnose" or "--telemetry" or "--http" or "--first-only" or "--lists" or "--read-model" or "--ledger"
                    or "--alerts-load" or "--epcis-capture" or "--epcis-query")
                    named[args[i][2..]] = "true";
                else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) named[args[i][2..]] = args[++i];
                else cs ??= args[i];
            }
            cs ??= Environment.GetEnvironmentVariable("NGUON_BENCH_POSTGRES");
            if (string.IsNullOrWhiteSpace(cs))
                throw new ArgumentException("usage: Nguon.Benchmark \"<npgsql connection string>\" [--concurrency 64] [--batches 256] "
                    + "[--rounds 3] [--seconds 10] " +
                    "[--warmup 30] [--trace-warmup 20] [--trace-iterations 200] [--cold 20] [--log-level Warning] [--storage-pool N] "
                        + "[--storage-extra \"Key=Value;...\"] [--diagnose] [--telemetry] [--http [--first-only] [--only TEXT]] [--lists [--lots 100000] [--seed copy|apply] [--only TEXT]] [--read-model] [--ledger [--runs 15] [--diagnose]] "
                        + "[--alerts-load [--alert-interval 15]] [--epcis-capture] [--epcis-query [--events 500000]] "
                        + "(or set NGUON_BENCH_POSTGRES)");
            int Int(string name, int fallback) => named.TryGetValue(name, out var v) ? int.Parse(v, Inv) : fallback;

            // The silo's storage uses the connection string as given (tests/postgres.sh gives Maximum Pool Size=50,
            // as production should), unless --storage-pool overrides the pool size to see its effect.
            var storage = new NpgsqlConnectionStringBuilder(cs);
            if (named.TryGetValue("storage-pool", out var pool)) storage.MaxPoolSize = int.Parse(pool, Inv);
            var poolDescription = $"Maximum Pool Size={storage.MaxPoolSize}"
                + (named.ContainsKey("storage-pool") ? " (--storage-pool)" : " (from the connection string)");
            if (named.TryGetValue("storage-extra", out var extra))
            {
                foreach (var (key, value) in new NpgsqlConnectionStringBuilder(extra)) storage[key] = value;
                poolDescription += $", plus {extra} (--storage-extra)";
            }
            // --lists measures 18 rows both ways: 3 s rounds keep a full run near 10 minutes.
            var lists = named.ContainsKey("lists");
            // --alerts-load: rounds long enough to hold several alert passes (every 15 s by default).
            var alerts = named.ContainsKey("alerts-load");
            return new Settings(cs, storage.ConnectionString, poolDescription,
                Int("concurrency", 64), Int("batches", 256), Int("rounds", 3), Int("seconds", lists ? 3 : alerts ? 40 : 10),
                Int("warmup", lists ? 1 : 30),
                Int("trace-warmup", 20), Int("trace-iterations", 200), Int("cold", 20),
                named.TryGetValue("log-level", out var level) ? Enum.Parse<LogLevel>(level, ignoreCase: true) : LogLevel.Warning,
                named.ContainsKey("diagnose"), named.ContainsKey("telemetry"), named.ContainsKey("http"), named.ContainsKey("first-only"), lists,
                named.ContainsKey("read-model"), Int("lots", 100_000),
                named.TryGetValue("seed", out var seed) ? seed : "copy", named.GetValueOrDefault("only"),
                named.ContainsKey("ledger"), Int("runs", 15), alerts, Int("alert-interval", 15))
            {
                EpcisCapture = named.ContainsKey("epcis-capture"),
                EpcisQuery = named.ContainsKey("epcis-query"),
                Events = Int("events", 500_000),
            };
        }

        public override string ToString() =>
            $"concurrency {Concurrency}, batches {Batches}, rounds {Rounds}×{Seconds} s after {WarmupSeconds} s warm-up, " +
            $"traces {TraceWarmup}+{TraceIterations} warm, {ColdSamples} cold, log level {LogLevel}, " +
            $"storage pool {StoragePoolDescription}" +
            (Diagnose ? ", with diagnostics" : "") + (Telemetry ? ", telemetry configured (not exported)" : ", telemetry off");
    }

    /// <summary>Concurrent event appends: each worker owns the batches w, w+C, w+2C, … and records "inspecting"
    /// events on them in turn, so no two workers wait on the same (non-reentrant) batch grain.</summary>
    public static class Appends
    {
        public static async Task<RoundResult> RunAsync(IGrainFactory grains, string[] batches, int concurrency, TimeSpan duration)
        {
            var command = new RecordEvent("inspecting", World.InspectionTime);
            var start = Stopwatch.GetTimestamp();
            var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
            {
                var mine = batches.Where((_, i) => i % concurrency == w).Select(code => grains.GetGrain<IBatchGrain>(code)).ToArray();
                var histogram = NewHistogram();
                long count = 0, errors = 0;
                for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        var outcome = await mine[n % mine.Length].RecordEvent(command, World.Producer);
                        if (!outcome.IsOk)
                            throw new InvalidOperationException($"{outcome.Status}: {string.Join("; ", outcome.Violations)}");
                        if (Stopwatch.GetTimestamp() <= end) { count++; histogram.RecordValue(MicrosSince(t0)); }
                    }
                    catch (Exception e)
                    {
                        if (Interlocked.Increment(ref errorsLogged) <= 5) Console.Error.WriteLine($"bench: append "
                            + $"failed: {e.GetType().Name}: {e.Message}");
                        errors++;
                    }
                }
                return (count, errors, histogram);
            })).ToArray();
            var results = await Task.WhenAll(workers);
            var latency = NewHistogram();
            foreach (var r in results) latency.Add(r.histogram);
            return new RoundResult(results.Sum(r => r.count), results.Sum(r => r.errors), duration.TotalSeconds, latency);
        }

        private static int errorsLogged;
    }

    public sealed record GraphShape(int Batches, int Depth, int Farms, int Certificates)
    {
        public override string ToString() => $"{Batches} batches, depth {Depth} ({Depth + 1} tiers), {Farms} farms";
    }

    public static class Traces
    {
        /// <summary>Checks the traced graph is what the benchmark promises: ≥ 200 batches, depth ≥ 6, nothing missing.</summary>
        public static GraphShape Check(ProvenanceGraph graph, string root)
        {
            var byCode = graph.Batches.ToDictionary(n => n.Batch.Code, StringComparer.Ordinal);
            var depth = new Dictionary<string, int>(StringComparer.Ordinal);
            int Depth(string code) => depth.TryGetValue(code, out var d) ? d
                : depth[code] = byCode[code].Batch.Origin.Parents.Select(p => Depth(p.Batch) + 1).DefaultIfEmpty(0).Max();
            var shape = new GraphShape(graph.Batches.Count, Depth(root), graph.Farms.Count, graph.Certificates.Count);
            if (shape.Batches < 200 || shape.Depth < 6 || graph.Missing.Count > 0)
                throw new InvalidOperationException($"trace of {root} is not the promised graph: {shape}, missing {graph.Missing.Count}");
            return shape;
        }

        public static async Task<TraceResult> TimeAsync(IGrainFactory grains, string root, int warmup, int iterations, CpuMeter meter)
        {
            var histogram = NewHistogram();
            for (var i = 0; i < warmup; i++) await TimeOnceAsync(grains, root, null);
            var start = meter.Take();
            for (var i = 0; i < iterations; i++) histogram.RecordValue(await TimeOnceAsync(grains, root, null));
            return new TraceResult(histogram, meter.Between(start, meter.Take()), iterations);
        }

        public static async Task<TraceResult> TimeFanoutAsync(CpuMeter meter, int iterations, Func<Task> fanout)
        {
            for (var i = 0; i < 10; i++) await fanout();
            var histogram = NewHistogram();
            var start = meter.Take();
            for (var i = 0; i < iterations; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                await fanout();
                histogram.RecordValue(MicrosSince(t0));
            }
            return new TraceResult(histogram, meter.Between(start, meter.Take()), iterations);
        }

        /// <summary>Times a synchronous, CPU-bound action (wall time per iteration, on this thread).</summary>
        public static (double MicrosEach, CpuMeter.Usage Cpu) TimeCpuBound(CpuMeter meter, int iterations, Func<int, object> action)
        {
            for (var i = 0; i < Math.Min(iterations, 1000); i++) GC.KeepAlive(action(i));
            var start = meter.Take();
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < iterations; i++) GC.KeepAlive(action(i));
            var us = MicrosSince(t0);
            return ((double)us / iterations, meter.Between(start, meter.Take()));
        }

        /// <summary>One Backward call from the silo's own client, timed in microseconds; the answer is checked
        /// (outside the timing) to be complete.</summary>
        public static async Task<long> TimeOnceAsync(IGrainFactory grains, string root, int? expectedBatches)
        {
            var t0 = Stopwatch.GetTimestamp();
            var outcome = await grains.GetGrain<ITraceGrain>(0).Backward(root, Actor.System);
            var us = MicrosSince(t0);
            var graph = World.Ok(outcome);
            if (expectedBatches is { } n && (graph.Batches.Count != n || graph.Missing.Count > 0))
                throw new InvalidOperationException($"trace of {root} returned {graph.Batches.Count} batches ({graph.Missing.Count} "
                    + $"missing), expected {n}");
            return us;
        }
    }
}
