using System.Globalization;
using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain.Epcis;

/// <summary>A lot as an event names it: by Nguon batch URI (the code), or by GTIN-14 and lot (the code too when the event's
/// <c>nguon:lots</c> gives it; otherwise the caller resolves GTIN + lot to a batch through the read model).</summary>
public sealed record LotRef(string? BatchCode, string? Gtin, string? Lot);

/// <summary>What a captured EPCIS event means for Nguon (<see cref="NguonEpcisCommands.Map"/>). Where a command names a lot
/// known only by GTIN + lot, its batch code is "" and the <see cref="LotRef"/> beside it says what to resolve.</summary>
public abstract record EpcisMeaning
{
    private protected EpcisMeaning() { }
}

/// <summary>An event about nothing Nguon models (no lot: no LGTIN class, no lot Digital Link, no Nguon batch URI).</summary>
public sealed record NotNguon : EpcisMeaning
{
    public static NotNguon Instance { get; } = new();
}

public sealed record HarvestCommand(string Farm, string? Season, LotRef Lot, RecordHarvest Harvest) : EpcisMeaning;

public sealed record CombineCommand(LotRef Output, IReadOnlyList<LotRef> Inputs, CombineBatches Combine) : EpcisMeaning;

public sealed record SplitCommand(LotRef Input, IReadOnlyList<LotRef> Parts, SplitBatch Split) : EpcisMeaning;

/// <param name="Source">Who the event says ships the lot (its source list's party), when a Nguon organisation.</param>
public sealed record ObserveCommand(LotRef Lot, RecordEvent Event, string? Source = null) : EpcisMeaning;

public sealed record RecallCommand(LotRef Lot, RecallBatch Recall) : EpcisMeaning;

/// <summary>One lot's side of a split or combine (a part's creation, an input's take) whose command the event with
/// <paramref name="TransformationId"/> carries: nothing to apply of its own.</summary>
public sealed record ImpliedEvent(LotRef Lot, string TransformationId) : EpcisMeaning;

/// <summary>An event that names a Nguon lot but cannot be a Nguon command.</summary>
public sealed record MappingRefusal(string Rule, string Message) : EpcisMeaning;

/// <summary>EPCIS 2.0 → Nguon: the inverse of <see cref="NguonEpcisForm"/>. The form of any Nguon event maps back to the
/// command that reproduces it; a foreign event maps to the command it would be in Nguon, or is refused (see the rules).</summary>
public static class NguonEpcisCommands
{
    private static readonly string[] EpcFields = ["epcList", "parentID", "childEPCs", "inputEPCList", "outputEPCList"];
    private static readonly string[] QuantityFields = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"];

    public static EpcisMeaning Map(JsonElement @event, EpcisNamespaces ns)
    {
        var e = new EventReader(@event, ns.With(@event.TryGetProperty("@context", out var c) ? c : null));
        var named = EpcFields.SelectMany(e.Epcs).Concat(QuantityFields.SelectMany(f => e.Quantities(f).Select(q => q.Epc)));
        var lots = named.Select(e.Lot).ToList();
        if (lots.All(l => l is null)) return NotNguon.Instance;
        if (lots.Any(l => l is null))
            return Refuse("mapping.mixed", "the event names a Nguon lot beside identifiers Nguon does not model");
        if (@event.TryGetProperty("errorDeclaration", out _))
            return Refuse("mapping.error-declaration", "Nguon's events are never retracted: record a correcting event instead");
        if (e.Time() is not { } time) return Refuse("mapping.time", "the event has no valid eventTime");
        return e.Text("type") switch
        {
            EventTypes.Object => ObjectEvent(e, time),
            EventTypes.Transformation => Transformation(e, time),
            "AggregationEvent" or "AssociationEvent" => Refuse("mapping.aggregation",
                "Nguon models no aggregation or association of lots (a lot in a pallet or a container)"),
            var type => Refuse("mapping.event-type", $"an event of type '{type}' is no Nguon command"),
        };
    }

