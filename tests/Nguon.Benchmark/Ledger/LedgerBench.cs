using System.Diagnostics;
using Nguon.Domain.Alerts;
using Nguon.Domain.Ledger;
using Nguon.Model;
using Nguon.Silo.Alerts;
using Nguon.Silo.Hosting;
using Nguon.Silo.Ledger;
using Nguon.Silo.ReadModel;
using Npgsql;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Ledger;

/// <summary><c>tests/bench.sh --ledger</c>: the GI season ledger and the alert rules over a province-sized season
/// (<see cref="LedgerWorld"/>) seeded into rm_*, in this process (no silo): the ledger (SeasonQueries.Input, then
/// SeasonLedgers.Compute), all alert rules (SeasonLedgers.Shares, SeasonQueries.Facts, AlertRules.Evaluate) and
/// AlertStore.Raise of the findings, each warm and <c>--runs</c> times. Checks that the balance adds up and that the
/// rules find every planted fraud and nothing else.</summary>
public static class LedgerBench
{
    private const double TargetLedgerMs = 2_000;
    private const int Warmup = 2;
    /// <summary>Lots "written" (their rows' projected_at set to now) before each incremental pass: about what the append
    /// benchmark's 256 batches are between two passes.</summary>
    private const int ChangedPerRun = 300;

