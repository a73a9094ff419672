using System.Diagnostics;
using System.Diagnostics.Metrics;
using Nguon.Domain.Alerts;
using Nguon.Model;
using Nguon.Silo.Alerts;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Nguon.Telemetry;
using Npgsql;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Ledger;

/// <summary><c>tests/bench.sh --alerts-load</c>: does incremental alerting keep up with the append benchmark's load (issue 15)?
/// <see cref="LedgerWorld"/>'s province-sized season is seeded into rm_* (with stub grain rows, so the silo's sweep keeps it);
/// an in-process silo then registers through grains the certificate VN-GI-00017, 16 farms and 256 harvest batches of the season
/// (harvested in July, recorded now, so each is judged back-dated: 256 alerts, raised once). 64 workers append "inspecting"
/// events to those batches as the append benchmark does; every append marks the season changed, so every pass of the alert
/// evaluator reads those lots again (its first pass, and one per schedule, the whole season) and judges the whole season.
/// Two phases on the same rows, a fresh silo each: the evaluator off (Interval 1 h,
/// the most allowed: no pass runs), the reference; then on (Interval 15 s). Off comes first so that the on phase's warm-up
/// holds the one pass that raises the season's alerts. In both phases a harvest back-dated by months is planted every 5 s; in
/// the on phase each is looked for in nguon_alerts from its acknowledgement until it shows (or 120 s: missed). Pass durations
/// come from the evaluator's own histogram (nguon.alerts.evaluation.duration), heard by a MeterListener in this process.
/// It keeps up when every fraud is found, detection p99 ≤ 2 × Interval and no pass lasts an Interval.</summary>
public static class AlertLoadBench
{
    private const string Instrument = "nguon.alerts.evaluation.duration";
    private const int FarmCount = 16;
    private static readonly TimeSpan PlantEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DetectWithin = TimeSpan.FromSeconds(120);
    /// <summary>Inside the harvest window (05-20..07-31): the load's batches and the frauds are only back-dated.</summary>
    private static readonly DateTimeOffset July = new(2026, 7, 10, 6, 0, 0, World.Hanoi);

    private sealed class Fraud(string code, long acked)
    {
        public string Code => code;
        public string AlertId { get; } = AlertRules.AlertId(LedgerWorld.Gi, LedgerWorld.Season, AlertRules.BackDated, code);
        public long Acked => acked;
        public long? Seen { get; set; }
        public bool Missed { get; set; }
        public double Seconds => (Seen!.Value - Acked) / (double)Stopwatch.Frequency;
    }

    private sealed record PhaseResult(List<RoundResult> Rounds, CpuMeter.Usage Cpu, List<double> Passes, List<double> WarmupPasses,
        int PassesOutside, List<Fraud> Frauds, string Load, int WholePasses);

    private static readonly List<(long At, double Ms, bool Whole)> Evaluations = [];

