using Nguon.Domain.ReadModel;
using Nguon.Model;

namespace Nguon.Silo.ReadModel;

/// <summary>Writes projections into the rm_* tables (deploy/schema/*.sql): many in one transaction. A row is replaced
/// only by a newer version of its record (a whole record also at the same version); a record's dependent rows (events,
/// holders, farms reached, authorisations) follow only when its own row took the new version, so a stale projection
/// changes nothing.</summary>
public sealed class ReadModelStore(ReadModelSql sql)
{
    public ReadModelSql Sql => sql;

    /// <summary>Writes <paramref name="projections"/> in one transaction; for each, whether its record's row took it
    /// (false: the row was newer, or it could not continue what is stored — see <see cref="Batch"/>).</summary>
    public async Task<bool[]> Apply(IReadOnlyList<Projection> projections, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var statements = new List<Statement>();
        var heads = new int[projections.Count];
        for (var i = 0; i < projections.Count; i++)
        {
            var first = statements.Count;
            switch (projections[i])
            {
                case BatchProjection b: Batch(statements, b, now); break;
                case FarmProjection f: Farm(statements, f, now); break;
                case CertificateProjection c: Certificate(statements, c, now); break;
                case OrganisationProjection o: Organisation(statements, o, now); break;
                case Removal r: Remove(statements, r); break;
            }
            heads[i] = statements.FindIndex(first, s => s.Head);
        }
        var affected = await sql.Execute(statements, cancellationToken);
        return [.. heads.Select(h => h < 0 || affected[h] > 0)];
    }

    private static string Guard(string table, Projection p) =>
        p.Whole ? $"WHERE {table}.version <= excluded.version" : $"WHERE {table}.version < excluded.version";

    /// <summary>True in SQL when the record's row now holds this projection's version.</summary>
    private static string Took(string table, string keyColumn) =>
        $"EXISTS (SELECT 1 FROM {table} WHERE service_id = @s AND {keyColumn} = @key AND version = @version)";

    /// <summary>rm_batches' columns after the key, each with the value a projection binds to it.</summary>
    private static readonly (string Column, string Value)[] BatchValues =
    [
        ("gtin", "@gtin"), ("lot", "@lot"), ("product", "@product"), ("variety", "@variety"), ("quantity", "@quantity"),
        ("unit", "@unit"), ("remaining", "@remaining"), ("gi_claim", "@gi"), ("origin_kind", "@origin"), ("farm", "@farm"),
        ("season", "@season"), ("custodian", "@custodian"), ("first_custodian", "@first"), ("destination", "@destination"),
        ("destination_country", "(SELECT country FROM rm_organisations WHERE service_id = @s AND id = @destination)"),
        ("status", "@status"), ("created_at", "@created"), ("created_offset", "@created_offset"), ("last_event_at", "@last"),
        ("last_event_offset", "@last_offset"), ("event_count", "@count"), ("head_hash", "@head"), ("version", "@version"),
        ("projected_at", "@now"),
    ];

    private static string BatchUpsert(string guard) => $"""
        INSERT INTO rm_batches (service_id, code, {string.Join(", ", BatchValues.Select(v => v.Column))})
        VALUES (@s, @key, {string.Join(", ", BatchValues.Select(v => v.Value))})
        ON CONFLICT (service_id, code) DO UPDATE SET {string.Join(", ", BatchValues.Select(v => $"{v.Column} = excluded.{v.Column}"))}
        {guard}
        """;

    // Built once: every append sends one of these.
    private static readonly string BatchUpsertWhole = BatchUpsert("WHERE rm_batches.version <= excluded.version");
    private static readonly string BatchUpsertNewer = BatchUpsert("WHERE rm_batches.version < excluded.version");
    private static readonly string BatchContinue = $"""
        UPDATE rm_batches SET {string.Join(", ", BatchValues.Select(v => $"{v.Column} = {v.Value}"))}
        WHERE service_id = @s AND code = @key AND version < @version AND event_count >= @from - 1
        """;

