using System.Text.Json;

namespace Nguon.Domain.Epcis;

/// <summary>CBV 2.0's pre-hash string of one EPCIS 2.0 JSON event: <c>eventType=…</c>, then the standard fields in the
/// canonical property order (<see cref="EventOrder"/>), then the user extensions. Pieces are concatenated without
/// separators; a value is written <c>key=value</c>, a structure as its key followed by its content; the elements of a
/// list (and extensions on one level) are sorted by UTF-8 code order; a field absent, null or empty adds nothing.
/// eventID, recordTime and errorDeclaration are left out: they are not the event's content (an error declaration
/// is added to the same event later, and must not change which event it is).</summary>
public sealed class PreHash
{
    /// <summary>A field's writer: its key and JSON value to its pre-hash piece ("" when it adds nothing).</summary>
    private delegate string Field(string key, JsonElement value);

    private static readonly HashSet<string> NotHashed = ["@context", "type", "eventID", "recordTime", "errorDeclaration",
        "rdfs:comment", "comment"];

    private readonly EpcisNamespaces ns;
    private readonly (string Key, Field Write)[] eventOrder, quantityOrder, metadataOrder, reportOrder;

    private PreHash(EpcisNamespaces ns)
    {
        this.ns = ns;
        var cbv = EpcisNamespaces.Cbv;
        Field value = Value, time = Time, epcs = Epcs, quantities = Quantities, location = Location;
        quantityOrder = [("epcClass", value), ("quantity", value), ("uom", value)];
        metadataOrder = [("time", time), ("startTime", time), ("endTime", time), ("deviceID", value), ("deviceMetadata", value),
            ("rawData", value), ("dataProcessingMethod", value), ("bizRules", value)];
        reportOrder = [("type", Term(EpcisNamespaces.Gs1)), ("exception", Term(EpcisNamespaces.Gs1)), ("deviceID", value),
            ("deviceMetadata", value), ("rawData", value), ("dataProcessingMethod", value), ("time", time), ("microorganism", value),
            ("chemicalSubstance", value), ("value", value), ("component", Term(cbv + "Comp-")), ("stringValue", Literal),
            ("booleanValue", value), ("hexBinaryValue", Literal), ("uriValue", value), ("minValue", value), ("maxValue", value),
            ("meanValue", value), ("sDev", value), ("percRank", value), ("percValue", value), ("uom", value),
            ("coordinateReferenceSystem", value)];
        eventOrder = [("eventTime", time), ("eventTimeZoneOffset", value), ("certificationInfo", value), ("epcList", epcs),
            ("parentID", value), ("inputEPCList", epcs), ("childEPCs", epcs), ("quantityList", quantities),
            ("childQuantityList", quantities), ("inputQuantityList", quantities), ("outputEPCList", epcs),
            ("outputQuantityList", quantities), ("action", value), ("transformationID", value), ("bizStep", Term(cbv + "BizStep-")),
            ("disposition", Term(cbv + "Disp-")), ("persistentDisposition", PersistentDisposition), ("readPoint", location),
            ("bizLocation", location), ("bizTransactionList", Typed("bizTransaction", cbv + "BTT-")),
            ("sourceList", Typed("source", cbv + "SDT-")), ("destinationList", Typed("destination", cbv + "SDT-")),
            ("sensorElementList", Sensors), ("ilmd", Ilmd)];
    }

    /// <summary>The standard fields in the order CBV 2.0 gives them (after eventType, before user extensions).</summary>
    public static IReadOnlyList<string> EventOrder { get; } = [.. new PreHash(EpcisNamespaces.Standard).eventOrder.Select(f => f.Key)];

    /// <summary>The pre-hash string of <paramref name="event"/> (an EPCIS 2.0 JSON event object) with the CURIE
    /// prefixes of <paramref name="ns"/> (the standard ones when null) and those of the event's own @context.</summary>
    public static string Of(JsonElement @event, EpcisNamespaces? ns = null)
    {
        if (@event.ValueKind != JsonValueKind.Object || !@event.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String)
            throw new ArgumentException("an EPCIS event is a JSON object with a \"type\"", nameof(@event));
        var context = @event.TryGetProperty("@context", out var c) ? c : (JsonElement?)null;
        var writer = new PreHash((ns ?? EpcisNamespaces.Standard).With(context));
        return "eventType=" + type.GetString()!.Trim() + writer.Object("", @event, writer.eventOrder);
    }

    /// <summary>A structure: its key, its standard fields in <paramref name="order"/>, then the rest of its members
    /// as user extensions, sorted; "" when nothing in it is hashed.</summary>
    private string Object(string key, JsonElement obj, (string Key, Field Write)[] order)
    {
        if (obj.ValueKind != JsonValueKind.Object) return "";
        var standard = string.Concat(order.Select(f => obj.TryGetProperty(f.Key, out var v) ? f.Write(f.Key, v) : ""));
        var known = order.Select(f => f.Key).ToHashSet();
        var extensions = Sorted(obj.EnumerateObject().Where(p => !known.Contains(p.Name) && !NotHashed.Contains(p.Name))
            .SelectMany(p => Extension(p.Name, p.Value)));
        var content = standard + extensions;
        return content.Length == 0 ? "" : key + content;
    }

