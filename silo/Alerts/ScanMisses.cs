using System.Collections.Concurrent;
using System.Globalization;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Nguon.Telemetry;

namespace Nguon.Silo.Alerts;

/// <summary>Counts label scans that name a lot Nguon does not know under a GI product's GTIN: per GI, GTIN and UTC day,
/// nothing about who scanned. Counted in memory on the scan's path (no storage write per anonymous request) and added
/// to nguon_scan_misses by <see cref="Flush"/>; at most <see cref="MaxKeys"/> (GTIN, day) counters wait between flushes,
/// further ones are dropped and counted as dropped, so a flood of invented GTINs cannot grow the silo.</summary>
public sealed class ScanMisses(ReadModelSql sql, SqliteWriteGate? gate, TimeProvider clock)
{
    public const int MaxKeys = 10_000;
    private ConcurrentDictionary<(string Gi, string Gtin, string Day), long> pending = new();
    private long dropped;

    public long Dropped => Interlocked.Read(ref dropped);

    public void Count(string gi, string gtin)
    {
        var key = (gi, gtin, clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var counters = pending;
        if (!counters.ContainsKey(key) && counters.Count >= MaxKeys)
        {
            Interlocked.Increment(ref dropped);
            return;
        }
        counters.AddOrUpdate(key, 1, (_, n) => n + 1);
        NguonTelemetry.ScanMisses.Add(1, new KeyValuePair<string, object?>("gi", gi));
    }

    /// <summary>Adds the counts waiting to the table (one transaction) and returns the GI seasons they were counted in;
    /// counts whose write failed are kept for the next flush.</summary>
    public async Task<IReadOnlyList<(string Gi, string Season)>> Flush(CancellationToken cancellationToken = default)
    {
        var taken = Interlocked.Exchange(ref pending, new());
        if (taken.IsEmpty) return [];
        var statements = taken.Select(c => new Statement("""
            INSERT INTO nguon_scan_misses (service_id, gi, gtin, day, scans) VALUES (@s, @gi, @gtin, @day, @scans)
            ON CONFLICT (service_id, gi, day, gtin) DO UPDATE SET scans = nguon_scan_misses.scans + excluded.scans
            """, [("gi", c.Key.Gi), ("gtin", c.Key.Gtin), ("day", c.Key.Day), ("scans", c.Value)])).ToList();
        try
        {
            await gate.Through(() => sql.Execute(statements, cancellationToken), cancellationToken);
        }
        catch
        {
            foreach (var (key, n) in taken) pending.AddOrUpdate(key, n, (_, m) => m + n);
            throw;
        }
        return [.. taken.Keys.Select(k => (k.Gi, k.Day[..4])).Distinct()];
    }
}