    /// <summary>The record's row. A whole projection replaces it (also at the same version). One carrying events from
    /// sequence n on (a write's new events) applies only over an older version holding events 1…n−1, and creates the row
    /// only from the first event: a projection that cannot continue what is stored (one before it failed) changes
    /// nothing, leaving the row behind its grain row for the sweep, instead of recording a head over missing events.</summary>
    private static void Batch(List<Statement> statements, BatchProjection p, DateTimeOffset now)
    {
        var r = p.Row;
        var from = p.Whole ? 1 : p.Events.Count > 0 ? p.Events[0].Sequence : r.EventCount + 1;
        var text = p.Whole ? BatchUpsertWhole : from == 1 ? BatchUpsertNewer : BatchContinue;
        statements.Add(new(text,
            [("key", r.Code), ("gtin", r.Gtin), ("lot", r.Lot), ("product", r.Product), ("variety", r.Variety),
             ("quantity", r.Quantity), ("unit", r.Unit), ("remaining", r.Remaining), ("gi", r.GiClaim), ("origin", r.OriginKind),
             ("farm", r.Farm), ("season", r.Season), ("custodian", r.Custodian), ("first", r.FirstCustodian),
             ("destination", r.Destination), ("status", r.Status), ("created", r.CreatedAt),
             ("created_offset", ReadRows.OffsetMinutes(r.CreatedAt)), ("last", r.LastEventAt),
             ("last_offset", ReadRows.OffsetMinutes(r.LastEventAt)),
             ("count", r.EventCount), ("head", r.HeadHash), ("version", p.Version), ("now", now),
             .. (from == 1 ? [] : new[] { ("from", (object?)from) })])
        { Head = true });
        var took = Took("rm_batches", "code");
        var key = new (string, object?)[] { ("key", r.Code), ("version", p.Version) };
        if (p.Whole)
        {
            statements.Add(new($"DELETE FROM rm_events WHERE service_id = @s AND batch = @key AND {took}", key));
            statements.Add(new($"DELETE FROM rm_lineage WHERE service_id = @s AND child = @key AND {took}", key));
            statements.Add(new($"DELETE FROM rm_batch_destinations WHERE service_id = @s AND batch = @key AND {took}", key));
        }
        foreach (var e in p.Events)
            statements.Add(new($"""
                INSERT INTO rm_events (service_id, batch, sequence, event_id, event_type, biz_step, disposition, event_time,
                    event_offset, record_time, read_point, biz_location, actor, quantity, unit, destination, inputs, outputs, sensors,
                    documents, reason, hash)
                SELECT @s, @key, @sequence, @id, @type, @step, @disposition, @time, @offset, @recorded, @read_point, @location,
                    @actor, @quantity, @unit, @destination, @inputs, @outputs, @sensors, @documents, @reason, @hash
                WHERE {took}
                ON CONFLICT (service_id, batch, sequence) DO NOTHING
                """,
                [.. key, ("sequence", e.Sequence), ("id", e.EventId), ("type", e.EventType), ("step", e.BizStep),
                 ("disposition", e.Disposition), ("time", e.EventTime), ("offset", e.EventOffsetMinutes), ("recorded", e.RecordTime),
                 ("read_point", e.ReadPoint), ("location", e.BizLocation), ("actor", e.Actor), ("quantity", e.Quantity),
                 ("unit", e.Unit), ("destination", e.Destination), ("inputs", e.Inputs), ("outputs", e.Outputs),
                 ("sensors", e.Sensors), ("documents", e.Documents), ("reason", e.Reason), ("hash", e.Hash)]));
        foreach (var l in p.Lineage)
            statements.Add(new($"""
                INSERT INTO rm_lineage (service_id, child, parent, quantity, unit) SELECT @s, @key, @parent, @quantity, @unit
                WHERE {took} ON CONFLICT (service_id, child, parent) DO NOTHING
                """, [.. key, ("parent", l.Parent), ("quantity", l.Quantity), ("unit", l.Unit)]));
        Destinations(statements, p, took, key);
        if (!p.HoldersStored || p.Whole) Holders(statements, p, took, key);
        // The farms a lot reached change only with its creation (its parents are projected before it).
        if (p.Whole || r.EventCount == 1) Farms(statements, p, took, key);
    }

