using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Lists;

/// <summary><c>tests/bench.sh --read-model</c>: how far the read model trails appends under the append benchmark's load
/// (64 workers appending "inspecting" events to 256 batches through in-process grain calls, as the default benchmark).
/// Projections are written before a grain call returns, so the lag is ~0 by construction; measured anyway:
/// <list type="bullet">
/// <item>every append of a round: acknowledged (batch, sequence) pairs, each checked to be in rm_events after the round;</item>
/// <item>projected_at − record_time of each batch's last event of the round (rm_batches keeps the time of the projection
/// that last wrote the row; rm_events has no such column, so earlier events of a batch cannot be timed this way);</item>
/// <item>a sampler — one more worker in the same load, on batches of its own — reads its event back from rm_events right
/// after each acknowledgement: visible − acknowledged (a read of 0 rows is retried every millisecond);</item>
/// <item>the append rate with the read model, and a silo without its read-model layer (same storage chain otherwise) in
/// the same run, with the writer's group commits (transactions, projections → mean group size).</item>
/// </list></summary>
public static class ProjectionLag
{
    private const double TargetP99Ms = 1000;

    private sealed record Round(RoundResult Load, long Acked, long Visible, long EventsAdded, HdrHistogram.LongHistogram Recorded,
        HdrHistogram.LongHistogram Sampled, HdrHistogram.LongHistogram Poll, long Retries, (long Tx, long Projections) Writer);

