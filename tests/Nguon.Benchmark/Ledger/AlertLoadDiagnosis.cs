using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Domain.Alerts;
using Nguon.Domain.Ledger;
using Nguon.Model;
using Nguon.Silo.Alerts;
using Nguon.Silo.Hosting;
using Nguon.Silo.Ledger;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Ledger;

/// <summary><c>--alerts-load --diagnose</c>: where a pass's time goes under the load. A third silo, its evaluator off, carries
/// the same load for one round while this process runs the steps of <see cref="AlertEvaluator.Evaluate"/> through the silo's
/// own <see cref="SeasonQueries"/> and <see cref="AlertStore"/>, back to back, each step timed; then the same steps with no load.
/// </summary>
internal static class AlertLoadDiagnosis
{
    private const int Quiet = 3;

    public static async Task<List<string[]>> RunAsync(Settings settings, NguonOptions options)
    {
        var config = new Dictionary<string, string?> { [$"{AlertOptions.Section}:Interval"] = AlertOptions.MaxInterval.ToString("c") };
        AlertLoadBench.Log("diagnose: a silo with the evaluator off; the evaluator's steps run here, under the load, then without it");
        await using var silo = await BenchSilo.StartAsync(options, settings.LogLevel, settings: config);
        var codes = AlertLoadBench.LoadBatches(new World(silo.Grains, "al", LedgerWorld.Gi, LedgerWorld.MaxYield), settings.Batches);
        var queries = silo.Services.GetRequiredService<SeasonQueries>();
        var store = silo.Services.GetRequiredService<AlertStore>();
        var rules = AlertRuleSet.For(LedgerWorld.Gi);
        var treatment = rules.TreatmentCapacity?.BizStep ?? BizStep.Fumigating.Value;
        string[] names =
        [
            "SeasonQueries.Read, whole (SQL)", "SeasonLedgers.Shares (memory)", "SeasonQueries.Facts (memory)",
            "AlertRules.Evaluate (memory)", "AlertStore.Raise (SQL)", "the whole evaluation",
        ];
        async Task<double[]> Once()
        {
            var t = new long[6];
            t[0] = Stopwatch.GetTimestamp();
            var rows = await queries.Read(LedgerWorld.Gi, LedgerWorld.Season, LedgerWorld.MaxYield, treatment, null, default);
            t[1] = Stopwatch.GetTimestamp();
            var shares = SeasonLedgers.Shares(rows.Input);
            t[2] = Stopwatch.GetTimestamp();
            var facts = SeasonQueries.Facts(rows, shares);
            t[3] = Stopwatch.GetTimestamp();
            var now = DateTimeOffset.UtcNow;
            var findings = AlertRules.Evaluate(facts, rules, now);
            t[4] = Stopwatch.GetTimestamp();
            await store.Raise(LedgerWorld.Gi, LedgerWorld.Season, findings, now);
            t[5] = Stopwatch.GetTimestamp();
            double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
            return [Ms(t[0], t[1]), Ms(t[1], t[2]), Ms(t[2], t[3]), Ms(t[3], t[4]), Ms(t[4], t[5]), Ms(t[0], t[5])];
        }

        await Appends.RunAsync(silo.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(10));
        await Once(); // warm: the first run after a start pays the plans and the JIT
        var loaded = new List<double[]>();
        var load = Appends.RunAsync(silo.Grains, codes, settings.Concurrency, TimeSpan.FromSeconds(settings.Seconds));
        while (!load.IsCompleted) loaded.Add(await Once());
        var round = await load;
        var quiet = new List<double[]>();
        for (var i = 0; i < Quiet; i++) quiet.Add(await Once());
        AlertLoadBench.Log($"diagnose: {loaded.Count} evaluations under {N0(round.PerSecond)} appends/s, {Quiet} without load");

        var table = new List<string[]>
        {
            new[] { "diagnose: the evaluator's steps", $"under the load, median / max ms (n={loaded.Count})",
                $"no load, median ms (n={Quiet})" },
        };
        for (var k = 0; k < names.Length; k++)
            table.Add([names[k], $"{N0(Median([.. loaded.Select(x => x[k])]))} / {N0(loaded.Max(x => x[k]))}",
                N0(Median([.. quiet.Select(x => x[k])]))]);
        return table;
    }
}
