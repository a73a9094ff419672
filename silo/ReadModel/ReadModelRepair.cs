using System.Data.Common;
using Nguon.Domain.ReadModel;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Telemetry;

namespace Nguon.Silo.ReadModel;

/// <summary>What a sweep or a rebuild found for one kind of record.</summary>
public sealed record KindReport(string Kind, long Checked, long Missing, long Different, long Extra);

/// <summary>A rebuild's (or sweep's) findings, each fixed before it was reported.</summary>
public sealed record RepairReport(IReadOnlyList<KindReport> Kinds, DateTimeOffset StartedAt, double Seconds)
{
    public long Fixed => Kinds.Sum(k => k.Missing + k.Different + k.Extra);
}

/// <summary>Brings the read model back to the grains. The grain rows say what exists and at which version; a record's
/// projection is always made by its grain (the same code that serves it), never by decoding stored rows here.
/// <list type="bullet">
/// <item><see cref="Sweep"/>: the grain rows newer than their projection (or without one) and projections without a
/// grain row — what a failed projection or a silo that died between the two writes leaves. Two anti-joins per kind.</item>
/// <item><see cref="Rebuild"/>: every record, page by page, compared field by field with what is stored for it (a
/// batch with its events, lineage and holders: <see cref="StoredProjections"/>); each missing, different or extra
/// record is fixed and counted.</item>
/// </list>
/// Work is bounded: pages of <see cref="PageSize"/> keys, grains asked <see cref="Fanout.DefaultLimit"/> at a time.</summary>
public sealed class ReadModelRepair(ReadModelWriter writer, IGrainFactory grains, TimeProvider clock)
{
    public const int PageSize = 500;
    public const int MaxPagesPerSweep = 200;
    private static readonly ReadKind[] Order = [ReadKind.Organisation, ReadKind.Certificate, ReadKind.Farm, ReadKind.Batch];
    private ReadModelSql Sql => writer.Store.Sql;
    private readonly StoredProjections rows = new(writer.Store.Sql);

    public async Task<RepairReport> Sweep(CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow();
        var kinds = new List<KindReport>();
        var complete = true;
        foreach (var kind in Order)
        {
            long missing = 0, different = 0;
            // Bounded: a record whose grain answers nothing stays "missing" (its removal deletes nothing), so a sweep
            // must not chase it forever.
            for (var pass = 0; pass < MaxPagesPerSweep; pass++)
            {
                var stale = await Keys(StaleSql(kind), cancellationToken);
                if (stale.Count == 0) break;
                // Asking the grains waits for the writes they have in flight, whose projections follow before they
                // answer: only what is still older than the version the scan saw was really behind.
                var whole = await Whole(kind, stale);
                var versions = await Versions(kind, [.. stale.Select(k => k.Key)], cancellationToken);
                var behind = stale.Select((k, i) => (k, i))
                    .Where(x => !versions.TryGetValue(x.k.Key, out var v) || v < x.k.Version).ToList();
                await writer.Repair([.. behind.Select(x => whole[x.i])]);
                different += behind.Count(x => x.k.Projected);
                missing += behind.Count(x => !x.k.Projected);
                if (stale.Count < PageSize) break;
                // A full page of writes in flight (nothing behind in it) or the last page this sweep may take: records
                // past it were not looked at, so this sweep cannot vouch for them.
                if (behind.Count == 0 || pass == MaxPagesPerSweep - 1)
                {
                    complete = false;
                    break;
                }
            }
            var extra = await RemoveExtra(kind, cancellationToken);
            kinds.Add(new(Name(kind), missing + different, missing, different, extra));
        }
        if (complete) writer.Settle(started);
        var report = new RepairReport(kinds, started, (clock.GetUtcNow() - started).TotalSeconds);
        if (report.Fixed > 0) NguonTelemetry.ReadModelRepairs.Add(report.Fixed);
        await Sql.Execute([new("""
            INSERT INTO rm_sweeps (service_id, swept_at, fixed) VALUES (@s, @at, @fixed)
            ON CONFLICT (service_id) DO UPDATE SET swept_at = excluded.swept_at, fixed = rm_sweeps.fixed + excluded.fixed
            """, [("at", started), ("fixed", report.Fixed)])], cancellationToken);
        return report;
    }

    public async Task<RepairReport> Rebuild(CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow();
        var kinds = new List<KindReport>();
        foreach (var kind in Order)
        {
            long seen = 0, missing = 0, different = 0;
            var after = "";
            while (true)
            {
                var page = await Keys(PageSql(kind), cancellationToken, ("after", after));
                if (page.Count == 0) break;
                after = page[^1].Key;
                seen += page.Count;
                var whole = await Whole(kind, page);
                var stored = await rows.Read(kind, [.. page.Select(p => p.Key)], cancellationToken);
                var wrong = whole.Where(p => p is Removal
                    || !stored.TryGetValue(p.Key, out var s)
                    || StoredProjections.Fingerprint(s) != StoredProjections.Fingerprint(p)).ToList();
                missing += wrong.Count(p => !stored.ContainsKey(p.Key));
                different += wrong.Count(p => stored.ContainsKey(p.Key));
                await writer.Repair(wrong);
                if (page.Count < PageSize) break;
            }
            var extra = await RemoveExtra(kind, cancellationToken);
            kinds.Add(new(Name(kind), seen, missing, different, extra));
        }
        return new RepairReport(kinds, started, (clock.GetUtcNow() - started).TotalSeconds);
    }

