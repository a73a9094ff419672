using System.Text;
using System.Text.Json;

namespace Nguon.Domain.Epcis;

/// <summary>CBV 2.0's pre-hash string of one EPCIS 2.0 JSON event: <c>eventType=…</c>, then the standard fields in the
/// canonical property order (<see cref="EventOrder"/>), then the user extensions. Pieces are concatenated without
/// separators; a value is written <c>key=value</c>, a structure as its key followed by its content; the elements of a
/// list (and extensions on one level) are sorted by UTF-8 code order; a field absent, null or empty adds nothing.
/// eventID, recordTime and errorDeclaration are left out: they are not the event's content (an error declaration
/// is added to the same event later, and must not change which event it is).
/// <para>Each structure's members are read once (a member of the standard order is found by name, the last one when a
/// name is given twice, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> finds it), and the field
/// tables are built once: the capture hashes every event.</para></summary>
public sealed class PreHash
{
    /// <summary>A field's writer: its key and JSON value to its pre-hash piece ("" when it adds nothing).</summary>
    private delegate string Field(PreHash writer, string key, JsonElement value);

    /// <summary>How a scalar is written: as any value (canonical), as a time, as literal text, or as a vocabulary term.</summary>
    private enum Form { Value, Time, Literal, Term }

    /// <summary>The standard fields of one structure in the order CBV 2.0 gives them, and each one's position by name.</summary>
    private sealed class Order
    {
        public readonly string[] Keys;
        public readonly Field[] Writers;
        public readonly Dictionary<string, int> Position;

        public Order(params (string Key, Field Write)[] fields)
        {
            Keys = [.. fields.Select(f => f.Key)];
            Writers = [.. fields.Select(f => f.Write)];
            Position = new(fields.Length, StringComparer.Ordinal);
            for (var i = 0; i < fields.Length; i++) Position[fields[i].Key] = i;
        }
    }

    private static readonly HashSet<string> NotHashed = ["@context", "type", "eventID", "recordTime", "errorDeclaration",
        "rdfs:comment", "comment"];

    private static readonly Field ValueField = static (w, k, v) => w.Each(k, v, Form.Value, null);
    private static readonly Field TimeField = static (w, k, v) => w.Each(k, v, Form.Time, null);

    /// <summary>stringValue and hexBinaryValue are text, never numbers: "0100" stays "0100".</summary>
    private static readonly Field LiteralField = static (w, k, v) => w.Each(k, v, Form.Literal, null);

    private static readonly Field EpcsField = static (w, k, v) => w.List(k, v, static (w, e) => w.Each("epc", e, Form.Value, null));

    private static Field TermField(string termPrefix) => (w, k, v) => w.Each(k, v, Form.Term, termPrefix);

    /// <summary>bizTransactionList, sourceList, destinationList: each element as type=… (when typed) then its value.</summary>
    private static Field Typed(Order elementOrder) => (w, k, list) => w.List(k, list, (w, e) => w.Object("", e, elementOrder));

    private static readonly Order QuantityOrder = new(("epcClass", ValueField), ("quantity", ValueField), ("uom", ValueField));
    private static readonly Order LocationOrder = new(("id", ValueField));
    private static readonly Order PersistentDispositionOrder = new(("set", TermField(EpcisNamespaces.Cbv + "Disp-")),
        ("unset", TermField(EpcisNamespaces.Cbv + "Disp-")));
    private static readonly Order MetadataOrder = new(("time", TimeField), ("startTime", TimeField), ("endTime", TimeField),
        ("deviceID", ValueField), ("deviceMetadata", ValueField), ("rawData", ValueField), ("dataProcessingMethod", ValueField),
        ("bizRules", ValueField));
    private static readonly Order ReportOrder = new(("type", TermField(EpcisNamespaces.Gs1)), ("exception", TermField(EpcisNamespaces.Gs1)),
        ("deviceID", ValueField), ("deviceMetadata", ValueField), ("rawData", ValueField), ("dataProcessingMethod", ValueField),
        ("time", TimeField), ("microorganism", ValueField), ("chemicalSubstance", ValueField), ("value", ValueField),
        ("component", TermField(EpcisNamespaces.Cbv + "Comp-")), ("stringValue", LiteralField), ("booleanValue", ValueField),
        ("hexBinaryValue", LiteralField), ("uriValue", ValueField), ("minValue", ValueField), ("maxValue", ValueField),
        ("meanValue", ValueField), ("sDev", ValueField), ("percRank", ValueField), ("percValue", ValueField), ("uom", ValueField),
        ("coordinateReferenceSystem", ValueField));