    /// <summary>The lots an event names, and whether it names anything only Nguon gives (a batch code: its URI or
    /// <c>nguon:lots</c>; a Nguon farm as its place). An event that names lots only by GTIN + lot, none of which Nguon
    /// holds, is about lots Nguon does not trace: the caller stores it as captured.</summary>
    public static (IReadOnlyList<LotRef> Lots, bool NamesNguon) Names(JsonElement @event, EpcisNamespaces ns)
    {
        var e = new EventReader(@event, ns.With(@event.TryGetProperty("@context", out var c) ? c : null));
        var lots = EpcFields.SelectMany(e.Epcs).Concat(QuantityFields.SelectMany(f => e.Quantities(f).Select(q => q.Epc)))
            .Select(e.Lot).OfType<LotRef>().ToList();
        return (lots, lots.Any(l => l.BatchCode is not null) || e.IsFarm("readPoint") || e.IsFarm("bizLocation"));
    }

    private static EpcisMeaning ObjectEvent(EventReader e, DateTimeOffset time)
    {
        var lots = e.Lots("epcList", "quantityList");
        if (lots.Count > 1) return Refuse("mapping.several-lots", "Nguon records an event on one lot: send one event per lot");
        var lot = e.Lot(lots[0].Epc)!;
        if (e.Extension("partOf") is { } partOf) return new ImpliedEvent(lot, partOf);
        if (UnknownUnit(lots) is { } refused) return refused;
        var quantity = Quantity(lots[0]);
        var step = e.Step();
        switch (e.Text("action"))
        {
            case "ADD":
                var farm = e.IsFarm("readPoint") ? e.Place("readPoint") : e.IsFarm("bizLocation") ? e.Place("bizLocation") : null;
                if (farm is null)
                    return Refuse("mapping.harvest-farm",
                        $"an ADD of a Nguon lot is its harvest, at a farm ({NguonEpcis.FarmUri}{{code}})");
                if (e.Ilmd("product") is not { } product || quantity is null)
                    return Refuse("mapping.harvest-ilmd", "a harvest names its product (ilmd nguon:product) and quantity");
                return new HarvestCommand(farm, e.Ilmd("season"), lot, new RecordHarvest(lot.BatchCode ?? "", product, quantity, time,
                    e.Ilmd("giClaim"), lot.Gtin, lot.Lot, e.Ilmd("variety")));
            case "DELETE":
                return Refuse("mapping.delete", "Nguon never deletes a lot: record destroying (an OBSERVE) instead");
            case "OBSERVE" when BizStep.Holding.Is(step) && Disposition.Recalled.Is(e.Disposition()) && e.Extension("reason") is { } reason:
                return new RecallCommand(lot, new RecallBatch(reason, time, e.Extension("eventId")));
            case "OBSERVE":
                if (BizStep.Find(step) is not { Recordable: true } recordable)
                    return Refuse("mapping.biz-step", $"'{step}' is no business step Nguon records on a lot");
                if (e.Disposition() is { } d && Disposition.Find(d) is null)
                    return Refuse("mapping.disposition", $"'{d}' is no disposition Nguon knows");
                if (e.Sensors() is not { } sensors)
                    return Refuse("mapping.sensor", "each sensor report gives a numeric value and a unit");
                return new ObserveCommand(lot, new RecordEvent(recordable.Value, time, e.Extension("eventId"),
                    Disposition.Find(e.Disposition())?.Value, e.Place("readPoint"), e.Place("bizLocation"), quantity,
                    sensors.Count > 0 ? sensors : null, e.Documents(), e.Destination()), e.Source());
            default:
                return Refuse("mapping.action", "an ObjectEvent's action is ADD, OBSERVE or DELETE");
        }
    }