    public static string Name(ReadKind kind) => kind switch
    {
        ReadKind.Batch => "batches",
        ReadKind.Farm => "farms",
        ReadKind.Certificate => "certificates",
        _ => "organisations",
    };

    private static (string Table, string Column) Table(ReadKind kind) => kind switch
    {
        ReadKind.Batch => ("rm_batches", "code"),
        ReadKind.Farm => ("rm_farms", "code"),
        ReadKind.Certificate => ("rm_certificates", "number"),
        _ => ("rm_organisations", "id"),
    };

    /// <summary>The stored-key prefix of a kind's grain rows (<see cref="CanonicalKeyGrainStorage"/>).</summary>
    private static string Prefix(ReadKind kind) => CanonicalKeyGrainStorage.StoredKey(Projections.GrainType(kind), "");

    private static string KeyOf(ReadKind kind) => $"substr(s.grainidextensionstring, {Prefix(kind).Length + 1})";

    private static string StaleSql(ReadKind kind)
    {
        var (table, column) = Table(kind);
        return $"""
            SELECT {KeyOf(kind)}, s.version, r.{column} FROM orleansstorage s
            LEFT JOIN {table} r ON r.service_id = s.serviceid AND r.{column} = {KeyOf(kind)}
            WHERE s.serviceid = @s AND s.grainidextensionstring LIKE '{Prefix(kind)}%' AND (r.{column} IS NULL OR r.version < s.version)
            LIMIT {PageSize}
            """;
    }

    private static string PageSql(ReadKind kind) => $"""
        SELECT {KeyOf(kind)}, s.version, NULL FROM orleansstorage s
        WHERE s.serviceid = @s AND s.grainidextensionstring LIKE '{Prefix(kind)}%' AND s.grainidextensionstring > '{Prefix(kind)}' || @after
        ORDER BY s.grainidextensionstring LIMIT {PageSize}
        """;

    private sealed record StoredKey(string Key, int Version, bool Projected);

    private Task<List<StoredKey>> Keys(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        Sql.Rows(sql, parameters, r => new StoredKey(r.GetString(0), r.IsDBNull(1) ? 0 : r.GetInt32(1), !r.IsDBNull(2)), cancellationToken);

    /// <summary>Each record whole, as its grain has it now (a record gone since it was listed: its removal).</summary>
    private async Task<List<Projection>> Whole(ReadKind kind, IReadOnlyList<StoredKey> keys)
    {
        var made = await Fanout.Map(keys, async k => kind switch
        {
            ReadKind.Batch => await grains.GetGrain<IBatchGrain>(k.Key).GetNode() is { } node ? Projections.Whole(node, k.Version) : null,
            ReadKind.Farm => await grains.GetGrain<IFarmGrain>(k.Key).GetProfile() is { } farm
                ? new FarmProjection(ReadRows.Farm(farm), k.Version) { Whole = true } : null,
            ReadKind.Certificate => await grains.GetGrain<ICertificateGrain>(k.Key).Get() is { } certificate
                ? new CertificateProjection(ReadRows.Certificate(certificate), k.Version) { Whole = true } : null,
            _ => await grains.GetGrain<IOrganisationGrain>(k.Key).Get() is { } organisation
                ? new OrganisationProjection(ReadRows.Organisation(organisation), k.Version) { Whole = true } : (Projection?)null,
        } ?? new Removal(kind, k.Key));
        return [.. made];
    }

    /// <summary>The stored projection's version of each of <paramref name="keys"/> that has one.</summary>
    private async Task<Dictionary<string, int>> Versions(ReadKind kind, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var (table, column) = Table(kind);
        var rows = await Sql.Rows($"""
            SELECT {column}, version FROM {table}
            WHERE service_id = @s AND {column} IN ({string.Join(", ", keys.Select((_, i) => $"@k{i}"))})
            """, keys.Select((k, i) => ($"k{i}", (object?)k)), r => (Key: r.GetString(0), Version: r.GetInt32(1)), cancellationToken);
        return rows.ToDictionary(r => r.Key, r => r.Version, StringComparer.Ordinal);
    }

    /// <summary>Deletes the projections whose grain row is gone; returns how many.</summary>
    private async Task<long> RemoveExtra(ReadKind kind, CancellationToken cancellationToken)
    {
        var (table, column) = Table(kind);
        long removed = 0;
        while (true)
        {
            var extra = await Sql.Rows($"""
                SELECT r.{column} FROM {table} r WHERE r.service_id = @s AND NOT EXISTS (SELECT 1 FROM orleansstorage s
                    WHERE s.serviceid = @s AND s.grainidextensionstring = '{Prefix(kind)}' || r.{column})
                LIMIT {PageSize}
                """, [], r => r.GetString(0), cancellationToken);
            if (extra.Count == 0) return removed;
            await writer.Repair([.. extra.Select(k => new Removal(kind, k))]);
            removed += extra.Count;
            if (extra.Count < PageSize) return removed;
        }
    }
}