    /// <summary>Each shipment under its destination and under that organisation's country (organisations are projected
    /// before the lots shipped to them: shipping to an unregistered one is refused).</summary>
    private static void Destinations(List<Statement> statements, BatchProjection p, string took, (string, object?)[] key)
    {
        foreach (var e in p.Events.Where(e => BizStep.Shipping.Is(e.BizStep) && e.Destination is not null))
            statements.Add(new($"""
                INSERT INTO rm_batch_destinations (service_id, batch, destination, sequence, shipped_at)
                SELECT @s, @key, @to, @sequence, @at WHERE {took}
                UNION SELECT @s, @key, country, @sequence, @at FROM rm_organisations
                    WHERE service_id = @s AND id = @to AND country IS NOT NULL AND {took}
                ON CONFLICT (service_id, batch, destination, sequence) DO NOTHING
                """, [.. key, ("to", e.Destination), ("sequence", e.Sequence), ("at", e.EventTime)]));
    }

    private static void Holders(List<Statement> statements, BatchProjection p, string took, (string, object?)[] key)
    {
        var holders = p.Row.FormerHolders;
        var keep = holders.Count == 0 ? "" : $" AND holder NOT IN ({string.Join(", ", holders.Select((_, i) => $"@h{i}"))})";
        var named = holders.Select((h, i) => ($"h{i}", (object?)h)).ToArray();
        statements.Add(new($"DELETE FROM rm_batch_holders WHERE service_id = @s AND batch = @key{keep} AND {took}", [.. key, .. named]));
        for (var i = 0; i < holders.Count; i++)
            statements.Add(new($"""
                INSERT INTO rm_batch_holders (service_id, batch, holder) SELECT @s, @key, @h{i} WHERE {took}
                ON CONFLICT (service_id, batch, holder) DO NOTHING
                """, [.. key, named[i]]));
    }

    private static void Farms(List<Statement> statements, BatchProjection p, string took, (string, object?)[] key)
    {
        statements.Add(new($"DELETE FROM rm_batch_farms WHERE service_id = @s AND batch = @key AND {took}", key));
        if (p.Row.Farm is { } farm)
            statements.Add(new($"""
                INSERT INTO rm_batch_farms (service_id, batch, farm) SELECT @s, @key, @farm WHERE {took}
                ON CONFLICT (service_id, batch, farm) DO NOTHING
                """, [.. key, ("farm", farm)]));
        if (p.Lineage.Count == 0) return;
        var parents = p.Lineage.Select((l, i) => ($"p{i}", (object?)l.Parent)).ToArray();
        statements.Add(new($"""
            INSERT INTO rm_batch_farms (service_id, batch, farm)
            SELECT DISTINCT @s, @key, farm FROM rm_batch_farms
            WHERE service_id = @s AND batch IN ({string.Join(", ", parents.Select(x => "@" + x.Item1))}) AND {took}
            ON CONFLICT (service_id, batch, farm) DO NOTHING
            """, [.. key, .. parents]));
    }