    /// <summary>By business step and shape: Nguon's processing is a transformation (one output); repackaging (or no step) with
    /// one input is a split, with several inputs into one output a merge.</summary>
    private static EpcisMeaning Transformation(EventReader e, DateTimeOffset time)
    {
        var inputs = e.Lots("inputEPCList", "inputQuantityList");
        var outputs = e.Lots("outputEPCList", "outputQuantityList");
        var step = e.Step();
        var processing = BizStep.Processing.Is(step);
        if (!processing && step is not null && !BizStep.Repackaging.Is(step))
            return Refuse("mapping.biz-step", $"a transformation of Nguon lots is repackaging or {BizStep.Processing.Value}, not '{step}'");
        if (inputs.Count == 0 || outputs.Count == 0 || (inputs.Count > 1 && outputs.Count > 1) || (processing && outputs.Count > 1))
            return Refuse("mapping.shape", "Nguon splits one lot into parts, or merges or transforms lots into one");
        if (UnknownUnit([.. inputs, .. outputs]) is { } refused) return refused;
        var quantities = inputs.Concat(outputs).Select(Quantity).ToList();
        var inRefs = inputs.Select(i => e.Lot(i.Epc)!).ToList();
        var outRefs = outputs.Select(o => e.Lot(o.Epc)!).ToList();
        if (!processing && inputs.Count == 1)
        {
            if (quantities.Skip(1).Any(q => q is null)) return Refuse("mapping.quantity", "a split gives every part's quantity");
            var parts = outRefs.Zip(quantities.Skip(1), (lot, q) => new SplitPart(lot.BatchCode ?? "", q!, lot.Gtin, lot.Lot));
            return new SplitCommand(inRefs[0], outRefs, new SplitBatch(time, [.. parts], e.Place("readPoint")));
        }
        if (quantities.Take(inputs.Count).Any(q => q is null))
            return Refuse("mapping.quantity", "a merge or transformation gives the quantity taken from every input");
        var output = outRefs[0];
        var taken = inRefs.Zip(quantities, (lot, q) => new QuantityLink(lot.BatchCode ?? "", q!));
        return new CombineCommand(output, inRefs, new CombineBatches(output.BatchCode ?? "", time, [.. taken],
            processing ? e.Ilmd("product") : null, quantities[^1], e.IlmdNumber("yieldFactor"), e.Ilmd("giClaim"), output.Gtin, output.Lot,
            e.Place("readPoint"), processing ? OriginKind.Transformation : OriginKind.Merge));
    }

    /// <summary>A quantity element in Nguon's unit (no uom: a count of items, each); null when it gives no amount.</summary>
    private static Quantity? Quantity(EpcQuantity q) => q.Amount is { } amount ? new(amount, NguonEpcis.LotUnit(q.Uom ?? "EA")!) : null;

    private static MappingRefusal? UnknownUnit(IEnumerable<EpcQuantity> quantities) =>
        quantities.FirstOrDefault(q => q.Amount is not null && NguonEpcis.LotUnit(q.Uom ?? "EA") is null) is { Epc: not null } q
            ? Refuse("mapping.unit", $"the unit '{q.Uom}' is none Nguon can convert (kg, g, t or a count such as box)") : null;

    private static MappingRefusal Refuse(string rule, string message) => new(rule, message);
}

/// <summary>One EPC or EPC class an event names (in canonical form), with its quantity when it is a quantity element.</summary>
internal sealed record EpcQuantity(string Epc, decimal? Amount = null, string? Uom = null);

/// <summary>Reads one event's fields as the mapping needs them: identifiers canonical (<see cref="EpcisIndex.Canonical"/>),
/// vocabulary as Nguon writes it, Nguon's extensions under whatever prefix the sender bound to its namespace.</summary>
internal sealed class EventReader(JsonElement e, EpcisNamespaces ns)
{
    private const string LotLink = "https://id.gs1.org/01/";
    private Dictionary<string, string>? codes;

    public string? Text(string key) => Text(e, key);