    public static async Task<int> RunAsync(Settings settings)
    {
        var serviceId = "alerts-" + Guid.NewGuid().ToString("N")[..12];
        var options = new NguonOptions
        {
            Storage = StorageKind.Postgres, ConnectionString = settings.StorageConnectionString,
            ServiceId = serviceId, ClusterId = serviceId,
        };
        var interval = TimeSpan.FromSeconds(settings.AlertInterval);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NguonTelemetry.Name && instrument.Name == Instrument) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, ms, tags, _) =>
        {
            var whole = false;
            foreach (var tag in tags) whole |= tag is { Key: "read", Value: "whole" };
            lock (Evaluations) Evaluations.Add((Stopwatch.GetTimestamp(), ms, whole));
        });
        listener.Start();
        try
        {
            var meter = await CpuMeter.CreateAsync(settings.ConnectionString);
            var loadBefore = LedgerBench.LoadAverage();
            var idle = await meter.MeasureIdleAsync(TimeSpan.FromSeconds(3));
            Log($"machine before start (3 s, nothing of ours running): {idle}; load average {loadBefore}");
            var world = new LedgerWorld();
            var seeded = await world.SeedAsync(options.StorageConnectionString, serviceId); // with stub grain rows
            Log($"seeded {N0(world.Lots.Count)} lots, {N0(world.Farms.Count)} farms by COPY in {F1(seeded)} s, with stub grain rows");

            var off = await Phase(settings, options, meter, AlertOptions.MaxInterval, setup: true);
            var on = await Phase(settings, options, meter, interval, setup: false);
            var loadAfter = LedgerBench.LoadAverage();
            var diagnosis = settings.Diagnose ? await AlertLoadDiagnosis.RunAsync(settings, options) : null;
            return await Report(settings, options, interval, idle, loadBefore, loadAfter, on, off, diagnosis);
        }
        catch (Exception e)
        {
            Log($"FAILED: {e}");
            return 2;
        }
    }

    private static async Task<PhaseResult> Phase(Settings settings, NguonOptions options, CpuMeter meter, TimeSpan interval, bool setup)
    {
        var evaluating = interval < AlertOptions.MaxInterval;
        var name = evaluating ? "on" : "off";
        var config = new Dictionary<string, string?> { [$"{AlertOptions.Section}:Interval"] = interval.ToString("c") };
        Log($"evaluator {name} (Nguon:Alerts:Interval {interval:c}): starting silo");
        await using var silo = await BenchSilo.StartAsync(options, settings.LogLevel, settings: config);
        var world = new World(silo.Grains, "al", LedgerWorld.Gi, LedgerWorld.MaxYield);
        string[] farms = [.. Enumerable.Range(0, FarmCount).Select(i => world.Id($"farm{i}"))];
        var codes = LoadBatches(world, settings.Batches);
        if (setup)
        {
            Log($"setup through grains: certificate {LedgerWorld.Gi}, {FarmCount} farms, {settings.Batches} harvests of July 2026");
            farms = await world.FarmsAsync(FarmCount);
            codes = await world.HarvestsAsync(farms, settings.Batches, 1000m, at: July);
        }
        var start = Stopwatch.GetTimestamp();
        Log($"evaluator {name}: warm-up {settings.WarmupSeconds} s");
        await Appends.RunAsync(silo.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(settings.WarmupSeconds));
        // The first pass raises the season's alerts (once): the warm-up lasts until it is over, so the rounds hold steady passes.
        while (evaluating && !Heard(start) && Stopwatch.GetElapsedTime(start) < DetectWithin)
            await Appends.RunAsync(silo.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(5));
        var load = LedgerBench.LoadAverage();

        var frauds = new List<Fraud>();
        using var stop = new CancellationTokenSource();
        var planter = Plant(silo.Grains, world, farms, name, frauds, stop.Token);
        var poller = evaluating ? Poll(new ReadModelSql(StorageKind.Postgres, options.StorageConnectionString, options.ServiceId), frauds,
            planter) : Task.CompletedTask;
        var rounds = new List<RoundResult>();
        var (c0, t0) = (meter.Take(), Stopwatch.GetTimestamp());
        for (var r = 1; r <= settings.Rounds; r++)
        {
            var before = meter.Take();
            var round = await Appends.RunAsync(silo.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds));
            rounds.Add(round with { Cpu = meter.Between(before, meter.Take()) });
            Log($"evaluator {name}, round {r}: {N0(round.PerSecond)} appends/s (p50 {F1(round.Latency.Ms(50))} / p99 "
                + $"{F1(round.Latency.Ms(99))} ms, errors {round.Errors}); CPU {rounds[^1].Cpu}");
        }
        var (cpu, t1) = (meter.Between(c0, meter.Take()), Stopwatch.GetTimestamp());
        await stop.CancelAsync();
        await planter;
        // The last frauds still wait for a pass: the load goes on (not measured) until each is found or given up on.
        while (!poller.IsCompleted) await Appends.RunAsync(silo.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(5));
        await poller;
        List<(long At, double Ms, bool Whole)> heard;
        lock (Evaluations) heard = [.. Evaluations.Where(e => e.At >= start)];
        return new(rounds, cpu, [.. heard.Where(e => e.At >= t0 && e.At <= t1).Select(e => e.Ms)],
            [.. heard.Where(e => e.At < t0).Select(e => e.Ms)], heard.Count(e => e.At > t1), frauds, load,
            heard.Count(e => e.At >= t0 && e.At <= t1 && e.Whole));
    }

    private static bool Heard(long since)
    {
        lock (Evaluations) return Evaluations.Any(e => e.At >= since);
    }

    /// <summary>The world's load batches (as <see cref="World.HarvestsAsync"/> names them).</summary>
    internal static string[] LoadBatches(World world, int count) => [.. Enumerable.Range(0, count).Select(i => world.Id($"h{i}"))];

    /// <summary>Every <see cref="PlantEvery"/> (the frauds' pace, not a wait for anything) one harvest of July, recorded now, on
    /// the next farm: the back-dating rule's finding, subject its batch code.</summary>
    private static async Task Plant(IGrainFactory grains, World world, string[] farms, string phase, List<Fraud> frauds,
        CancellationToken stop)
    {
        using var timer = new PeriodicTimer(PlantEvery);
        try
        {
            for (var n = 0; await timer.WaitForNextTickAsync(stop); n++)
            {
                var code = world.Id($"{phase}-late{n}");
                World.Ok(await grains.GetGrain<IFarmGrain>(farms[n % farms.Length]).RecordHarvest(
                    new RecordHarvest(code, "lychee", new Quantity(10m, "kg"), July.AddDays(n % 20), world.Gi), World.Producer));
                var acked = Stopwatch.GetTimestamp();
                lock (frauds) frauds.Add(new Fraud(code, acked));
            }
        }
        catch (OperationCanceledException)
        {
            // the rounds are over
        }
    }

    /// <summary>Looks for the pending frauds' alerts (one SELECT by primary key) until the planter is done and none is pending.</summary>
    private static async Task Poll(ReadModelSql sql, List<Fraud> frauds, Task planter)
    {
        await using var connection = await sql.Open();
        // Polling is how a benchmark sees an alert appear: every 100 ms, the resolution of the detection figure.
        using var timer = new PeriodicTimer(PollEvery);
        while (await timer.WaitForNextTickAsync())
        {
            var done = planter.IsCompleted; // read first: a fraud added after it is read below, or at the next tick
            Fraud[] pending;
            lock (frauds) pending = [.. frauds.Where(f => f.Seen is null && !f.Missed)];
            if (pending.Length == 0)
            {
                if (done) return;
                continue;
            }
            await using var command = (NpgsqlCommand)sql.Command(connection,
                "SELECT id FROM nguon_alerts WHERE service_id = @s AND id = ANY(@ids)");
            command.Parameters.AddWithValue("ids", pending.Select(f => f.AlertId).ToArray());
            var found = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync())
                while (await reader.ReadAsync()) found.Add(reader.GetString(0));
            var now = Stopwatch.GetTimestamp();
            foreach (var f in pending)
            {
                if (found.Contains(f.AlertId)) f.Seen = now;
                else if (now - f.Acked > DetectWithin.TotalSeconds * Stopwatch.Frequency) f.Missed = true;
            }
        }
    }

    private static async Task<int> Report(Settings settings, NguonOptions options, TimeSpan interval, CpuMeter.Usage idle,
        string loadBefore, string loadAfter, PhaseResult on, PhaseResult off, List<string[]>? diagnosis)
    {
        var sql = new ReadModelSql(StorageKind.Postgres, options.StorageConnectionString, options.ServiceId);
        var alerts = await sql.Rows("SELECT rule, count(*) FROM nguon_alerts WHERE service_id = @s GROUP BY rule ORDER BY rule", [],
            r => $"{r.GetString(0)} {r.GetInt64(1)}");
        double Rate(PhaseResult p) => Median([.. p.Rounds.Select(r => r.PerSecond)]);
        string Appended(PhaseResult p)
        {
            var latency = NewHistogram();
            foreach (var r in p.Rounds) latency.Add(r.Latency);
            return $"{N0(Rate(p))} ({string.Join(", ", p.Rounds.Select(r => N0(r.PerSecond)))}), p50 {F1(latency.Ms(50))} / "
                + $"p99 {F1(latency.Ms(99))} ms, errors {p.Rounds.Sum(r => r.Errors)}";
        }
        string Cpu(PhaseResult p) => $"bench {F2(p.Cpu.Bench)} + postgres {F2(p.Cpu.Postgres)} + other {F2(p.Cpu.Other)}";
        var passes = on.Passes;
        var detected = on.Frauds.Where(f => f.Seen is not null).Select(f => f.Seconds).ToList();
        var missed = on.Frauds.Count(f => f.Seen is null);
        var maxPass = passes.DefaultIfEmpty(double.NaN).Max();
        var detectP99 = detected.Count > 0 ? Rank(detected, 99) : double.NaN;
        var keepsUp = missed == 0 && detected.Count > 0 && detectP99 <= 2 * interval.TotalSeconds && maxPass < interval.TotalMilliseconds;
        string Dist(List<double> v, Func<double, string> f) =>
            v.Count == 0 ? "none" : $"{f(Rank(v, 50))} / {f(Rank(v, 99))} / {f(v.Max())}";
        string Yes(bool ok) => ok ? "yes" : "NO";
        var measured = $"{settings.Rounds}×{settings.Seconds} s";
        var table = new List<string[]>
        {
            new[] { "measure", "figure", "target", "met" },
            new[] { $"appends/s @{settings.Concurrency}, evaluator on (Interval {interval.TotalSeconds:0} s), median of {measured}",
                Appended(on), "", "" },
            new[] { $"appends/s @{settings.Concurrency}, evaluator off (Interval 1 h: no pass), median of {measured}",
                Appended(off), "", "" },
            new[] { "  on ÷ off", Pct(Rate(on) / Rate(off)), "", "" },
            new[] { "  CPU during the rounds (cores), on · off", $"{Cpu(on)} · {Cpu(off)}", "", "" },
            new[] { "alert passes during the load (one season each): n, median / p99 / max ms",
                $"{passes.Count} in {settings.Rounds * settings.Seconds} s ({on.WholePasses} read the season whole), {Dist(passes, N0)}",
                $"max < {N0(interval.TotalMilliseconds)}", Yes(maxPass < interval.TotalMilliseconds) },
            new[] { "  each pass during the load, in order, ms", string.Join(", ", passes.Select(N0)), "", "" },
            new[] { "  passes in the warm-up (the first raises the season's alerts), ms",
                string.Join(", ", on.WarmupPasses.Select(N0)), "", "" },
            new[] { $"planted frauds (a back-dated harvest every {PlantEvery.TotalSeconds:0} s): found · missed (> "
                + $"{DetectWithin.TotalSeconds:0} s)", $"{detected.Count} of {on.Frauds.Count} · {missed}", "all found",
                Yes(missed == 0 && detected.Count > 0) },
            new[] { "detection: alert visible − harvest acknowledged, median / p99 / max s", Dist(detected, F1),
                $"p99 ≤ {2 * interval.TotalSeconds:0} s", Yes(detectP99 <= 2 * interval.TotalSeconds) },
            new[] { "machine: load average (1/5/15 min)", $"before {loadBefore}; after warm-up off {off.Load}, on {on.Load}; "
                + $"after {loadAfter}", "", "" },
            new[] { "  other processes' CPU (cores)", $"idle before start {F2(idle.OtherProcesses)} (busy {F2(idle.Busy)}); rounds off "
                + $"{F2(off.Cpu.OtherProcesses)}, on {F2(on.Cpu.OtherProcesses)}", "", "" },
        };
        Console.WriteLine();
        Console.WriteLine($"## Incremental alerting under the append load: GI {LedgerWorld.Gi}, season {LedgerWorld.Season} "
            + $"(tests/bench.sh --alerts-load) — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine($"{Environment.ProcessorCount} cores, {(settings.Release ? "Release" : "DEBUG")}, in-process silo on PostgreSQL, "
            + $"{settings.Concurrency} workers on {settings.Batches} batches, {measured} rounds after {settings.WarmupSeconds} s warm-up "
            + $"per phase (off first, then on; a fresh silo each); season seeded as --ledger plus {FarmCount} farms and "
            + $"{settings.Batches} load batches registered through grains; service id {options.ServiceId}");
        Console.WriteLine();
        LedgerBench.PrintTable(table);
        Console.WriteLine();
        Console.WriteLine($"verdict: {(keepsUp ? "keeps up" : "DOES NOT KEEP UP")} (keeping up = every planted fraud found, detection "
            + "p99 ≤ 2 × Interval and no pass as long as an Interval: each \"met\" above)");
        if (diagnosis is not null)
        {
            Console.WriteLine();
            LedgerBench.PrintTable(diagnosis);
        }
        foreach (var f in on.Frauds.Where(f => f.Seen is null)) Console.WriteLine($"missed: {f.Code} (alert {f.AlertId})");
        Console.WriteLine($"alerts of the service by rule: {string.Join(", ", alerts)}");
        Console.WriteLine("CPU by round (cores): " + string.Join("; ", on.Rounds.Select((r, i) => $"on {i + 1}: {r.Cpu}")));
        Console.WriteLine("                      " + string.Join("; ", off.Rounds.Select((r, i) => $"off {i + 1}: {r.Cpu}")));
        var failed = off.Passes.Count + off.WarmupPasses.Count + off.PassesOutside > 0 || passes.Count == 0
            || on.Rounds.Concat(off.Rounds).Sum(r => r.Errors) > 0;
        if (failed) Log("FAILED CHECK: a pass ran with the evaluator off, none ran with it on, or appends failed");
        return failed ? 2 : keepsUp ? 0 : 3;
    }

    /// <summary>Nearest-rank percentile (few samples: p99 is the largest or second largest).</summary>
    private static double Rank(List<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    internal static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");
}