    /// <summary>A value, or a list of values (certificationInfo, persistentDisposition's set) each as key=value.</summary>
    private string Value(string key, JsonElement v) => Each(key, v, text => PreHashValues.Canonical(text, ns));

    private string Time(string key, JsonElement v) => Each(key, v, PreHashValues.Time);

    /// <summary>stringValue and hexBinaryValue are text, never numbers: "0100" stays "0100".</summary>
    private string Literal(string key, JsonElement v) => Each(key, v, text => text);

    private Field Term(string termPrefix) => (key, v) => Each(key, v, text => PreHashValues.Term(text, termPrefix, ns));

    private static string Each(string key, JsonElement v, Func<string, string> canonical) =>
        v.ValueKind == JsonValueKind.Array ? Sorted(v.EnumerateArray().Select(e => Each(key, e, canonical)))
            : PreHashValues.Text(v) is { Length: > 0 } text ? key + "=" + canonical(text) : "";

    /// <summary>epcList, childEPCs, inputEPCList, outputEPCList: the list's key once, then epc=… for each.</summary>
    private string Epcs(string key, JsonElement list) => List(key, list, e => Value("epc", e));

    private string Quantities(string key, JsonElement list) => List(key, list, q => Object("quantityElement", q, quantityOrder));

    private string Location(string key, JsonElement v) => Object(key, v, [("id", Value)]);

    private string PersistentDisposition(string key, JsonElement v)
    {
        var term = Term(EpcisNamespaces.Cbv + "Disp-");
        return Object(key, v, [("set", term), ("unset", term)]);
    }

    /// <summary>bizTransactionList, sourceList, destinationList: each element as type=… (when typed) then its value.</summary>
    private Field Typed(string valueKey, string typePrefix) =>
        (key, list) => List(key, list, e => Object("", e, [("type", Term(typePrefix)), (valueKey, Value)]));

    /// <summary>sensorElementList: each sensorElement as its sensorMetadata, its sensorReports (sorted), then its own
    /// extensions; metadata and reports carry theirs after their standard fields.</summary>
    private string Sensors(string key, JsonElement list) =>
        List(key, list, e => Object("sensorElement", e, [
            ("sensorMetadata", (k, m) => Object(k, m, metadataOrder)),
            ("sensorReport", (k, r) => r.ValueKind == JsonValueKind.Array
                ? Sorted(r.EnumerateArray().Select(x => Object(k, x, reportOrder))) : Object(k, r, reportOrder)),
        ]));

    /// <summary>ILMD holds only namespaced fields: written as user extensions, sorted, after the key "ilmd".</summary>
    private string Ilmd(string key, JsonElement v) => Object(key, v, []);

    private static string List(string key, JsonElement list, Func<JsonElement, string> element)
    {
        if (list.ValueKind != JsonValueKind.Array) return "";
        var content = Sorted(list.EnumerateArray().Select(element));
        return content.Length == 0 ? "" : key + content;
    }

    /// <summary>A user extension: <c>{namespace}name=value</c>; a structure as its name and its members, sorted; a
    /// list as one piece per element (siblings of the same name); an empty element as its name alone.</summary>
    private IEnumerable<string> Extension(string key, JsonElement v)
    {
        var name = ns.ExpandKey(key);
        switch (v.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return [];
            case JsonValueKind.Array:
                return v.EnumerateArray().SelectMany(e => Extension(key, e));
            case JsonValueKind.Object when v.TryGetProperty("@value", out var literal): // a JSON-LD value object
                return Extension(key, literal);
            case JsonValueKind.Object:
                return [name + Sorted(v.EnumerateObject().Where(p => !p.Name.StartsWith('@')).SelectMany(p => Extension(p.Name, p.Value)))];
            default:
                var text = PreHashValues.Text(v)!;
                return [text.Length == 0 ? name : name + "=" + PreHashValues.Canonical(text, ns)];
        }
    }

    private static string Sorted(IEnumerable<string> pieces) => string.Concat(pieces.Where(p => p.Length > 0).Order(Utf8Order.Instance));
}

/// <summary>Strings in the order of their UTF-8 bytes (= Unicode code points), as CBV 2.0's sorting asks; .NET's
/// ordinal order compares UTF-16 units, which differs for characters beyond U+FFFF.</summary>
public sealed class Utf8Order : IComparer<string>
{
    public static Utf8Order Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
        var (a, b) = (x.EnumerateRunes(), y.EnumerateRunes());
        while (true)
        {
            var (moreA, moreB) = (a.MoveNext(), b.MoveNext());
            if (!moreA || !moreB) return moreA ? 1 : moreB ? -1 : 0;
            if (a.Current != b.Current) return a.Current.Value.CompareTo(b.Current.Value);
        }
    }
}
