using System.Diagnostics;
using Nguon.Infrastructure;
using Nguon.Model;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark;

/// <summary>The transparency log as the appends left it: the time between checkpoints while appends ran (the raw
/// INSERT rounds between them write no heads, and an idle log signs nothing), how long a head waited for a signed
/// checkpoint (leaf time → first checkpoint holding it, sampled), how long the sequencer took to catch up after the
/// last append round, and what proofs cost at the final size.</summary>
public sealed record LogFigures(
    long TreeSize, double CatchUpSeconds, int CheckpointsInRounds, double GapP50Ms, double GapP99Ms, double GapMaxMs,
    double WaitP50Ms, double WaitP99Ms, double WaitMaxMs, int Sampled, int InclusionHashes, int InclusionBytes,
    int ConsistencyHashes, int ConsistencyBytes, int Batches, double AllLoggedSeconds)
{
    private const int Samples = 400;

    public static async Task<LogFigures> MeasureAsync(IGrainFactory grains, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> appends,
        IReadOnlyList<string> batches)
    {
        bool During(DateTimeOffset t) => appends.Any(w => t >= w.Start && t <= w.End);
        var query = grains.GetGrain<ILogQueryGrain>(0);
        // Every batch's newest head in a signed checkpoint: nothing acknowledged is left behind.
        var records = await Fanout.Map(batches, b => grains.GetGrain<IBatchGrain>(b).GetRecord());
        var heads = records.OfType<Batch>().Select(b => new ChainHead(RecordKind.Batch, b.Code, b.EventCount, b.HeadHash)).ToList();
        var proving = Stopwatch.StartNew();
        while ((await query.Prove(heads)).Missing.Count > 0)
        {
            if (proving.Elapsed > TimeSpan.FromMinutes(3))
                throw new InvalidOperationException("the batches' newest heads were not all in a checkpoint 3 minutes after the appends");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        var allLogged = proving.Elapsed.TotalSeconds;
        // Caught up: two reads a second and a half apart see one tree size (appends have stopped).
        var waited = Stopwatch.StartNew();
        long size = -1;
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            var before = (await query.Latest())?.TreeSize ?? 0;
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var after = (await query.Latest())?.TreeSize ?? 0;
            if (after == before) { size = after; break; }
        }
        if (size <= 0) throw new InvalidOperationException("the log did not settle within 2 minutes of the last append");
        var latest = (await query.Latest())!;
        var catchUp = (latest.Time - appends[^1].End).TotalSeconds;

        var checkpoints = new List<LogCheckpoint>();
        var first = await query.Checkpoints(0);
        checkpoints.AddRange(first.Checkpoints);
        var rest = await Fanout.Map(Enumerable.Range(1, Math.Max(0, first.Pages - 1)).ToList(), p => query.Checkpoints(p));
        foreach (var page in rest) checkpoints.AddRange(page.Checkpoints);
        var inRounds = checkpoints.Where(c => During(c.Time)).ToList();
        var gaps = appends.SelectMany(w =>
        {
            var inWindow = checkpoints.Where(c => c.Time >= w.Start && c.Time <= w.End).ToList();
            return inWindow.Zip(inWindow.Skip(1), (a, b) => (b.Time - a.Time).TotalMilliseconds);
        }).Order().ToList();

        // A sample of leaves appended during the rounds, each against the first checkpoint that holds it.
        var indexes = Enumerable.Range(0, Samples).Select(i => (long)((double)i / Samples * size)).Distinct().ToList();
        var leaves = await Fanout.Map(indexes, async i => (await query.Leaves(i, 1)).Value![0]);
        var waits = leaves.Where(l => During(l.Leaf.Time))
            .Select(l => (FirstHolding(checkpoints, l.Index).Time - l.Leaf.Time).TotalMilliseconds).Order().ToList();

        var inclusion = (await query.Inclusion(size / 3, size)).Value!;
        var consistency = (await query.Consistency(Math.Max(1, size / 2 - 1), size)).Value!;
        return new LogFigures(size, catchUp, inRounds.Count, P(gaps, 50), P(gaps, 99), gaps.LastOrDefault(),
            P(waits, 50), P(waits, 99), waits.LastOrDefault(), waits.Count, inclusion.Path.Count,
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(inclusion).Length, consistency.Path.Count,
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(consistency).Length, heads.Count, allLogged);
    }

    private static LogCheckpoint FirstHolding(List<LogCheckpoint> sorted, long index)
    {
        int low = 0, high = sorted.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle].TreeSize > index) high = middle;
            else low = middle + 1;
        }
        return sorted[low];
    }

    private static double P(List<double> sorted, int percentile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];

    public IEnumerable<string[]> Rows() =>
    [
        ["Transparency log: leaves at the end of the run", N0(TreeSize), "", ""],
        ["  checkpoints signed during the append rounds; time between them p50 / p99 / max",
            $"{N0(CheckpointsInRounds)}; {F1(GapP50Ms)} / {F1(GapP99Ms)} / {F1(GapMaxMs)} ms", "≤ 10 s", GapMaxMs <= 10_000 ? "PASS" : "MISS"],
        [$"  head → first signed checkpoint holding it (p50 / p99 / max of {Sampled} sampled leaves)",
            $"{F1(WaitP50Ms)} / {F1(WaitP99Ms)} / {F1(WaitMaxMs)} ms", "", ""],
        [$"  every one of the {Batches} batches' newest heads in a checkpoint, after the last round", $"{F1(AllLoggedSeconds)} s", "", ""],
        ["  last checkpoint after the end of the last append round", $"{F1(CatchUpSeconds)} s", "", ""],
        [$"  inclusion proof at {N0(TreeSize)} leaves / consistency proof (half → all)",
            $"{InclusionHashes} hashes, {N0(InclusionBytes)} B JSON / {ConsistencyHashes} hashes, {N0(ConsistencyBytes)} B", "", ""],
    ];
}