    public static async Task<int> RunAsync(Settings settings)
    {
        var serviceId = "ledger-" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = settings.StorageConnectionString;
        var meter = await CpuMeter.CreateAsync(settings.ConnectionString);
        var loadBefore = LoadAverage();
        var idle = await meter.MeasureIdleAsync(TimeSpan.FromSeconds(3));
        Log($"machine before start (3 s, nothing of ours running): {idle}; load average {loadBefore}");

        var clock = Stopwatch.StartNew();
        var world = new LedgerWorld();
        var generated = clock.Elapsed.TotalSeconds;
        Log($"generated {world.Lots.Count:#,0} lots ({world.Harvests:#,0} harvests), {world.Farms.Count:#,0} farms in {F1(generated)} s");
        var seeded = await world.SeedAsync(connectionString, serviceId);
        var counts = await Counts(connectionString, serviceId);
        Log($"seeded by COPY (+ VACUUM ANALYZE) in {F1(seeded)} s: {string.Join(", ", counts.Select(c => $"{c.Table} {N0(c.Rows)}"))}");

        var sql = new ReadModelSql(StorageKind.Postgres, connectionString, serviceId);
        var queries = new SeasonQueries(sql);
        var store = new AlertStore(sql, null);
        var rules = AlertRuleSet.For(LedgerWorld.Gi);
        var step = rules.TreatmentCapacity?.BizStep ?? BizStep.Fumigating.Value;
        var now = LedgerWorld.Now;

        // One evaluation to check, which also raises the alerts (the store's first run).
        var input = await queries.Input(LedgerWorld.Gi, LedgerWorld.Season, LedgerWorld.MaxYield, default);
        var ledger = SeasonLedgers.Compute(input, now, null, _ => true);
        var readAt = DateTimeOffset.UtcNow;
        var wholeRows = await queries.Read(LedgerWorld.Gi, LedgerWorld.Season, LedgerWorld.MaxYield, step, null, default);
        var facts = SeasonQueries.Facts(wholeRows, SeasonLedgers.Shares(wholeRows.Input));
        var findings = AlertRules.Evaluate(facts, rules, now);
        var snapshot = new SeasonSnapshot(wholeRows, readAt);
        var touch = world.Lots.Select(l => l.Code).Where((_, i) => i % 2 == 1).ToArray();
        var touched = new Random(15);
        var changedCounts = new List<double>();
        var t0 = Stopwatch.GetTimestamp();
        var first = await store.Raise(LedgerWorld.Gi, LedgerWorld.Season, findings, now);
        var firstRaiseMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;

        var rows = new List<(string Name, List<double> Ms, List<double> Cpu, string Target)>();
        (List<double> Ms, List<double> Cpu) Series(string name, string target = "")
        {
            var (ms, cpu) = (new List<double>(), new List<double>());
            rows.Add((name, ms, cpu, target));
            return (ms, cpu);
        }
        var ledgerTotal = Series("ledger in process: Input + Compute");
        var ledgerSql = Series("  SeasonQueries.Input (SQL, 3 queries)");
        var ledgerMemory = Series("  SeasonLedgers.Compute (in memory)");
        var alertsTotal = Series("alerts, the season read whole (each Schedule)");
        var alertRead = Series("  SeasonQueries.Read (SQL, 7 queries)");
        var alertFacts = Series("  SeasonLedgers.Shares + SeasonQueries.Facts (in memory)");
        var alertEvaluate = Series("  AlertRules.Evaluate (in memory)");
        var incrementalTotal = Series($"alerts, a pass after {ChangedPerRun} lots were written (each Interval)");
        var incrementalRead = Series("  ChangedLots + Read of those + SeasonSnapshot.Apply/Rows");
        var incrementalFacts = Series("  SeasonLedgers.Shares + SeasonQueries.Facts (in memory)");
        var incrementalEvaluate = Series("  AlertRules.Evaluate (in memory)");
        var raise = Series("AlertStore.Raise (later runs: no-ops)");
        var loadDuring = LoadAverage();
        var cpu = meter.Take();
        var measured = Stopwatch.StartNew();
        var (updatedLater, raisedLater, snapshotsDiffer) = (0, 0, 0);
        for (var run = -Warmup; run < settings.Runs; run++)
        {
            var t = new (long At, double Cpu)[11];
            void Mark(int k) => t[k] = (Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime.TotalMilliseconds);
            Mark(0);
            var i = await queries.Input(LedgerWorld.Gi, LedgerWorld.Season, LedgerWorld.MaxYield, default);
            Mark(1);
            _ = SeasonLedgers.Compute(i, now, null, _ => true);
            Mark(2);
            var whole = await queries.Read(LedgerWorld.Gi, LedgerWorld.Season, LedgerWorld.MaxYield, step, null, default);
            Mark(3);
            var fa = SeasonQueries.Facts(whole, SeasonLedgers.Shares(whole.Input));
            Mark(4);
            var found = AlertRules.Evaluate(fa, rules, now);
            Mark(5);
            var result = await store.Raise(LedgerWorld.Gi, LedgerWorld.Season, found, now);
            Mark(6);
            await Touch(connectionString, serviceId,
                [.. Enumerable.Range(0, ChangedPerRun).Select(_ => touch[touched.Next(touch.Length)])]);
            Mark(7);
            var passAt = DateTimeOffset.UtcNow;
            var changed = await queries.ChangedLots(LedgerWorld.Gi, LedgerWorld.Season, snapshot.ReadAt - AlertEvaluator.Margin, default);
            snapshot.Apply(changed, await queries.Read(LedgerWorld.Gi, LedgerWorld.Season, LedgerWorld.MaxYield, step, changed, default),
                passAt);
            var refreshed = snapshot.Rows(LedgerWorld.MaxYield);
            Mark(8);
            var incrementalFound = SeasonQueries.Facts(refreshed, SeasonLedgers.Shares(refreshed.Input));
            Mark(9);
            var again = AlertRules.Evaluate(incrementalFound, rules, now);
            Mark(10);
            if (!Same(found, again)) snapshotsDiffer++;
            changedCounts.Add(changed.Count);
            (updatedLater, raisedLater) = (updatedLater + result.Updated, raisedLater + result.Raised.Values.Sum());
            if (run < 0) continue;
            void Add((List<double> Ms, List<double> Cpu) series, int from, int to)
            {
                series.Ms.Add((t[to].At - t[from].At) * 1000.0 / Stopwatch.Frequency);
                series.Cpu.Add(t[to].Cpu - t[from].Cpu);
            }
            Add(ledgerSql, 0, 1);
            Add(ledgerMemory, 1, 2);
            Add(ledgerTotal, 0, 2);
            Add(alertRead, 2, 3);
            Add(alertFacts, 3, 4);
            Add(alertEvaluate, 4, 5);
            Add(alertsTotal, 2, 5);
            Add(incrementalRead, 7, 8);
            Add(incrementalFacts, 8, 9);
            Add(incrementalEvaluate, 9, 10);
            Add(incrementalTotal, 7, 10);
            Add(raise, 5, 6);
        }
        var usage = meter.Between(cpu, meter.Take());
        var loadAfter = LoadAverage();
        Log("in-process runs done; starting the silo for the HTTP runs");
        var loadBeforeHttp = LoadAverage();
        var web = await LedgerHttp.MeasureAsync(settings, meter, serviceId, Warmup);
        var loadAfterHttp = LoadAverage();

        // The checks: the balance adds up, the rules found what was planted and nothing else.
        var b0 = ledger.Balance;
        var balanced = b0.UnaccountedKg == 0;
        var found0 = findings.Select(f => (f.Rule, f.Subject)).ToHashSet();
        var missing = world.Planted.Except(found0).ToList();
        var extra = found0.Except(world.Planted).ToList();
        var exact = missing.Count == 0 && extra.Count == 0 && findings.Count == world.Planted.Count;
        var noOps = updatedLater == 0 && raisedLater == 0;
        var httpAddsUp = web.HarvestedKg == ledger.Balance.HarvestedKg && web.UnaccountedKg == ledger.Balance.UnaccountedKg;
        // The target is the client's: the ledger through HTTP, median and p99, both encodings.
        var ledgerMet = new[] { web.PlainMs, web.BrotliMs }.All(ms => Median(ms) <= TargetLedgerMs && P99(ms) <= TargetLedgerMs);

        Console.WriteLine($"## Season ledger and alert rules: GI {LedgerWorld.Gi}, season {LedgerWorld.Season} (tests/bench.sh --ledger)");
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average (1/5/15 min) before {loadBefore}, "
            + $"at the measured runs' start {loadDuring}, after {loadAfter}");
        Console.WriteLine($"idle before start (3 s): {idle}; during the in-process runs: {usage}");
        Console.WriteLine($"HTTP runs: the silo process ready in {N0(web.StartMs)} ms; load average before {loadBeforeHttp}, after "
            + $"{loadAfterHttp}; CPU during them: {web.Cpu} (the silo is among the other processes)");
        Console.WriteLine($"seed: generated in {F1(generated)} s, COPY + VACUUM ANALYZE in {F1(seeded)} s; rows: "
            + string.Join(", ", counts.Select(c => $"{c.Table} {N0(c.Rows)}")));
        Console.WriteLine($"season: {N0(world.Farms.Count)} farms in {LedgerWorld.Communes + 1} communes, {N0(world.Harvests)} harvests, "
            + $"{N0(world.Lots.Count - world.Harvests)} packed/merged/dried lots, {N0(world.Fumigations)} fumigations; "
            + $"read by Input: {N0(input.Farms.Count)} farms, {N0(input.Lots.Count)} lots, {N0(input.Edges.Count)} edges; "
            + $"by Facts: {N0(facts.Harvests.Count)} harvests, {N0(facts.Treatments.Count)} treatments, "
            + $"{N0(facts.Shipments.Count)} shipments, "
            + $"{N0(facts.Transformations.Count)} transformations");
        Console.WriteLine();
        Console.WriteLine($"Warm: {Warmup} runs first, then {settings.Runs} measured runs, one after another, "
            + $"each step timed in the same run; then, through HTTP, {Warmup} warm-up requests and {settings.Runs} of each encoding, "
            + "alternated, one client.");
        Console.WriteLine();
        Console.WriteLine("CPU ms: this process's CPU time (all its threads, GC included; not PostgreSQL's) in the step, median: "
            + "beside the wall time it shows how much of the step the machine gave us.");
        Console.WriteLine();
        var table = new List<string[]> { new[] { "step", "median ms", "p99 ms", "min ms", "max ms", "CPU ms", "target", "met" } };
        var met = ledgerMet ? "yes" : "NO";
        var target = $"≤ {N0(TargetLedgerMs)} ms";
        foreach (var (ms, what) in new[] { (web.PlainMs, $"plain, {N0(web.PlainBytes / 1024.0)} KB"),
            (web.BrotliMs, $"br, {N0(web.BrotliBytes / 1024.0)} KB") })
            table.Add([$"ledger through HTTP, GET …/seasons/{LedgerWorld.Season} ({what})", F1(Median(ms)), F1(P99(ms)), F1(ms.Min()),
                F1(ms.Max()), "", target + " (median, p99)", met]);
        foreach (var (name, ms, cpuMs, _) in rows)
            table.Add([name, F1(Median(ms)), F1(P99(ms)), F1(ms.Min()), F1(ms.Max()), F1(Median(cpuMs)), "", ""]);
        table.Add(["AlertStore.Raise, first run (raises)", F1(firstRaiseMs), "", "", "", "", "", ""]);
        PrintTable(table);
        Console.WriteLine();
        Console.WriteLine($"balance (kg): harvested {N(b0.HarvestedKg)} = unpacked {N(b0.UnpackedKg)} + packed {N(b0.PackedKg)} "
            + $"+ fumigated {N(b0.FumigatedKg)} + domestic market {N(b0.DomesticMarketKg)} + exported {N(b0.ExportedKg)} "
            + $"+ recalled {N(b0.RecalledKg)} + transformation loss {N(b0.TransformationLossKg)} + left the claim {N(b0.LeftClaimKg)} "
            + $"+ unaccounted {N(b0.UnaccountedKg)}  → {(balanced ? "adds up" : "DOES NOT ADD UP")}; through HTTP: harvested "
            + $"{N(web.HarvestedKg)}, unaccounted {N(web.UnaccountedKg)} → {(httpAddsUp ? "the same" : "NOT THE SAME")}");
        Console.WriteLine($"exported by country: {string.Join(", ", ledger.ExportedByCountry.Select(c => $"{c.Country} {N(c.Kg)} kg"))}");
        Console.WriteLine();
        Console.WriteLine($"findings by rule (planted / found), rule set {rules.RuleSet}:");
        foreach (var rule in AlertRules.All)
            Console.WriteLine($"  {rule,-26} {world.Planted.Count(p => p.Rule == rule)} / {findings.Count(f => f.Rule == rule)}");
        Console.WriteLine($"  {"all",-26} {world.Planted.Count} / {findings.Count}  → "
            + (exact ? "every planted fraud found, nothing else" : "MISMATCH"));
        foreach (var m in missing) Console.WriteLine($"  missing: {m.Rule} {m.Subject}");
        foreach (var x in extra.Take(20)) Console.WriteLine($"  not planted: {x.Rule} {x.Subject}");
        var raisedFirst = string.Join(", ", first.Raised.Select(r => $"{r.Key} {r.Value}"));
        Console.WriteLine($"alert store: first run raised {first.Raised.Values.Sum()} ({raisedFirst}),"
            + $" updated {first.Updated}; later runs raised {raisedLater}, updated {updatedLater} → {(noOps ? "no-ops" : "NOT no-ops")}");
        Console.WriteLine($"incremental passes: {N0(Median(changedCounts))} lots read again (median; {ChangedPerRun} written before each, "
            + $"and those of the passes before within the {AlertEvaluator.Margin.TotalSeconds:0} s margin), the snapshot holding "
            + $"{N0(snapshot.Lots)} lots; findings the same as the whole read's in {settings.Runs + Warmup - snapshotsDiffer} of "
            + $"{settings.Runs + Warmup} passes → {(snapshotsDiffer == 0 ? "the same" : "DIFFERENT")}");
        Console.WriteLine($"measured in {F1(measured.Elapsed.TotalSeconds)} s; service id {serviceId}");