    private static readonly Field QuantitiesField = static (w, k, v) =>
        w.List(k, v, static (w, q) => w.Object("quantityElement", q, QuantityOrder));
    private static readonly Field LocationField = static (w, k, v) => w.Object(k, v, LocationOrder);

    /// <summary>sensorElementList: each sensorElement as its sensorMetadata, its sensorReports (sorted), then its own
    /// extensions; metadata and reports carry theirs after their standard fields.</summary>
    private static readonly Order SensorElementOrder = new(
        ("sensorMetadata", static (w, k, m) => w.Object(k, m, MetadataOrder)),
        ("sensorReport", static (w, k, r) => r.ValueKind == JsonValueKind.Array
            ? Sorted(w.Pieces(r, static (w, x) => w.Object("sensorReport", x, ReportOrder))) : w.Object(k, r, ReportOrder)));

    /// <summary>ILMD holds only namespaced fields: written as user extensions, sorted, after the key "ilmd".</summary>
    private static readonly Order NoFields = new();

    private static readonly Order EventFields = new(("eventTime", TimeField), ("eventTimeZoneOffset", ValueField),
        ("certificationInfo", ValueField), ("epcList", EpcsField), ("parentID", ValueField), ("inputEPCList", EpcsField),
        ("childEPCs", EpcsField), ("quantityList", QuantitiesField), ("childQuantityList", QuantitiesField),
        ("inputQuantityList", QuantitiesField), ("outputEPCList", EpcsField), ("outputQuantityList", QuantitiesField),
        ("action", ValueField), ("transformationID", ValueField), ("bizStep", TermField(EpcisNamespaces.Cbv + "BizStep-")),
        ("disposition", TermField(EpcisNamespaces.Cbv + "Disp-")),
        ("persistentDisposition", static (w, k, v) => w.Object(k, v, PersistentDispositionOrder)),
        ("readPoint", LocationField), ("bizLocation", LocationField),
        ("bizTransactionList", Typed(new(("type", TermField(EpcisNamespaces.Cbv + "BTT-")), ("bizTransaction", ValueField)))),
        ("sourceList", Typed(new(("type", TermField(EpcisNamespaces.Cbv + "SDT-")), ("source", ValueField)))),
        ("destinationList", Typed(new(("type", TermField(EpcisNamespaces.Cbv + "SDT-")), ("destination", ValueField)))),
        ("sensorElementList", static (w, k, v) => w.List(k, v, static (w, e) => w.Object("sensorElement", e, SensorElementOrder))),
        ("ilmd", static (w, k, v) => w.Object(k, v, NoFields)));

    private readonly EpcisNamespaces ns;

    private PreHash(EpcisNamespaces ns) => this.ns = ns;

    /// <summary>The standard fields in the order CBV 2.0 gives them (after eventType, before user extensions).</summary>
    public static IReadOnlyList<string> EventOrder { get; } = EventFields.Keys;

    /// <summary>The pre-hash string of <paramref name="event"/> (an EPCIS 2.0 JSON event object) with the CURIE
    /// prefixes of <paramref name="ns"/> (the standard ones when null) and those of the event's own @context.</summary>
    public static string Of(JsonElement @event, EpcisNamespaces? ns = null)
    {
        if (@event.ValueKind != JsonValueKind.Object || !@event.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String)
            throw new ArgumentException("an EPCIS event is a JSON object with a \"type\"", nameof(@event));
        var context = @event.TryGetProperty("@context", out var c) ? c : (JsonElement?)null;
        var writer = new PreHash((ns ?? EpcisNamespaces.Standard).With(context));
        return "eventType=" + type.GetString()!.Trim() + writer.Object("", @event, EventFields);
    }

    /// <summary>A structure: its key, its standard fields in <paramref name="order"/>, then the rest of its members
    /// as user extensions, sorted; "" when nothing in it is hashed.</summary>
    private string Object(string key, JsonElement obj, Order order)
    {
        if (obj.ValueKind != JsonValueKind.Object) return "";
        var found = new JsonElement?[order.Keys.Length];
        List<string>? extensions = null;
        foreach (var member in obj.EnumerateObject())
        {
            if (order.Position.TryGetValue(member.Name, out var at)) found[at] = member.Value; // the last one, as TryGetProperty
            else if (!NotHashed.Contains(member.Name)) Extension(member.Name, member.Value, extensions ??= []);
        }
        var content = new StringBuilder();
        for (var i = 0; i < found.Length; i++)
            if (found[i] is { } value) content.Append(order.Writers[i](this, order.Keys[i], value));
        if (extensions is not null) AppendSorted(content, extensions);
        return content.Length == 0 ? "" : key + content;
    }