    private static void Farm(List<Statement> statements, FarmProjection p, DateTimeOffset now)
    {
        var r = p.Row;
        statements.Add(new($"""
            INSERT INTO rm_farms (service_id, code, name, owner, commune, district, province, area_ha, registered_at, version,
                projected_at)
            VALUES (@s, @key, @name, @owner, @commune, @district, @province, @area, @registered, @version, @now)
            ON CONFLICT (service_id, code) DO UPDATE SET name = excluded.name, owner = excluded.owner, commune = excluded.commune,
                district = excluded.district, province = excluded.province, area_ha = excluded.area_ha,
                registered_at = excluded.registered_at, version = excluded.version,
                projected_at = excluded.projected_at
            {Guard("rm_farms", p)}
            """,
            [("key", r.Code), ("name", r.Name), ("owner", r.Owner), ("commune", r.Commune), ("district", r.District),
             ("province", r.Province), ("area", r.AreaHa), ("registered", r.RegisteredAt),
             ("version", p.Version), ("now", now)])
        { Head = true });
        var took = Took("rm_farms", "code");
        var key = new (string, object?)[] { ("key", r.Code), ("version", p.Version) };
        statements.Add(new($"DELETE FROM rm_authorisations WHERE service_id = @s AND farm = @key AND {took}", key));
        foreach (var a in r.Authorisations)
            statements.Add(new($"""
                INSERT INTO rm_authorisations (service_id, farm, gi, status, valid_from, valid_from_offset, valid_to, valid_to_offset,
                    reference)
                SELECT @s, @key, @gi, @status, @from, @from_offset, @to, @to_offset, @reference WHERE {took}
                ON CONFLICT (service_id, farm, gi) DO NOTHING
                """,
                [.. key, ("gi", a.Gi), ("status", a.Status), ("from", a.ValidFrom), ("from_offset", ReadRows.OffsetMinutes(a.ValidFrom)),
                 ("to", a.ValidTo), ("to_offset", a.ValidTo is { } to ? ReadRows.OffsetMinutes(to) : null), ("reference", a.Reference)]));
    }

    private static void Certificate(List<Statement> statements, CertificateProjection p, DateTimeOffset now)
    {
        var r = p.Row;
        statements.Add(new($"""
            INSERT INTO rm_certificates (service_id, number, name_vi, name_en, product, holder, status, valid_from, valid_to,
                registered_at, version, projected_at)
            VALUES (@s, @key, @vi, @en, @product, @holder, @status, @from, @to, @registered, @version, @now)
            ON CONFLICT (service_id, number) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
                product = excluded.product, holder = excluded.holder, status = excluded.status, valid_from = excluded.valid_from,
                valid_to = excluded.valid_to, registered_at = excluded.registered_at, version = excluded.version,
                projected_at = excluded.projected_at
            {Guard("rm_certificates", p)}
            """,
            [("key", r.Number), ("vi", r.NameVi), ("en", r.NameEn), ("product", r.Product), ("holder", r.Holder),
             ("status", r.Status), ("from", r.ValidFrom), ("to", r.ValidTo), ("registered", r.RegisteredAt),
             ("version", p.Version), ("now", now)])
        { Head = true });
    }

    private static void Organisation(List<Statement> statements, OrganisationProjection p, DateTimeOffset now)
    {
        var r = p.Row;
        statements.Add(new($"""
            INSERT INTO rm_organisations (service_id, id, name, roles, commune, country, code_space, registered_at, version,
                projected_at)
            VALUES (@s, @key, @name, @roles, @commune, @country, @space, @registered, @version, @now)
            ON CONFLICT (service_id, id) DO UPDATE SET name = excluded.name, roles = excluded.roles, commune = excluded.commune,
                country = excluded.country, code_space = excluded.code_space, registered_at = excluded.registered_at,
                version = excluded.version, projected_at = excluded.projected_at
            {Guard("rm_organisations", p)}
            """,
            [("key", r.Id), ("name", r.Name), ("roles", r.Roles), ("commune", r.Commune), ("country", r.Country),
             ("space", r.CodeSpace), ("registered", r.RegisteredAt), ("version", p.Version),
             ("now", now)])
        { Head = true });
    }

    private static void Remove(List<Statement> statements, Removal r)
    {
        var key = new (string, object?)[] { ("key", r.Key) };
        var tables = r.Kind switch
        {
            ReadKind.Batch => new[]
            {
                ("rm_batches", "code"), ("rm_events", "batch"), ("rm_lineage", "child"), ("rm_batch_holders", "batch"),
                ("rm_batch_farms", "batch"), ("rm_batch_destinations", "batch"),
            },
            ReadKind.Farm => [("rm_farms", "code"), ("rm_authorisations", "farm")],
            ReadKind.Certificate => [("rm_certificates", "number")],
            _ => [("rm_organisations", "id")],
        };
        foreach (var (table, column) in tables) statements.Add(new($"DELETE FROM {table} WHERE service_id = @s AND {column} = @key", key));
    }
}
