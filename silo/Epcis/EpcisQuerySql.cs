using Nguon.Domain.Epcis;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Epcis;

/// <summary>The SQL of one <see cref="EpcisQuery"/> over nguon_epcis_events e (one dialect for PostgreSQL and SQLite):
/// each parameter a condition on e's columns or an EXISTS on its EPC and sensor rows, the reader's visibility, and the
/// keyset of the page (order column, seq). Every value is a bound parameter.</summary>
internal sealed class EpcisQuerySql
{
    private readonly StorageKind kind;
    private readonly List<string> where = ["e.service_id = @s"];
    private readonly List<(string Name, object? Value)> parameters = [];
    private readonly string? lots;

    public EpcisQuerySql(StorageKind kind, Actor reader)
    {
        this.kind = kind;
        lots = OfLots(reader);
        if (lots is not null) parameters.Add(("reader", reader.Organisation));
    }

    public IReadOnlyList<(string Name, object? Value)> Parameters => parameters;

    /// <summary>"An organisation sees the events it captured and the events of lots it may read": rows it captured, and rows
    /// applied to a Nguon lot the read rules let it read (<see cref="ReadScope.Batches"/>); null when it reads everything.</summary>
    public static string? Visibility(Actor reader) => OfLots(reader) is { } lots ? $"(e.organisation = @reader OR {lots})" : null;

    /// <summary>The rows applied to a Nguon lot the reader may read; null when it reads everything.</summary>
    private static string? OfLots(Actor reader) => ReadScope.Batches(reader) is { } batches
        ? $"""
          (e.batch IS NOT NULL AND EXISTS (SELECT 1 FROM rm_batches b
              WHERE b.service_id = @s AND b.code = e.batch AND {batches}))
          """
        : null;

    /// <summary>The filters and what the reader may see.</summary>
    public string Where => string.Join("\n    AND ", lots is null ? where : [.. where, $"(e.organisation = @reader OR {lots})"]);

    /// <summary>Whether the reader sees only some events: then <see cref="Captured"/> and <see cref="OfReadableLots"/> split
    /// them in two that do not overlap, each of which an index can serve in order (its own events by organisation; events
    /// of lots by batch), where one condition with an OR can only be filtered row by row.</summary>
    public bool Restricted => lots is not null;

    /// <summary>The filters, on the events the reader captured.</summary>
    public string Captured => string.Join("\n    AND ", [.. where, "e.organisation = @reader"]);

    /// <summary>The filters, on the events others captured of lots the reader may read.</summary>
    public string OfReadableLots => string.Join("\n    AND ", [.. where, "e.organisation <> @reader", lots!]);

    public string Bind(object? value)
    {
        var name = "p" + parameters.Count;
        parameters.Add((name, value));
        return "@" + name;
    }

    private string In(IEnumerable<string> values) => string.Join(", ", values.Select(v => Bind(v)));

    private void AnyOf(string column, IReadOnlyList<string> values)
    {
        if (values.Count > 0) where.Add($"{column} IN ({In(values)})");
    }

    /// <summary>Every filter of <paramref name="q"/>.</summary>
    public EpcisQuerySql Filter(EpcisQuery q)
    {
        AnyOf("e.event_type", q.EventTypes);
        if (q.GeEventTime is { } ge) where.Add($"e.event_time >= {Bind(ge)}");
        if (q.LtEventTime is { } lt) where.Add($"e.event_time < {Bind(lt)}");
        if (q.GeRecordTime is { } rge) where.Add($"e.record_time >= {Bind(rge)}");
        if (q.LtRecordTime is { } rlt) where.Add($"e.record_time < {Bind(rlt)}");
        AnyOf("e.action", q.Actions);
        AnyOf("e.biz_step", q.BizSteps);
        AnyOf("e.disposition", q.Dispositions);
        AnyOf("e.read_point", q.ReadPoints);
        AnyOf("e.biz_location", q.BizLocations);
        AnyOf("e.event_id", q.EventIds);
        if (q.ErrorDeclared) where.Add(kind == StorageKind.Postgres ? "e.error_declared" : "e.error_declared = 1");
        foreach (var match in q.Epcs) where.Add(EpcExists(match));
        if (q.Quantities.Count > 0)
        {
            var roles = In([IndexedEvent.Roles.Quantity, IndexedEvent.Roles.ChildQuantity, IndexedEvent.Roles.InputQuantity,
                IndexedEvent.Roles.OutputQuantity]);
            var bounds = string.Join(" AND ", q.Quantities.Select(b => $"x.quantity {b.Operator} {Bind(b.Value)}"));
            where.Add($"""
                EXISTS (SELECT 1 FROM nguon_epcis_epcs x WHERE x.service_id = @s AND x.event_id = e.event_id
                    AND x.role IN ({roles}) AND {bounds})
                """);
        }
        Sensors("type", q.SensorTypes);
        Sensors("device_id", q.DeviceIds);
        Sensors("chemical_substance", q.ChemicalSubstances);
        Sensors("microorganism", q.Microorganisms);
        return this;
    }

    private string EpcExists(EpcCondition match)
    {
        var alternatives = new List<string>();
        if (match.Values.Count > 0) alternatives.Add($"x.epc IN ({In(match.Values)})");
        foreach (var key in match.Patterns)
        {
            // The key itself, or an identifier below it: a LIKE/GLOB prefix (escaped) that an index on epc can range over.
            alternatives.Add($"x.epc = {Bind(key)}");
            alternatives.Add(kind == StorageKind.Postgres
                ? $"x.epc LIKE {Bind(EscapeLike(key) + "/%")}"
                : $"x.epc GLOB {Bind(EscapeGlob(key) + "/*")}");
        }
        if (alternatives.Count == 0) return "1 = 0";
        return $"""
            EXISTS (SELECT 1 FROM nguon_epcis_epcs x WHERE x.service_id = @s AND x.event_id = e.event_id
                AND x.role IN ({In(match.Roles)}) AND ({string.Join(" OR ", alternatives)}))
            """;
    }

    private void Sensors(string column, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        where.Add($"""
            EXISTS (SELECT 1 FROM nguon_epcis_sensor_reports r WHERE r.service_id = @s AND r.event_id = e.event_id
                AND r.{column} IN ({In(values)}))
            """);
    }

    /// <summary>The order column of <paramref name="order"/> (null: capture order, seq alone).</summary>
    public static string? OrderColumn(EpcisOrderBy order) => order switch
    {
        EpcisOrderBy.EventTime => "e.event_time",
        EpcisOrderBy.RecordTime => "e.record_time",
        _ => null,
    };

    /// <summary>Rows after <paramref name="after"/> in the query's order.</summary>
    public EpcisQuerySql After(EpcisQuery q, EpcisPagePosition? after)
    {
        if (after is null) return this;
        var op = q.Descending ? "<" : ">";
        where.Add(OrderColumn(q.OrderBy) is { } column && after.Time is { } t
            ? $"({column}, e.seq) {op} ({Bind(t)}, {Bind(after.Seq)})"
            : $"e.seq {op} {Bind(after.Seq)}");
        return this;
    }

    public static string OrderBy(EpcisQuery q)
    {
        var direction = q.Descending ? " DESC" : "";
        return OrderColumn(q.OrderBy) is { } column ? $"{column}{direction}, e.seq{direction}" : $"e.seq{direction}";
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    private static string EscapeGlob(string s) =>
        string.Concat(s.Select(c => c switch { '*' => "[*]", '?' => "[?]", '[' => "[[]", _ => c.ToString() }));
}