        if (settings.Diagnose) await Explain(connectionString, serviceId);
        if (!balanced || !exact || !noOps || !httpAddsUp || snapshotsDiffer > 0) return 2;
        return ledgerMet ? 0 : 3;
    }

    /// <summary>The same findings with the same evidence.</summary>
    private static bool Same(IReadOnlyList<Finding> a, IReadOnlyList<Finding> b)
    {
        static string Key(Finding f) => System.Text.Json.JsonSerializer.Serialize(f);
        return a.Select(Key).Order(StringComparer.Ordinal).SequenceEqual(b.Select(Key).Order(StringComparer.Ordinal));
    }

    /// <summary>Marks the lots written now (their rows' projected_at), as a projection does; nothing else changes.</summary>
    private static async Task Touch(string connectionString, string serviceId, string[] codes)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "UPDATE rm_batches SET projected_at = now() WHERE service_id = @s AND code = ANY(@codes)", connection);
        command.Parameters.AddWithValue("s", serviceId);
        command.Parameters.AddWithValue("codes", codes);
        await command.ExecuteNonQueryAsync();
    }

    private static double P99(List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(0.99 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string N(decimal kg) => kg.ToString("#,0.###", Inv);

    internal static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} / {parts[1]} / {parts[2]}";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static async Task<List<(string Table, long Rows)>> Counts(string connectionString, string serviceId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var counts = new List<(string, long)>();
        foreach (var table in new[]
        {
            "rm_authorisations", "rm_farms", "rm_organisations", "rm_batches", "rm_events", "rm_lineage", "rm_batch_destinations",
            "rm_batch_farms", "rm_batch_holders",
        })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE service_id = @s", connection);
            command.Parameters.AddWithValue("s", serviceId);
            counts.Add((table, (long)(await command.ExecuteScalarAsync())!));
        }
        return counts;
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of the ledger's three queries (copied from SeasonQueries.Input: keep in step).</summary>
    private static async Task Explain(string connectionString, string serviceId)
    {
        // Exactly what SeasonQueries.Input sends.
        var texts = new (string Name, string Sql)[]
        {
            ("farms", SeasonQueries.FarmsSql), ("lots", SeasonQueries.LotsSql), ("edges", SeasonQueries.EdgesSql),
        };
        var (from, to) = SeasonQueries.Bounds(LedgerWorld.Season);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (name, text) in texts)
        {
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + text, connection);
            foreach (var (key, value) in new (string, object)[]
            {
                ("s", serviceId), ("gi", LedgerWorld.Gi), ("season", LedgerWorld.Season), ("from", from.UtcDateTime),
                ("to", to.UtcDateTime),
                ("packing", BizStep.Packing.Value), ("packing_uri", BizStep.Packing.Uri), ("fumigating", BizStep.Fumigating.Value),
                ("home", SeasonQueries.HomeCountry),
            })
                command.Parameters.AddWithValue(key, value);
            Console.WriteLine();
            Console.WriteLine($"EXPLAIN (ANALYZE, BUFFERS) — Input's {name} query");
            await using var plan = await command.ExecuteReaderAsync();
            while (await plan.ReadAsync()) Console.WriteLine("  " + plan.GetString(0));
        }
    }

    internal static void PrintTable(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        string Line(string[] r) => "| " + string.Join(" | ", r.Select((cell, c) => cell.PadRight(widths[c]))) + " |";
        Console.WriteLine(Line(rows[0]));
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var r in rows.Skip(1)) Console.WriteLine(Line(r));
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");
}
