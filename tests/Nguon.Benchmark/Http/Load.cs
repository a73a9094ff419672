using System.Diagnostics;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Http;

/// <summary>Closed-loop HTTP load: <c>clients</c> workers each send one request after another for the round's
/// duration; latency is recorded per request (µs), failures are counted, never retried.</summary>
public static class Load
{
    /// <summary>One request of worker <c>w</c>, its <c>n</c>-th; true when the answer is the expected one.</summary>
    public delegate Task<bool> Request(int worker, long n);

    public static async Task<RoundResult> RunAsync(Request request, int clients, TimeSpan duration)
    {
        var latency = NewHistogram();
        long count = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(w => Task.Run(async () =>
        {
            var mine = NewHistogram();
            long n = 0, bad = 0;
            while (clock.Elapsed < duration)
            {
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await request(w, n);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    ok = false;
                }
                mine.RecordValue(MicrosSince(t0));
                n++;
                if (!ok) bad++;
            }
            lock (latency)
            {
                latency.Add(mine);
                count += n;
                errors += bad;
            }
        })));
        return new RoundResult(count, errors, clock.Elapsed.TotalSeconds, latency);
    }

    /// <summary>Several rounds of the same load: the rate of each (its spread is the machine's noise) and the latency
    /// of all requests together.</summary>
    public static async Task<Rounds> RoundsAsync(Request request, int clients, TimeSpan duration, int rounds, TimeSpan warmup)
    {
        await RunAsync(request, clients, warmup);
        var results = new List<RoundResult>();
        for (var r = 0; r < rounds; r++) results.Add(await RunAsync(request, clients, duration));
        return new Rounds(results);
    }
}

public sealed record Rounds(IReadOnlyList<RoundResult> Results)
{
    public IReadOnlyList<double> Rates => [.. Results.Select(r => r.PerSecond)];
    public double Rate => Median(Rates);
    public long Errors => Results.Sum(r => r.Errors);

    public HdrHistogram.LongHistogram Latency
    {
        get
        {
            var all = NewHistogram();
            foreach (var r in Results) all.Add(r.Latency);
            return all;
        }
    }

    public override string ToString() =>
        $"p50 {F2(Latency.Ms(50))} / p99 {F2(Latency.Ms(99))} ms · {N0(Rate)}/s (rounds {string.Join(", ", Rates.Select(N0))})"
            + (Errors > 0 ? $" · {N0(Errors)} errors" : "");
}
