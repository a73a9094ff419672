using System.Diagnostics;
using Microsoft.Extensions.Options;
using Nguon.Domain.Alerts;
using Nguon.Domain.Ledger;
using Nguon.Model;
using Nguon.Silo.Ledger;
using Nguon.Silo.ReadModel;
using Nguon.Telemetry;

namespace Nguon.Silo.Alerts;

/// <summary>Runs the GI alert rules. As writes arrive: every <see cref="AlertOptions.Interval"/> it flushes the
/// scan-miss counters and evaluates each GI season whose lots this silo projected since its last pass (each silo
/// judges its own writes: no scan of the store). On a schedule:
/// every <see cref="AlertOptions.Schedule"/> it evaluates every GI's current season too (a lot in transit grows
/// late without any write). One season at a time, so the cost is one season's queries, never the whole store's.
/// Every silo runs it; an evaluation is idempotent (a finding's alert id is a digest), so two silos at once cost twice,
/// never a duplicate alert.</summary>
public sealed class AlertEvaluator(
    SeasonQueries queries, AlertStore store, ScanMisses misses, ReadModelSql sql, ReadModelWriter writer, IGrainFactory grains,
    TimeProvider clock,
    IOptions<AlertOptions> options, ILogger<AlertEvaluator> logger) : BackgroundService
{
    /// <summary>Evaluates one GI season now; null when no certificate answers to the GI.</summary>
    public async Task<AlertEvaluation?> Evaluate(string gi, string season, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        if (await grains.GetGrain<ICertificateGrain>(gi).Get() is not { } certificate) return null;
        var rules = AlertRuleSet.For(gi);
        var input = await queries.Input(gi, season, certificate.Specification.MaxYieldKgPerHaPerSeason, cancellationToken);
        var shares = SeasonLedgers.Shares(input);
        var facts = await queries.Facts(input, shares, rules.TreatmentCapacity?.BizStep ?? BizStep.Fumigating.Value, cancellationToken);
        var now = clock.GetUtcNow();
        var findings = AlertRules.Evaluate(facts, rules, now);
        var result = await store.Raise(gi, season, findings, now, cancellationToken);
        foreach (var (rule, n) in result.Raised) NguonTelemetry.AlertsRaised.Add(n, new KeyValuePair<string, object?>("rule", rule));
        if (result.Capped > 0)
            logger.LogWarning("alerts: {Capped} findings of GI {Gi} season {Season} not kept: the season holds {Max} alerts",
                result.Capped, gi, season, AlertStore.MaxPerSeason);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        NguonTelemetry.AlertEvaluation.Record(ms, new KeyValuePair<string, object?>("gi", gi));
        return new AlertEvaluation(gi, season, findings.Count, result.Raised, result.Updated, result.Capped, Math.Round(ms, 1));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var scheduled = DateTimeOffset.MinValue;
        var (interval, schedule) = (options.Value.Interval, options.Value.Schedule);
        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var scanned = await misses.Flush(stoppingToken);
                var passStarted = clock.GetUtcNow();
                // Seasons of a pass that fails are judged again at the next schedule at the latest.
                var seasons = new SortedSet<(string Gi, string Season)>(writer.TakeChangedSeasons());
                seasons.UnionWith(scanned);
                if (passStarted - scheduled >= schedule)
                {
                    seasons.UnionWith(await CurrentSeasons(passStarted, stoppingToken));
                    scheduled = passStarted;
                }
                foreach (var (gi, season) in seasons) await Evaluate(gi, season, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("alerts: an evaluation pass failed and runs again at the next tick: {Message}", e.Message);
            }
        }
    }

    private async Task<IEnumerable<(string, string)>> CurrentSeasons(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gis = await sql.Rows("SELECT number FROM rm_certificates WHERE service_id = @s AND status = 'active'", [],
            r => r.GetString(0), cancellationToken);
        var season = now.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return gis.Select(gi => (gi, season));
    }
}
