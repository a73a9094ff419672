using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Nguon.Client;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;
using Nguon.Tests.ReadModel;
using Xunit.Abstractions;

namespace Nguon.Tests.Cluster;

/// <summary>The fault test: steady load of harvests, events, splits and merges through all three silos' APIs
/// (typed client, retries with idempotency keys), one silo killed with SIGKILL in the middle, the load kept
/// going, the silo restarted. Then every acknowledged write is there exactly once, every batch passes hash
/// verification and mass balance, and traces and verifications answered again within a bounded time.</summary>
[Collection(ClusterCollection.Name)]
public sealed class FaultToleranceTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan WhileDown = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan AfterRestart = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);
    private const int Victim = 1;

    private sealed record Ack(string Kind, string Batch, string? EventId, IReadOnlyList<string> Related);

    [Fact]
    public async Task A_silo_killed_under_load_loses_and_duplicates_no_acknowledged_write()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var producer = await cluster.First.Organisation($"fault-producer-{run}", "producer");
        var setup = cluster.Client(producer);
        var farms = Enumerable.Range(0, Workers).Select(w => $"VN-FT-{run}-{w}").ToList();
        foreach (var farm in farms) await setup.RegisterFarm(farm,
            new RegisterFarm("Vườn thử tải", producer.Id, new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"), Api.Inside, 2m,
            ["lychee"]));

        var acks = new ConcurrentQueue<Ack>();
        var failures = new ConcurrentQueue<string>();
        var retries = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var load = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var client = cluster.Client(producer, start: w);
            client.MaxAttempts = 40;
            client.AttemptTimeout = TimeSpan.FromSeconds(15);
            client.MaxRetryDelay = TimeSpan.FromSeconds(1);
            client.OnRetry = (_, _) => Interlocked.Increment(ref retries);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var next = clock.Elapsed + Period;
                try { await Iteration(client, farms[w], $"FT{run}-{w}-{i}", acks); }
                catch (Exception e) when (e is NguonApiException or HttpRequestException or OperationCanceledException or IOException)
                {
                    failures.Enqueue($"worker {w} iteration {i}: {e.GetType().Name}: {e.Message}");
                }
                if (next > clock.Elapsed) await Task.Delay(next - clock.Elapsed); // pacing: a steady load, not a race
            }
        })).ToList();

        await Task.Delay(BeforeKill);
        var victim = cluster.Silos[Victim];
        var sample = acks.Where(a => a.Kind == "harvest").Select(a => a.Batch).Take(12).ToList();
        Assert.NotEmpty(sample);
        var acksBeforeKill = acks.Count;
        var killedAt = clock.Elapsed;
        var pid = victim.ProcessId;
        await victim.StopAsync(); // Process.Kill: SIGKILL, no shutdown of any kind
        var recovery = await TimeUntilAnswering(sample, [.. cluster.Silos.Where((_, i) => i != Victim)], producer);
        var remaining = WhileDown - (clock.Elapsed - killedAt);
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining);
        var acksWhileDown = acks.Count - acksBeforeKill;
        await victim.StartAsync();
        var restartedAfter = clock.Elapsed - killedAt;
        await Task.Delay(AfterRestart);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        // Everything acknowledged is there exactly once, checked through all three silos.
        var checker = cluster.Client(producer);
        var report = await Check([.. acks], checker, farms);
        var (readModelDifferences, converged) = await ReadModelConverges(report.Batches);
        var summary = new StringBuilder()
            .AppendLine("Cluster fault test (3 silos on PostgreSQL, one killed with SIGKILL under load, then restarted)")
            .AppendLine(CultureInfo.InvariantCulture,
                $"  load: {Workers} workers through all three APIs, {clock.Elapsed.TotalSeconds:0} s; silo {Victim} (pid {pid}) killed "
                    + $"at {killedAt.TotalSeconds:0.0} s, restarted {restartedAfter.TotalSeconds:0.0} s later")
            .AppendLine(CultureInfo.InvariantCulture,
                $"  acknowledged writes checked: {acks.Count} ({report.ByKind}); {acksWhileDown} acknowledged while the silo was down")
            .AppendLine(CultureInfo.InvariantCulture, $"  lost = {report.Lost.Count}, duplicated = {report.Duplicated.Count}")
            .AppendLine(CultureInfo.InvariantCulture,
                $"  batches verified: {report.BatchesVerified} (hash chain and lineage: {report.IntegrityFailures.Count} failures; mass "
                    + $"balance: {report.MassBalanceFailures.Count} failures)")
            .AppendLine(CultureInfo.InvariantCulture,
                $"  time until traces and verifications answered again through every surviving silo: {recovery.TotalSeconds:0.0} s "
                    + $"(bound {RecoveryBound.TotalSeconds:0} s)")
            .AppendLine(CultureInfo.InvariantCulture,
                $"  client retries: {retries}; writes given up after all retries (not acknowledged): {failures.Count}")
            .AppendLine(CultureInfo.InvariantCulture,
                $"  read model: {report.Batches.Count - readModelDifferences.Count} of {report.Batches.Count} batches equal to their grains "
                    + $"(record and every event) {converged.TotalSeconds:0.0} s after the load stopped (sweep every "
                    + $"{ClusterFixture.SweepInterval.TotalSeconds:0} s; bound {RecoveryBound.TotalSeconds:0} s)")
            .ToString();
        output.WriteLine(summary);
        var problems = report.Lost.Concat(report.Duplicated).Concat(report.IntegrityFailures).Concat(report.MassBalanceFailures)
            .Concat(readModelDifferences);
        foreach (var line in problems.Concat(failures).Take(40))
            output.WriteLine("  " + line);
        TestSummary.Write("cluster-fault-test.txt", summary);

        Assert.True(acksWhileDown > 0, "no write was acknowledged while the silo was down: the load did not go on");
        Assert.Empty(report.Lost);
        Assert.Empty(report.Duplicated);
        Assert.Empty(report.IntegrityFailures);
        Assert.Empty(report.MassBalanceFailures);
        Assert.Empty(readModelDifferences);
        Assert.True(recovery < RecoveryBound, $"the cluster took {recovery.TotalSeconds:0.0} s to answer again");
    }

    /// <summary>One round of a packer's day: two harvests, an event, a split and a merge; each write is
    /// recorded once the server acknowledged it (2xx).</summary>
    private static async Task Iteration(NguonClient client, string farm, string prefix, ConcurrentQueue<Ack> acks)
    {
        var harvestedAt = DateTimeOffset.UtcNow.AddHours(-2);
        var a = await client.RecordHarvest(farm, new RecordHarvest($"{prefix}-A", "lychee", new Quantity(100m, "kg"), harvestedAt));
        acks.Enqueue(new("harvest", a.Code, null, [farm]));
        var b = await client.RecordHarvest(farm, new RecordHarvest($"{prefix}-B", "lychee", new Quantity(60m, "kg"), harvestedAt));
        acks.Enqueue(new("harvest", b.Code, null, [farm]));
        var packed = await client.RecordEvent(a.Code, new RecordEvent("packing", DateTimeOffset.UtcNow.AddHours(-1)));
        acks.Enqueue(new("event", a.Code, packed.EventId, []));
        var parts = await client.Split(a.Code, new SplitBatch(DateTimeOffset.UtcNow.AddMinutes(-30),
            [new SplitPart($"{prefix}-A1", new Quantity(40m, "kg")), new SplitPart($"{prefix}-A2", new Quantity(30m, "kg"))]));
        acks.Enqueue(new("split", a.Code, null, [.. parts.Select(p => p.Code)]));
        var merged = await client.Merge(new CombineBatches($"{prefix}-M", DateTimeOffset.UtcNow.AddMinutes(-10),
            [new QuantityLink($"{prefix}-A1", new Quantity(40m, "kg")), new QuantityLink(b.Code, new Quantity(60m, "kg"))]));
        acks.Enqueue(new("merge", merged.Code, null, [$"{prefix}-A1", b.Code]));
    }

    /// <summary>Until the read model equals grain state for every batch (the sweeps bring in what a killed silo wrote
    /// but did not project), or <see cref="RecoveryBound"/> has passed: the differences left, and the time taken.</summary>
    private async Task<(List<string> Differences, TimeSpan Took)> ReadModelConverges(IReadOnlyList<BatchNode> batches)
    {
        var sql = new ReadModelSql(StorageKind.Postgres, PostgresClusterFixture.ConnectionString, cluster.ClusterId);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var differences = await ReadModelCheck.Differences(sql, batches);
            if (differences.Count == 0 || clock.Elapsed >= RecoveryBound) return (differences, clock.Elapsed);
            output.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] read model: {differences.Count} batches differ ({differences[0]})");
            await Task.Delay(ClusterFixture.SweepInterval); // the next sweep
        }
    }

    /// <summary>From the kill until one full round of traces and verifications of batches written before it
    /// succeeds through every surviving silo (single attempts, no retries).</summary>
    private async Task<TimeSpan> TimeUntilAnswering(IReadOnlyList<string> sample, IReadOnlyList<SiloProcess> survivors, Party party)
    {
        var clock = Stopwatch.StartNew();
        var probes = survivors.Select(s =>
        {
            var client = NguonClient.Create(new Uri($"http://127.0.0.1:{s.HttpPort}/"), party.Token);
            client.MaxAttempts = 1;
            client.AttemptTimeout = TimeSpan.FromSeconds(5);
            return client;
        }).ToList();
        while (true)
        {
            try
            {
                await Task.WhenAll(probes.SelectMany(p => sample.Select(async code =>
                {
                    await p.Trace(code);
                    await p.VerifyFull(code);
                })));
                return clock.Elapsed;
            }
            catch (Exception e)
                when (e is NguonApiException or HttpRequestException or OperationCanceledException && clock.Elapsed < RecoveryBound)
            {
                output.WriteLine($"[{clock.Elapsed.TotalSeconds:0.0} s] not answering yet: {e.Message}");
            }
            if (clock.Elapsed >= RecoveryBound) return clock.Elapsed;
            await Task.Delay(100); // polling interval
        }
    }

    private sealed record Report(List<string> Lost, List<string> Duplicated, List<string> IntegrityFailures,
        List<string> MassBalanceFailures, int BatchesVerified, string ByKind, IReadOnlyList<BatchNode> Batches);

    private static async Task<Report> Check(IReadOnlyList<Ack> acks, NguonClient client, IReadOnlyList<string> farms)
    {
        var lost = new ConcurrentBag<string>();
        var duplicated = new ConcurrentBag<string>();
        var integrity = new ConcurrentBag<string>();
        var balance = new ConcurrentBag<string>();
        const int limit = 8; // requests in flight while checking
        var codes = acks.SelectMany(a => a.Kind is "split" or "merge" ? a.Related.Append(a.Batch) : [a.Batch]).Distinct().ToList();
        var batches = new ConcurrentDictionary<string, (Batch Batch, List<BatchEvent> Events)?>();
        await Fanout.Each(codes, async code =>
        {
            var batch = client.GetBatch(code);
            var events = client.GetEvents(code);
            try
            {
                await Task.WhenAll(batch, events); // both observed, whichever fails
                batches[code] = (await batch, await events);
            }
            catch (NguonApiException e) when (e.Status == 404) { batches[code] = null; }
        }, limit);

        foreach (var ack in acks)
        {
            var what = $"{ack.Kind} {ack.Batch}";
            if (batches[ack.Batch] is not var (batch, events)) { lost.Add($"{what}: batch missing"); continue; }
            switch (ack.Kind)
            {
                case "harvest":
                    Count(events.Count(e => e.BizStep == "commissioning"), what);
                    if (batch.Origin.Farm != ack.Related[0]) lost.Add($"{what}: origin farm {batch.Origin.Farm}");
                    break;
                case "event":
                    Count(events.Count(e => e.EventId == ack.EventId), what + " event " + ack.EventId);
                    Count(events.Count(e => e.BizStep == "packing"), what + " packing");
                    break;
                case "split":
                    Count(events.Count(e => e.EventType == "TransformationEvent" && e.Outputs.Any(o => ack.Related.Contains(o.Batch))),
                        what);
                    foreach (var child in ack.Related)
                        if (batches[child] is null) lost.Add($"{what}: child {child} missing");
                    break;
                case "merge":
                    Count(batch.Origin.Kind == OriginKind.Merge ? 1 : 0, what);
                    foreach (var input in ack.Related)
                        if (batches[input] is var (_, inputEvents)) Count(inputEvents.Count(e => e.Outputs.Any(o => o.Batch == ack.Batch)),
                            $"{what}: take from {input}");
                        else lost.Add($"{what}: input {input} missing");
                    break;
            }
        }

        void Count(int found, string what)
        {
            if (found == 0) lost.Add(what);
            else if (found > 1) duplicated.Add($"{what} ({found} times)");
        }

        // Mass balance: what a batch gave its children never exceeds what it held, the remainder is exactly the
        // rest, and a merge output is exactly what its inputs gave.
        foreach (var (code, entry) in batches)
        {
            if (entry is not var (batch, _)) continue;
            var given = batch.Children.Sum(c => c.Quantity.Amount);
            if (batch.Remaining != batch.Quantity.Amount - given || batch.Remaining < 0)
                balance.Add($"{code}: holds {batch.Quantity}, gave {given} kg, remaining {batch.Remaining}");
            if (batch.Origin.Kind == OriginKind.Merge && batch.Quantity.Amount != batch.Origin.Parents.Sum(p => p.Taken.Amount))
                balance.Add($"{code}: merged {batch.Quantity} from {batch.Origin.Parents.Sum(p => p.Taken.Amount)} kg");
        }
        // Every harvest counted once in its farm's season ledger, and the ledger's total is the sum of its batches.
        var seasons = await Task.WhenAll(farms.Select(f
            => client.GetSeason(f, DateTimeOffset.UtcNow.AddHours(-2).Year.ToString(CultureInfo.InvariantCulture))));
        foreach (var season in seasons)
        {
            if (season.Batches.Count != season.Batches.Distinct().Count()) duplicated.Add($"season {season.Farm}: a harvest listed twice");
            var listed = await Fanout.Map(season.Batches, code => client.GetBatch(code), limit);
            if (listed.Sum(b => b.Quantity.Amount) != season.HarvestedKg)
                balance.Add($"season {season.Farm}: ledger {season.HarvestedKg} kg, batches {listed.Sum(b => b.Quantity.Amount)} kg");
            foreach (var ack in acks.Where(a => a.Kind == "harvest" && a.Related[0] == season.Farm && !season.Batches.Contains(a.Batch)))
                lost.Add($"harvest {ack.Batch}: not in the season ledger of {season.Farm}");
        }

        // Hash chains and lineage, through the verification API.
        var present = batches.Where(b => b.Value is not null).Select(b => b.Key).ToList();
        await Fanout.Each(present, async code =>
        {
            var verification = await client.VerifyFull(code);
            foreach (var reason in verification.Reasons.Where(r => r.Rule.StartsWith("integrity.", StringComparison.Ordinal)
                || r.Rule.StartsWith("lineage.", StringComparison.Ordinal)))
                integrity.Add($"{code}: {reason.Rule}: {reason.Message}");
        }, limit);

        var byKind = string.Join(", ", acks.GroupBy(a => a.Kind).Select(g => $"{g.Count()} {g.Key}s"));
        var nodes = batches.Values.OfType<(Batch Batch, List<BatchEvent> Events)>().Select(b => new BatchNode(b.Batch, b.Events)).ToList();
        return new([.. lost], [.. duplicated], [.. integrity], [.. balance], present.Count, byKind, nodes);
    }
}
