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
/// judges its own writes: no scan of the store). On a schedule: every <see cref="AlertOptions.Schedule"/> it evaluates
/// every GI's current season too (a lot in transit grows late without any write). Incrementally: a pass keeps each
/// season's rows (<see cref="SeasonSnapshot"/>) and reads again only the lots written since (by any silo), then runs
/// the lineage and every rule over the whole season in memory; the season is read whole when first judged, once per
/// schedule, and when more than <see cref="MaxChangedLots"/> lots changed. One season at a time. Every silo runs it; an
/// evaluation is idempotent (a finding's alert id is a digest), so two silos at once cost twice, never a duplicate alert.</summary>
public sealed class AlertEvaluator(
    SeasonQueries queries, AlertStore store, ScanMisses misses, ReadModelSql sql, ReadModelWriter writer, IGrainFactory grains,
    TimeProvider clock,
    IOptions<AlertOptions> options, ILogger<AlertEvaluator> logger) : BackgroundService
{
    /// <summary>At most this many seasons' snapshots are kept (≈ 100 MB each at a province's size), the least recently read
    /// dropped first.</summary>
    public const int MaxSnapshots = 4;

    /// <summary>A pass reads again the lots written since its snapshot's last read less this margin: a write's row carries its
    /// silo's clock at projection, and may commit a little after; the margin covers that and clocks apart by less.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);

    /// <summary>More lots changed than this since the last read: read the season whole.</summary>
    public const int MaxChangedLots = 5_000;

    // Only the background loop reads and writes the snapshots (one pass at a time): no lock.
    private readonly Dictionary<(string Gi, string Season), SeasonSnapshot> snapshots = [];

    /// <summary>Evaluates one GI season now, read whole; null when no certificate answers to the GI.</summary>
    public Task<AlertEvaluation?> Evaluate(string gi, string season, CancellationToken cancellationToken = default) =>
        Evaluate(gi, season, incremental: false, cancellationToken);

    private async Task<AlertEvaluation?> Evaluate(string gi, string season, bool incremental, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (await grains.GetGrain<ICertificateGrain>(gi).Get() is not { } certificate) return null;
        var rules = AlertRuleSet.For(gi);
        var step = rules.TreatmentCapacity?.BizStep ?? BizStep.Fumigating.Value;
        var maxYield = certificate.Specification.MaxYieldKgPerHaPerSeason;
        var (rows, read) = incremental
            ? await Refreshed(gi, season, maxYield, step, cancellationToken)
            : (await queries.Read(gi, season, maxYield, step, null, cancellationToken), "whole");
        var facts = SeasonQueries.Facts(rows, SeasonLedgers.Shares(rows.Input));
        var now = clock.GetUtcNow();
        var findings = AlertRules.Evaluate(facts, rules, now);
        var result = await store.Raise(gi, season, findings, now, cancellationToken);
        foreach (var (rule, n) in result.Raised) NguonTelemetry.AlertsRaised.Add(n, new KeyValuePair<string, object?>("rule", rule));
        if (result.Capped > 0)
            logger.LogWarning("alerts: {Capped} findings of GI {Gi} season {Season} not kept: the season holds {Max} alerts",
                result.Capped, gi, season, AlertStore.MaxPerSeason);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        NguonTelemetry.AlertEvaluation.Record(ms, new KeyValuePair<string, object?>("gi", gi),
            new KeyValuePair<string, object?>("read", read));
        return new AlertEvaluation(gi, season, findings.Count, result.Raised, result.Updated, result.Capped, Math.Round(ms, 1));
    }

    /// <summary>The season's rows from its snapshot, with the lots written since its last read (by any silo) read again; read
    /// whole when there is no snapshot, it is older than the schedule (a whole read then catches what a margin could miss,
    /// e.g. a farm's commune changed), or too many lots changed.</summary>
    private async Task<(SeasonQueries.SeasonRows Rows, string Read)> Refreshed(
        string gi, string season, decimal maxYield, string step, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (snapshots.TryGetValue((gi, season), out var snapshot) && now - snapshot.WholeAt < options.Value.Schedule)
        {
            var changed = await queries.ChangedLots(gi, season, snapshot.ReadAt - Margin, cancellationToken);
            if (changed.Count <= MaxChangedLots)
            {
                snapshot.Apply(changed, await queries.Read(gi, season, maxYield, step, changed, cancellationToken), now);
                return (snapshot.Rows(maxYield), "changed");
            }
        }
        var whole = await queries.Read(gi, season, maxYield, step, null, cancellationToken);
        if (snapshots.Count >= MaxSnapshots && !snapshots.ContainsKey((gi, season)))
            snapshots.Remove(snapshots.MinBy(s => s.Value.ReadAt).Key);
        snapshots[(gi, season)] = new SeasonSnapshot(whole, now);
        return (whole, "whole");
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
                foreach (var (gi, season) in seasons) await Evaluate(gi, season, incremental: true, stoppingToken);
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
