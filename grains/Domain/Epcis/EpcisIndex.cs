using System.Globalization;
using System.Text.Json;

namespace Nguon.Domain.Epcis;

/// <summary>One EPC or EPC class an event names, in the canonical form of the CBV 2.0 hash (a Digital Link where the
/// identifier has one, so a URN and a Digital Link of the same thing are one value), with its role in the event.</summary>
public sealed record IndexedEpc(string Epc, string Role, int N, decimal? Quantity = null, string? Uom = null);

/// <summary>One sensor report of an event (sensorElementList[].sensorReport[]).</summary>
public sealed record IndexedSensorReport(int N, string? Type, string? DeviceId, string? ChemicalSubstance, string? Microorganism,
    decimal? Value, string? Uom);

/// <summary>What the EPCIS query interface filters and orders on, read from one validated event: identifiers and vocabulary
/// in their canonical form (full URIs; bare CBV words as their CBV 2.0 URI), times as instants.</summary>
public sealed record IndexedEvent(
    string EventType,
    string? Action,
    DateTimeOffset EventTime,
    string? BizStep,
    string? Disposition,
    string? ReadPoint,
    string? BizLocation,
    bool ErrorDeclared,
    IReadOnlyList<IndexedEpc> Epcs,
    IReadOnlyList<IndexedSensorReport> SensorReports)
{
    public static class Roles
    {
        public const string Epc = "epc", Child = "child", Parent = "parent", Input = "input", Output = "output";
        public const string Quantity = "quantity", ChildQuantity = "child_quantity", InputQuantity = "input_quantity",
            OutputQuantity = "output_quantity";
    }
}

public static class EpcisIndex
{
    public const string BizStepPrefix = EpcisNamespaces.Cbv + "BizStep-";
    public const string DispositionPrefix = EpcisNamespaces.Cbv + "Disp-";
    public const string SensorTypePrefix = EpcisNamespaces.Gs1;

    /// <summary>The index of <paramref name="event"/>, which has passed validation (so its times parse).</summary>
    public static IndexedEvent Of(JsonElement @event, EpcisNamespaces ns)
    {
        ns = ns.With(@event.TryGetProperty("@context", out var context) ? context : null);
        string? Text(string key) => StringOf(@event, key);
        string? Location(string key) => @event.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Object
            && v.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? Canonical(id.GetString()!, ns) : null;
        var epcs = new List<IndexedEpc>();
        void Epcs(string key, string role)
        {
            if (!@event.TryGetProperty(key, out var list)) return;
            if (list.ValueKind == JsonValueKind.String) epcs.Add(new(Canonical(list.GetString()!, ns), role, 0));
            if (list.ValueKind != JsonValueKind.Array) return;
            var n = 0;
            foreach (var e in list.EnumerateArray())
                if (e.ValueKind == JsonValueKind.String) epcs.Add(new(Canonical(e.GetString()!, ns), role, n++));
        }
        void Quantities(string key, string role)
        {
            if (!@event.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array) return;
            var n = 0;
            foreach (var q in list.EnumerateArray())
            {
                if (q.ValueKind != JsonValueKind.Object || !q.TryGetProperty("epcClass", out var c) || c.ValueKind != JsonValueKind.String)
                    continue;
                epcs.Add(new(Canonical(c.GetString()!, ns), role, n++, Number(q, "quantity"), StringOf(q, "uom")));
            }
        }
        Epcs("epcList", IndexedEvent.Roles.Epc);
        Epcs("childEPCs", IndexedEvent.Roles.Child);
        Epcs("parentID", IndexedEvent.Roles.Parent);
        Epcs("inputEPCList", IndexedEvent.Roles.Input);
        Epcs("outputEPCList", IndexedEvent.Roles.Output);
        Quantities("quantityList", IndexedEvent.Roles.Quantity);
        Quantities("childQuantityList", IndexedEvent.Roles.ChildQuantity);
        Quantities("inputQuantityList", IndexedEvent.Roles.InputQuantity);
        Quantities("outputQuantityList", IndexedEvent.Roles.OutputQuantity);
        return new IndexedEvent(
            Text("type") ?? throw new ArgumentException("an event has a type", nameof(@event)),
            Text("action"),
            DateTimeOffset.Parse(Text("eventTime")!, CultureInfo.InvariantCulture),
            Text("bizStep") is { } step ? Term(step, BizStepPrefix, ns) : null,
            Text("disposition") is { } disposition ? Term(disposition, DispositionPrefix, ns) : null,
            Location("readPoint"),
            Location("bizLocation"),
            @event.TryGetProperty("errorDeclaration", out var declaration) && declaration.ValueKind == JsonValueKind.Object,
            epcs,
            SensorReports(@event, ns));
    }

    /// <summary>An identifier as the index keeps it (and as a query's value must be put before it is compared).</summary>
    public static string Canonical(string value, EpcisNamespaces ns) => PreHashValues.Canonical(value.Trim(), ns);

    /// <summary>A vocabulary value (bizStep, disposition, sensor type) as the index keeps it: a bare word under its prefix.</summary>
    public static string Term(string value, string termPrefix, EpcisNamespaces ns) => PreHashValues.Term(value.Trim(), termPrefix, ns);

    private static List<IndexedSensorReport> SensorReports(JsonElement @event, EpcisNamespaces ns)
    {
        var reports = new List<IndexedSensorReport>();
        if (!@event.TryGetProperty("sensorElementList", out var elements) || elements.ValueKind != JsonValueKind.Array) return reports;
        foreach (var element in elements.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object) continue;
            var metadataDevice = element.TryGetProperty("sensorMetadata", out var m) && m.ValueKind == JsonValueKind.Object
                ? StringOf(m, "deviceID") : null;
            if (!element.TryGetProperty("sensorReport", out var list) || list.ValueKind != JsonValueKind.Array) continue;
            foreach (var r in list.EnumerateArray())
            {
                if (r.ValueKind != JsonValueKind.Object) continue;
                string? Id(string key) => StringOf(r, key) is { } v ? Canonical(v, ns) : null;
                reports.Add(new(reports.Count, StringOf(r, "type") is { } t ? Term(t, SensorTypePrefix, ns) : null,
                    Id("deviceID") ?? (metadataDevice is null ? null : Canonical(metadataDevice, ns)), Id("chemicalSubstance"),
                    Id("microorganism"), Number(r, "value"), StringOf(r, "uom")));
            }
        }
        return reports;
    }

    private static string? StringOf(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;

    private static decimal? Number(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d) ? d : null;
}
