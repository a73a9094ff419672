using System.Data.Common;
using Nguon.Domain.ReadModel;

namespace Nguon.Silo.ReadModel;

/// <summary>Reads stored read-model rows back as the records they were written from, so a rebuild (and a test) compares
/// what is stored with what the grains say field by field: <see cref="Fingerprint"/> of both must be equal.</summary>
public sealed class StoredProjections(ReadModelSql sql)
{
    /// <summary>One digest over everything a projection stores for its record.</summary>
    public static string Fingerprint(Projection p) => p switch
    {
        BatchProjection b => ReadRows.Digest(new
        {
            Row = b.Row with { FormerHolders = [.. b.Row.FormerHolders.Order(StringComparer.Ordinal)] },
            Events = b.Events.OrderBy(e => e.Sequence),
            Lineage = b.Lineage.OrderBy(l => l.Parent, StringComparer.Ordinal),
        }),
        FarmProjection f =>
            ReadRows.Digest(f.Row with { Authorisations = [.. f.Row.Authorisations.OrderBy(a => a.Gi, StringComparer.Ordinal)] }),
        CertificateProjection c => ReadRows.Digest(c.Row),
        OrganisationProjection o => ReadRows.Digest(o.Row),
        _ => "",
    };

    /// <summary>The stored projections of <paramref name="keys"/> (whole), by key; keys without a row are absent.</summary>
    public async Task<Dictionary<string, Projection>> Read(
        ReadKind kind, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        if (keys.Count == 0) return [];
        var list = string.Join(", ", keys.Select((_, i) => $"@k{i}"));
        var named = keys.Select((k, i) => ($"k{i}", (object?)k)).ToArray();
        await using var connection = await sql.OpenForQueries(cancellationToken);
        return kind switch
        {
            ReadKind.Batch => await Batches(connection, list, named, cancellationToken),
            ReadKind.Farm => await Farms(connection, list, named, cancellationToken),
            ReadKind.Certificate => (await Rows(connection, $"""
                SELECT number, name_vi, name_en, product, holder, status, valid_from, valid_to, registered_at, version FROM rm_certificates
                WHERE service_id = @s AND number IN ({list})
                """, named, r => (Projection)new CertificateProjection(new CertificateRow(r.GetString(0), r.GetString(1), r.GetString(2),
                    r.GetString(3), r.GetString(4), r.GetString(5), ReadModelSql.ReadTime(r, 6), ReadModelSql.ReadOptionalTime(r, 7),
                    ReadModelSql.ReadTime(r, 8)), r.GetInt32(9)), cancellationToken)).ToDictionary(p => p.Key),
            _ => (await Rows(connection, $"""
                SELECT id, name, roles, commune, country, code_space, registered_at, version FROM rm_organisations
                WHERE service_id = @s AND id IN ({list})
                """, named, r => (Projection)new OrganisationProjection(new OrganisationRow(r.GetString(0), r.GetString(1), r.GetString(2),
                    ReadModelSql.ReadString(r, 3), ReadModelSql.ReadString(r, 4), ReadModelSql.ReadString(r, 5),
                    ReadModelSql.ReadTime(r, 6)),
                    r.GetInt32(7)), cancellationToken)).ToDictionary(p => p.Key),
        };
    }