    private string Each(string key, JsonElement v, Form form, string? termPrefix)
    {
        if (v.ValueKind == JsonValueKind.Array)
        {
            var pieces = new List<string>();
            foreach (var e in v.EnumerateArray()) pieces.Add(Each(key, e, form, termPrefix));
            return Sorted(pieces);
        }
        return PreHashValues.Text(v) is { Length: > 0 } text ? key + "=" + Canonical(text, form, termPrefix) : "";
    }

    private string Canonical(string text, Form form, string? termPrefix) => form switch
    {
        Form.Time => PreHashValues.Time(text),
        Form.Literal => text,
        Form.Term => PreHashValues.Term(text, termPrefix!, ns),
        _ => PreHashValues.Canonical(text, ns),
    };

    /// <summary>epcList and the other lists: the list's key once, then its elements' pieces, sorted.</summary>
    private string List(string key, JsonElement list, Func<PreHash, JsonElement, string> element)
    {
        if (list.ValueKind != JsonValueKind.Array) return "";
        var content = Sorted(Pieces(list, element));
        return content.Length == 0 ? "" : key + content;
    }

    private List<string> Pieces(JsonElement list, Func<PreHash, JsonElement, string> element)
    {
        var pieces = new List<string>(list.GetArrayLength());
        foreach (var e in list.EnumerateArray()) pieces.Add(element(this, e));
        return pieces;
    }

    /// <summary>A user extension: <c>{namespace}name=value</c>; a structure as its name and its members, sorted; a
    /// list as one piece per element (siblings of the same name); an empty element as its name alone.</summary>
    private void Extension(string key, JsonElement v, List<string> pieces)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return;
            case JsonValueKind.Array:
                foreach (var e in v.EnumerateArray()) Extension(key, e, pieces);
                return;
            case JsonValueKind.Object when v.TryGetProperty("@value", out var literal): // a JSON-LD value object
                Extension(key, literal, pieces);
                return;
            case JsonValueKind.Object:
                var members = new List<string>();
                foreach (var p in v.EnumerateObject())
                    if (!p.Name.StartsWith('@')) Extension(p.Name, p.Value, members);
                pieces.Add(ns.ExpandKey(key) + Sorted(members));
                return;
            default:
                var text = PreHashValues.Text(v)!;
                var name = ns.ExpandKey(key);
                pieces.Add(text.Length == 0 ? name : name + "=" + PreHashValues.Canonical(text, ns));
                return;
        }
    }

    private static string Sorted(List<string> pieces)
    {
        if (pieces.Count == 1) return pieces[0];
        var content = new StringBuilder();
        AppendSorted(content, pieces);
        return content.ToString();
    }

    /// <summary>The non-empty pieces in UTF-8 code order.</summary>
    private static void AppendSorted(StringBuilder content, List<string> pieces)
    {
        if (pieces.Count > 1) pieces.Sort(Utf8Order.Instance);
        foreach (var piece in pieces) content.Append(piece);
    }
}

/// <summary>Strings in the order of their UTF-8 bytes (= Unicode code points), as CBV 2.0's sorting asks; .NET's
/// ordinal order compares UTF-16 units, which differs for characters beyond U+FFFF.</summary>
public sealed class Utf8Order : IComparer<string>
{
    public static Utf8Order Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
        // Up to the first difference the strings agree; there, two UTF-16 units outside the surrogate range compare as
        // their code points do. A surrogate (a character beyond U+FFFF, or half of one) is compared rune by rune.
        var common = x.AsSpan().CommonPrefixLength(y);
        if (common == x.Length || common == y.Length) return x.Length.CompareTo(y.Length);
        var (a, b) = (x[common], y[common]);
        if (!char.IsSurrogate(a) && !char.IsSurrogate(b)) return a.CompareTo(b);
        return CompareRunes(x, y);
    }

    private static int CompareRunes(string x, string y)
    {
        var (a, b) = (x.EnumerateRunes(), y.EnumerateRunes());
        while (true)
        {
            var (moreA, moreB) = (a.MoveNext(), b.MoveNext());
            if (!moreA || !moreB) return moreA ? 1 : moreB ? -1 : 0;
            if (a.Current != b.Current) return a.Current.Value.CompareTo(b.Current.Value);
        }
    }
}