    public static async Task<int> RunAsync(Settings settings, NguonOptions baseOptions)
    {
        var meter = await CpuMeter.CreateAsync(settings.ConnectionString);
        var idle = await meter.MeasureIdleAsync(TimeSpan.FromSeconds(3));
        Log($"machine before start (3 s, nothing of ours running): {idle}");
        var on = await Phase(settings, baseOptions, meter, readModel: true);
        var off = await Phase(settings, baseOptions, meter, readModel: false);

        var rounds = on.Rounds;
        var recorded = Merge(rounds.Select(r => r.Recorded));
        var sampled = Merge(rounds.Select(r => r.Sampled));
        var poll = Merge(rounds.Select(r => r.Poll));
        var acked = rounds.Sum(r => r.Acked);
        var visible = rounds.Sum(r => r.Visible);
        var added = rounds.Sum(r => r.EventsAdded);
        var tx = rounds.Sum(r => r.Writer.Tx);
        var projections = rounds.Sum(r => r.Writer.Projections);
        var rateOn = Median([.. rounds.Select(r => r.Load.PerSecond)]);
        var rateOff = Median([.. off.Rounds.Select(r => r.Load.PerSecond)]);
        var lagOk = recorded.Ms(99) <= TargetP99Ms && sampled.Ms(99) <= TargetP99Ms;
        var allProjected = visible == acked && added == acked;
        string Pass(bool ok) => ok ? "PASS" : "MISS";
        string Dist(HdrHistogram.LongHistogram h) =>
            $"p50 {F2(h.Ms(50))} / p99 {F2(h.Ms(99))} / max {F2(h.MaxMs())} ms (n={N0(h.TotalCount)})";
        var table = new List<string[]>
        {
            new[] { "Measure", "Figure", "Target", "Result" },
            new[] { $"Appends/s @{settings.Concurrency + 1}, read model on (median of {settings.Rounds}×{settings.Seconds} s)",
                $"{N0(rateOn)} ({string.Join(", ", rounds.Select(r => N0(r.Load.PerSecond)))}), p50 {F1(Merge(rounds.Select(r => r.Load.Latency)).Ms(50))} / "
                    + $"p99 {F1(Merge(rounds.Select(r => r.Load.Latency)).Ms(99))} ms, errors {rounds.Sum(r => r.Load.Errors)}", "", "" },
            new[] { "Appends/s, read-model layer off (same storage chain, no projections, no sweep)",
                $"{N0(rateOff)} ({string.Join(", ", off.Rounds.Select(r => N0(r.Load.PerSecond)))}), p50 "
                    + $"{F1(Merge(off.Rounds.Select(r => r.Load.Latency)).Ms(50))} / p99 {F1(Merge(off.Rounds.Select(r => r.Load.Latency)).Ms(99))} ms",
                "", "" },
            new[] { "  on ÷ off", Pct(rateOn / rateOff), "", "" },
            new[] { "  CPU per append (bench process + postgres), on / off", $"{F2(on.CpuMsPerAppend)} / {F2(off.CpuMsPerAppend)} ms", "", "" },
            new[] { "  read-model writer: transactions, projections (mean group)",
                $"{N0(tx)}, {N0(projections)} ({F1(projections / (double)Math.Max(1, tx))} per transaction)", "", "" },
            new[] { "Lag: projected_at − record_time, each batch's last event of a round", Dist(recorded), $"p99 ≤ {TargetP99Ms:0} ms",
                Pass(recorded.Ms(99) <= TargetP99Ms) },
            new[] { "Lag: visible in rm_events − acknowledged, sampler's appends", Dist(sampled), $"p99 ≤ {TargetP99Ms:0} ms",
                Pass(sampled.Ms(99) <= TargetP99Ms) },
            new[] { "  the sampler's read alone (one SELECT by key)", $"{Dist(poll)}; reads that found nothing: {N0(rounds.Sum(r => r.Retries))}",
                "", "" },
            new[] { "Acknowledged appends found in rm_events (by batch and sequence)",
                $"{N0(visible)} of {N0(acked)}; rm_events rows added {N0(added)}", "all", Pass(allProjected) },
            new[] { "Machine noise: other processes' CPU (cores)",
                $"before start {F2(idle.OtherProcesses)}; rounds on avg {F2(on.Cpu.Average(c => c.OtherProcesses))}, off avg "
                    + $"{F2(off.Cpu.Average(c => c.OtherProcesses))}; spread of rounds on "
                    + $"{Pct((rounds.Max(r => r.Load.PerSecond) - rounds.Min(r => r.Load.PerSecond)) / rateOn)}", "", "" },
        };
        Console.WriteLine();
        Console.WriteLine($"Nguon read-model lag benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, in-process silo on PostgreSQL, "
            + $"{Environment.ProcessorCount} cores, {(settings.Release ? "Release" : "DEBUG")}, {settings.Concurrency} workers + 1 sampler on "
            + $"{settings.Batches} + 8 batches, {settings.Rounds}×{settings.Seconds} s rounds after {settings.WarmupSeconds} s warm-up");
        Console.WriteLine();
        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        foreach (var (row, i) in table.Select((r, i) => (r, i)))
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))) + " |");
            if (i == 0) Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        }
        Console.WriteLine("CPU by round (cores): " + string.Join("; ", on.Cpu.Select((c, i) => $"on {i + 1}: {c}")));
        Console.WriteLine("                      " + string.Join("; ", off.Cpu.Select((c, i) => $"off {i + 1}: {c}")));
        return lagOk && allProjected ? 0 : 3;
    }

    private sealed record PhaseResult(List<Round> Rounds, List<CpuMeter.Usage> Cpu, double CpuMsPerAppend);

    private static async Task<PhaseResult> Phase(Settings settings, NguonOptions baseOptions, CpuMeter meter, bool readModel)
    {
        var serviceId = (readModel ? "lag-" : "nolag-") + Guid.NewGuid().ToString("N")[..12];
        var options = new NguonOptions
        {
            Storage = StorageKind.Postgres, ConnectionString = baseOptions.ConnectionString, ServiceId = serviceId, ClusterId = serviceId,
        };
        Log($"read model {(readModel ? "on" : "off")}: starting silo, {settings.Batches} + 8 batches");
        await using var silo = await BenchSilo.StartAsync(options, settings.LogLevel, telemetry: settings.Telemetry, readModel: readModel);
        var world = new World(silo.Grains, "lag-" + serviceId[^8..]);
        var farms = await world.FarmsAsync(16);
        var codes = await world.HarvestsAsync(farms, settings.Batches, 1000m);
        var sampler = await world.HarvestsAsync(farms, 8, 1000m, "s");
        await Appends.RunAsync(silo.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(settings.WarmupSeconds));
        var writer = silo.Services.GetRequiredService<ReadModelWriter>();
        var sql = new ReadModelSql(StorageKind.Postgres, options.StorageConnectionString, serviceId);
        var rounds = new List<Round>();
        var cpu = new List<CpuMeter.Usage>();
        for (var r = 0; r < settings.Rounds; r++)
        {
            var before = readModel ? await EventRows(sql) : 0;
            var counts = writer.Counts;
            var c0 = meter.Take();
            var (load, acks, sample) = await RunAsync(silo.Grains, codes, sampler, settings.Concurrency,
                TimeSpan.FromSeconds(settings.Seconds), readModel ? sql : null);
            var usage = meter.Between(c0, meter.Take());
            cpu.Add(usage);
            var done = writer.Counts;
            if (!readModel)
            {
                rounds.Add(new(load, acks.Count, 0, 0, NewHistogram(), NewHistogram(), NewHistogram(), 0, (0, 0)));
                Log($"off round {r + 1}: {N0(load.PerSecond)} appends/s; CPU {usage}");
                continue;
            }
            var visible = await Visible(sql, acks);
            var added = await EventRows(sql) - before;
            var recorded = await LastEventLag(sql, [.. codes, .. sampler]);
            var round = new Round(load, acks.Count, visible, added, recorded, sample.Lag, sample.Poll, sample.Retries,
                (done.Batches - counts.Batches, done.Calls - counts.Calls));
            rounds.Add(round);
            Log($"on round {r + 1}: {N0(load.PerSecond)} appends/s, {N0(visible)} of {N0(acks.Count)} acknowledged appends in rm_events "
                + $"(rows added {N0(added)}); projected − recorded p99 {F2(recorded.Ms(99))} ms; visible − acked p99 "
                + $"{F2(sample.Lag.Ms(99))} ms; CPU {usage}");
        }
        var ms = cpu.Zip(rounds).Sum(x => (x.First.Bench + x.First.Postgres) * x.First.Seconds) * 1000
            / Math.Max(1, rounds.Sum(x => x.Load.Count));
        return new(rounds, cpu, ms);
    }

    private sealed record Sample(HdrHistogram.LongHistogram Lag, HdrHistogram.LongHistogram Poll, long Retries);

    /// <summary>The append benchmark's workers (each owns batches w, w+C, …), recording every acknowledged (batch,
    /// sequence); and, given the read model, one sampler appending to its own batches and reading each event back.</summary>
    private static async Task<(RoundResult, List<(string Batch, int Sequence)>, Sample)> RunAsync(IGrainFactory grains, string[] batches,
        string[] samplerBatches, int concurrency, TimeSpan duration, ReadModelSql? sql)
    {
        var command = new RecordEvent("inspecting", World.InspectionTime);
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var mine = batches.Where((_, i) => i % concurrency == w).ToArray();
            var histogram = NewHistogram();
            var acks = new List<(string, int)>();
            long errors = 0;
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var code = mine[n % mine.Length];
                var outcome = await grains.GetGrain<IBatchGrain>(code).RecordEvent(command, World.Producer);
                if (!outcome.IsOk) { errors++; continue; }
                acks.Add((code, outcome.Value!.Sequence));
                histogram.RecordValue(MicrosSince(t0));
            }
            return (acks, errors, histogram);
        })).ToArray();
        var lag = NewHistogram();
        var poll = NewHistogram();
        long retries = 0;
        var samplerAcks = new List<(string, int)>();
        var samplerTask = Task.Run(async () =>
        {
            await using var connection = sql is null ? null : await sql.Open();
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var code = samplerBatches[n % samplerBatches.Length];
                var outcome = await grains.GetGrain<IBatchGrain>(code).RecordEvent(command, World.Producer);
                var acked = Stopwatch.GetTimestamp();
                if (!outcome.IsOk) continue;
                samplerAcks.Add((code, outcome.Value!.Sequence));
                if (connection is null) continue;
                while (true)
                {
                    var q0 = Stopwatch.GetTimestamp();
                    await using var read = sql!.Command(connection,
                        "SELECT count(*) FROM rm_events WHERE service_id = @s AND batch = @b AND sequence = @n");
                    sql.Add(read, "b", code);
                    sql.Add(read, "n", outcome.Value.Sequence);
                    var found = (long)(await read.ExecuteScalarAsync())! > 0;
                    poll.RecordValue(MicrosSince(q0));
                    if (found) break;
                    retries++;
                    if (MicrosSince(acked) > 10_000_000) throw new TimeoutException($"{code}/{outcome.Value.Sequence} not projected within 10 s");
                    await Task.Delay(1);
                }
                lag.RecordValue(MicrosSince(acked));
            }
        });
        var results = await Task.WhenAll(workers);
        await samplerTask;
        var latency = NewHistogram();
        foreach (var r in results) latency.Add(r.histogram);
        var all = results.SelectMany(r => r.acks).Concat(samplerAcks).ToList();
        return (new RoundResult(all.Count, results.Sum(r => r.errors), duration.TotalSeconds, latency), all, new(lag, poll, retries));
    }

    private static async Task<long> EventRows(ReadModelSql sql)
    {
        await using var connection = await sql.Open();
        await using var command = sql.Command(connection, "SELECT count(*) FROM rm_events WHERE service_id = @s");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many of the acknowledged (batch, sequence) pairs rm_events holds.</summary>
    private static async Task<long> Visible(ReadModelSql sql, List<(string Batch, int Sequence)> acks)
    {
        await using var connection = await sql.Open();
        await using var command = (NpgsqlCommand)sql.Command(connection, """
            SELECT count(*) FROM unnest(@b, @n) AS a(batch, sequence)
            JOIN rm_events e ON e.service_id = @s AND e.batch = a.batch AND e.sequence = a.sequence
            """);
        command.Parameters.AddWithValue("b", acks.Select(a => a.Batch).ToArray());
        command.Parameters.AddWithValue("n", acks.Select(a => a.Sequence).ToArray());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>projected_at − record_time of each batch's last event (µs).</summary>
    private static async Task<HdrHistogram.LongHistogram> LastEventLag(ReadModelSql sql, string[] codes)
    {
        await using var connection = await sql.Open();
        await using var command = (NpgsqlCommand)sql.Command(connection, """
            SELECT (extract(epoch FROM b.projected_at - e.record_time) * 1000000)::bigint FROM rm_batches b
            JOIN rm_events e ON e.service_id = b.service_id AND e.batch = b.code AND e.sequence = b.event_count
            WHERE b.service_id = @s AND b.code = ANY(@codes)
            """);
        command.Parameters.AddWithValue("codes", codes);
        var histogram = NewHistogram();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) histogram.RecordValue(Math.Max(0, reader.GetInt64(0)));
        return histogram;
    }

    private static HdrHistogram.LongHistogram Merge(IEnumerable<HdrHistogram.LongHistogram> histograms)
    {
        var all = NewHistogram();
        foreach (var h in histograms) all.Add(h);
        return all;
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");
}