    private async Task<Dictionary<string, Projection>> Batches(DbConnection c, string list, (string, object?)[] keys, CancellationToken ct)
    {
        var holders = (await Rows(c, $"SELECT batch, holder FROM rm_batch_holders WHERE service_id = @s AND batch IN ({list})", keys,
            r => (Batch: r.GetString(0), Holder: r.GetString(1)), ct)).ToLookup(h => h.Batch, h => h.Holder);
        var events = (await Rows(c, $"""
            SELECT batch, sequence, event_id, event_type, biz_step, disposition, event_time, event_offset, record_time, read_point,
                biz_location, actor, quantity, unit, destination, inputs, outputs, sensors, documents, reason, hash
            FROM rm_events WHERE service_id = @s AND batch IN ({list})
            """, keys, r => new EventRow(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4),
                ReadModelSql.ReadString(r, 5), ReadModelSql.ReadTime(r, 6), r.GetInt32(7), ReadModelSql.ReadTime(r, 8),
                ReadModelSql.ReadString(r, 9), ReadModelSql.ReadString(r, 10), r.GetString(11),
                r.IsDBNull(12) ? null : ReadModelSql.ReadDecimal(r, 12), ReadModelSql.ReadString(r, 13), ReadModelSql.ReadString(r, 14),
                r.GetString(15), r.GetString(16), r.GetString(17), r.GetString(18), ReadModelSql.ReadString(r, 19), r.GetString(20)), ct))
            .ToLookup(e => e.Batch);
        var lineage = (await Rows(c, $"SELECT child, parent, quantity, unit FROM rm_lineage WHERE service_id = @s AND child IN ({list})",
            keys, r => new LineageRow(r.GetString(0), r.GetString(1), ReadModelSql.ReadDecimal(r, 2), r.GetString(3)), ct))
            .ToLookup(l => l.Child);
        var batches = await Rows(c, $"""
            SELECT code, gtin, lot, product, variety, quantity, unit, remaining, gi_claim, origin_kind, farm, season, custodian,
                first_custodian, destination, status, created_at, created_offset, last_event_at, last_event_offset, event_count, head_hash,
                version
            FROM rm_batches WHERE service_id = @s AND code IN ({list})
            """, keys, r => (Row: new BatchRow(r.GetString(0), ReadModelSql.ReadString(r, 1), ReadModelSql.ReadString(r, 2), r.GetString(3),
                ReadModelSql.ReadString(r, 4), ReadModelSql.ReadDecimal(r, 5), r.GetString(6), ReadModelSql.ReadDecimal(r, 7),
                ReadModelSql.ReadString(r, 8), r.GetString(9), ReadModelSql.ReadString(r, 10), ReadModelSql.ReadString(r, 11),
                r.GetString(12),
                ReadModelSql.ReadString(r, 13), ReadModelSql.ReadString(r, 14), r.GetString(15), ReadModelSql.ReadTimeInOffset(r, 16),
                ReadModelSql.ReadTimeInOffset(r, 18), r.GetInt32(20), r.GetString(21), []), Version: r.GetInt32(22)), ct);
        return batches.ToDictionary(b => b.Row.Code, b => (Projection)new BatchProjection(
            b.Row with { FormerHolders = [.. holders[b.Row.Code]] }, [.. events[b.Row.Code]], [.. lineage[b.Row.Code]], b.Version));
    }

    private async Task<Dictionary<string, Projection>> Farms(DbConnection c, string list, (string, object?)[] keys, CancellationToken ct)
    {
        var authorisations = (await Rows(c, $"""
            SELECT farm, gi, status, valid_from, valid_from_offset, valid_to, valid_to_offset, reference FROM rm_authorisations
            WHERE service_id = @s AND farm IN ({list})
            """, keys, r => new AuthorisationRow(r.GetString(0), r.GetString(1), r.GetString(2), ReadModelSql.ReadTimeInOffset(r, 3),
                ReadModelSql.ReadOptionalTimeInOffset(r, 5), r.GetString(7)), ct)).ToLookup(a => a.Farm);
        var farms = await Rows(c, $"""
            SELECT code, name, owner, commune, district, province, area_ha, registered_at, version FROM rm_farms
            WHERE service_id = @s AND code IN ({list})
            """, keys, r => new FarmProjection(new FarmRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.GetString(5), ReadModelSql.ReadDecimal(r, 6), ReadModelSql.ReadTime(r, 7), []), r.GetInt32(8)), ct);
        return farms.ToDictionary(f => f.Key,
            f => (Projection)(f with { Row = f.Row with { Authorisations = [.. authorisations[f.Key]] } }));
    }

    private Task<List<T>> Rows<T>(DbConnection connection, string text, (string, object?)[] parameters, Func<DbDataReader, T> row,
        CancellationToken cancellationToken) => sql.Rows(connection, text, parameters, row, cancellationToken);
}