    public IEnumerable<string> Epcs(string field) => !e.TryGetProperty(field, out var v) ? []
        : v.ValueKind == JsonValueKind.String ? [Canonical(v.GetString()!)]
        : v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => Canonical(x.GetString()!))
            : [];

    public IEnumerable<EpcQuantity> Quantities(string field) =>
        !e.TryGetProperty(field, out var list) || list.ValueKind != JsonValueKind.Array ? []
        : list.EnumerateArray().Where(q => q.ValueKind == JsonValueKind.Object && Text(q, "epcClass") is not null)
            .Select(q => new EpcQuantity(Canonical(Text(q, "epcClass")!),
                q.TryGetProperty("quantity", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetDecimal() : null, Text(q, "uom")));

    public List<EpcQuantity> Lots(string epcField, string quantityField) =>
        [.. Epcs(epcField).Select(epc => new EpcQuantity(epc)), .. Quantities(quantityField)];

    /// <summary>The lot a canonical identifier names: a Nguon batch URI, or a GTIN + lot Digital Link (its code from
    /// <c>nguon:lots</c> when the event gives it); null for anything else.</summary>
    public LotRef? Lot(string canonical)
    {
        if (canonical.StartsWith(NguonEpcis.BatchUri, StringComparison.Ordinal))
            return new(canonical[NguonEpcis.BatchUri.Length..], null, null);
        if (!canonical.StartsWith(LotLink, StringComparison.Ordinal)
            || canonical[LotLink.Length..].Split('/') is not [var gtin, "10", var lot]) return null;
        codes ??= (Member(e, "lots") is { ValueKind: JsonValueKind.Array } lots ? lots.EnumerateArray() : [])
            .Where(l => Extension(l, "epc") is not null && Extension(l, "batch") is not null)
            .GroupBy(l => Canonical(Extension(l, "epc")!))
            .ToDictionary(g => g.Key, g => Extension(g.First(), "batch")!, StringComparer.Ordinal);
        return new(codes.GetValueOrDefault(canonical), gtin, Uri.UnescapeDataString(lot));
    }

    public string? Extension(string local) => Extension(e, local);

    public string? Ilmd(string local) => e.TryGetProperty("ilmd", out var ilmd) ? Extension(ilmd, local) : null;

    public decimal? IlmdNumber(string local) =>
        e.TryGetProperty("ilmd", out var ilmd) && Member(ilmd, local) is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal() : null;

    /// <summary>The event time in the offset eventTimeZoneOffset gives (where the event happened).</summary>
    public DateTimeOffset? Time()
    {
        if (!DateTimeOffset.TryParse(Text("eventTime"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return null;
        return Text("eventTimeZoneOffset") is [var sign and ('+' or '-'), .. var rest]
            && TimeSpan.TryParseExact(rest, @"hh\:mm", CultureInfo.InvariantCulture, out var offset)
            ? t.ToOffset(sign == '-' ? -offset : offset) : t;
    }

    public string? Step() => Term("bizStep", EpcisIndex.BizStepPrefix);

    public string? Disposition() => Term("disposition", EpcisIndex.DispositionPrefix);

    /// <summary>A read point or business location as Nguon writes it: the code of a Nguon location or farm URI, else the URI.</summary>
    public string? Place(string field)
    {
        if (!e.TryGetProperty(field, out var place) || place.ValueKind != JsonValueKind.Object || Text(place, "id") is not { } id)
            return null;
        return id.StartsWith(NguonEpcis.LocationUri, StringComparison.Ordinal) ? Uri.UnescapeDataString(id[NguonEpcis.LocationUri.Length..])
            : id.StartsWith(NguonEpcis.FarmUri, StringComparison.Ordinal) ? id[NguonEpcis.FarmUri.Length..] : id;
    }

    public bool IsFarm(string field) =>
        e.TryGetProperty(field, out var place) && place.ValueKind == JsonValueKind.Object
        && Text(place, "id")?.StartsWith(NguonEpcis.FarmUri, StringComparison.Ordinal) == true;

    /// <summary>Every sensor report as a reading; null when one lacks a type, a numeric value or a unit.</summary>
    public List<SensorReading>? Sensors()
    {
        var readings = new List<SensorReading>();
        if (!e.TryGetProperty("sensorElementList", out var elements) || elements.ValueKind != JsonValueKind.Array) return readings;
        foreach (var element in elements.EnumerateArray())
        {
            if (!element.TryGetProperty("sensorReport", out var reports) || reports.ValueKind != JsonValueKind.Array) continue;
            foreach (var r in reports.EnumerateArray())
            {
                var unit = Extension(r, "unit") ?? (Text(r, "uom") is { } uom ? NguonEpcis.SensorUnit(uom) : null);
                if (Text(r, "type") is not { } type || unit is null || !r.TryGetProperty("value", out var v)
                    || v.ValueKind != JsonValueKind.Number) return null;
                readings.Add(new(NguonEpcis.NguonSensorType(EpcisIndex.Term(type, EpcisIndex.SensorTypePrefix, ns)), v.GetDecimal(), unit));
            }
        }
        return readings;
    }

    public List<DocumentRef>? Documents() =>
        Member(e, "documents") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0
            ? [.. list.EnumerateArray().Select(d =>
                new DocumentRef(Extension(d, "sha256") ?? "", Extension(d, "type"), Extension(d, "name")))]
            : null;

    /// <summary>Whom a shipment goes to: the possessing party (else the owning party), a Nguon organisation by its id.</summary>
    public string? Destination() => Party("destinationList", "destination");

    /// <summary>Who ships (its source list's possessing, else owning party) when it is a Nguon organisation; else null.</summary>
    public string? Source() =>
        Party("sourceList", "source") is { } id && !id.Contains(':', StringComparison.Ordinal) ? id : null;

    private string? Party(string listName, string field)
    {
        if (!e.TryGetProperty(listName, out var list) || list.ValueKind != JsonValueKind.Array) return null;
        string Type(JsonElement d) => EpcisIndex.Term(Text(d, "type") ?? "", EpcisNamespaces.Cbv + "SDT-", ns);
        var parties = list.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object && Text(d, field) is not null).ToList();
        foreach (var wanted in new[] { "SDT-possessing_party", "SDT-owning_party" })
        {
            var party = parties.FirstOrDefault(d => Type(d).EndsWith(wanted, StringComparison.Ordinal));
            if (party.ValueKind != JsonValueKind.Object) continue;
            var id = Text(party, field)!;
            return id.StartsWith(NguonEpcis.OrganisationUri, StringComparison.Ordinal) ? id[NguonEpcis.OrganisationUri.Length..] : id;
        }
        return null;
    }

    /// <summary>A CBV term as Nguon writes it (the bare word; its own steps as their URIs).</summary>
    private string? Term(string key, string termPrefix) => Text(key) is not { } raw ? null
        : EpcisIndex.Term(raw, termPrefix, ns) is var term && term.StartsWith(termPrefix, StringComparison.Ordinal)
            ? term[termPrefix.Length..] : term;

    private string Canonical(string value) => EpcisIndex.Canonical(value, ns);

    private string? Extension(JsonElement obj, string local) =>
        Member(obj, local) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>A Nguon extension member of <paramref name="obj"/>, under any prefix bound to Nguon's namespace or its full URI.</summary>
    private JsonElement? Member(JsonElement obj, string local)
    {
        if (obj.ValueKind != JsonValueKind.Object) return null;
        var expanded = "{" + NguonEpcis.Namespace + "}" + local;
        foreach (var p in obj.EnumerateObject())
            if (p.Name == NguonEpcis.Namespace + local || ns.ExpandKey(p.Name) == expanded) return p.Value;
        return null;
    }

    private static string? Text(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;
}
