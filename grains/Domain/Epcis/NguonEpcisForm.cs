using System.Globalization;
using System.Text.Json.Nodes;
using Nguon.Model;

namespace Nguon.Domain.Epcis;

/// <summary>What the form of an event needs to know of the other lots it names: their records (a merge's parents, a split's
/// parts, a take's output; at least those a trace holds), the labels of lots known only by their public label, and the length
/// of the GS1 Company Prefix of each GTIN-14 (a lot's EPC URN shows it; unknown, the lot is written as its Digital Link).</summary>
public sealed record NguonEpcisFacts(
    IReadOnlyDictionary<string, Batch> Batches,
    IReadOnlyDictionary<string, PublicLabel>? Labels = null,
    IReadOnlyDictionary<string, int>? PrefixLengths = null)
{
    public static NguonEpcisFacts None { get; } = new(new Dictionary<string, Batch>());
}

/// <summary>What a Nguon event is as an EPCIS event (see <see cref="NguonEpcisForm"/>).</summary>
public enum NguonEventKind { Harvest, Combine, Split, SplitPart, Take, Recall, Record }

/// <summary>Nguon → EPCIS 2.0: the JSON-LD form of each event of a lot. Each Nguon event is one EPCIS event. A harvest is an
/// ObjectEvent ADD commissioning with the lot's master data (ILMD); a merge's or transformation's creation of its output is a
/// TransformationEvent from every parent (the quantity taken) to the output, a split a TransformationEvent from the parent to
/// every part; the other sides of those operations (each input's take, each part's creation) are ObjectEvent OBSERVEs of their
/// own lot naming the operation's transformationID in <c>nguon:partOf</c>, so no quantity is consumed or made twice. Recorded
/// events are OBSERVEs; a recall is an OBSERVE holding/recalled with <c>nguon:reason</c>. Every event carries its Nguon batch,
/// event id, event hash and actor, and its eventID is the CBV 2.0 hash ID of the form with those extensions.</summary>
public static class NguonEpcisForm
{
    /// <summary>The @context of a document of these forms: the standard context and Nguon's prefix.</summary>
    public static JsonArray DocumentContext() =>
        [NguonEpcis.StandardContext, new JsonObject { [NguonEpcis.Prefix] = NguonEpcis.Namespace }];

    /// <summary>An EPCISDocument of <paramref name="events"/> in the order given.</summary>
    public static JsonObject EpcisDocument(IEnumerable<JsonObject> events, DateTimeOffset? creationDate = null) => new()
    {
        ["@context"] = DocumentContext(),
        ["type"] = "EPCISDocument",
        ["schemaVersion"] = "2.0",
        ["creationDate"] = Time(creationDate ?? DateTimeOffset.UtcNow),
        ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray([.. events]) },
    };

    /// <summary>What <paramref name="e"/> of <paramref name="batch"/> is; null for a take or a one-part split (the two look
    /// alike on the input) whose output is not in <paramref name="facts"/>.</summary>
    public static NguonEventKind? KindOf(Batch batch, BatchEvent e, NguonEpcisFacts facts)
    {
        if (e.Sequence == 1)
            return batch.Origin.Kind switch
            {
                OriginKind.Harvest => NguonEventKind.Harvest,
                OriginKind.Split => NguonEventKind.SplitPart,
                _ => NguonEventKind.Combine,
            };
        if (e.Outputs.Count > 1) return NguonEventKind.Split;
        if (e.Outputs.Count == 1)
            return facts.Batches.TryGetValue(e.Outputs[0].Batch, out var output)
                ? output.Origin.Kind == OriginKind.Split ? NguonEventKind.Split : NguonEventKind.Take
                : BizStep.Processing.Is(e.BizStep) ? NguonEventKind.Take : null;
        return e.Reason is not null && Disposition.Recalled.Is(e.Disposition) ? NguonEventKind.Recall : NguonEventKind.Record;
    }

    /// <summary>The EPCIS form of <paramref name="e"/>, an event of <paramref name="batch"/>, with its hash ID as eventID.</summary>
    public static JsonObject Of(Batch batch, BatchEvent e, NguonEpcisFacts facts)
    {
        var kind = KindOf(batch, e, facts) ?? throw new ArgumentException($"{batch.Code} event {e.Sequence} is a take or a one-part "
            + $"split: its output {e.Outputs[0].Batch} must be among the facts", nameof(facts));
        var lots = new Dictionary<string, string>(StringComparer.Ordinal); // EPC → batch code, for nguon:lots
        string Epc(string code)
        {
            var epc = code == batch.Code ? LotEpc(code, batch.Gtin, batch.Lot, facts)
                : facts.Batches.TryGetValue(code, out var b) ? LotEpc(code, b.Gtin, b.Lot, facts)
                : facts.Labels?.TryGetValue(code, out var l) == true ? LotEpc(code, l.Gtin, l.Lot, facts) : NguonEpcis.BatchUri + code;
            if (!epc.StartsWith(NguonEpcis.BatchUri, StringComparison.Ordinal)) lots[epc] = code;
            return epc;
        }
        JsonArray Quantities(IEnumerable<QuantityLink> links) => [.. links.Select(l => Element(Epc(l.Batch), l.Quantity))];

        var form = new JsonObject
        {
            ["type"] = kind is NguonEventKind.Combine or NguonEventKind.Split ? EventTypes.Transformation : EventTypes.Object,
            ["eventTime"] = Time(e.EventTime),
            ["eventTimeZoneOffset"] = e.EventTime.ToString("zzz", CultureInfo.InvariantCulture),
        };
        switch (kind)
        {
            case NguonEventKind.Combine:
                form["inputQuantityList"] = Quantities(e.Inputs);
                form["outputQuantityList"] = Quantities([new(batch.Code, e.Quantity ?? batch.Quantity)]);
                form["transformationID"] = NguonEpcis.CombineUri + batch.Code;
                break;
            case NguonEventKind.Split:
                form["inputQuantityList"] = Quantities(e.Inputs);
                form["outputQuantityList"] = Quantities(e.Outputs);
                form["transformationID"] = $"{NguonEpcis.SplitUri}{batch.Code}:{e.Sequence}";
                break;
            default:
                var own = kind == NguonEventKind.Take ? e.Inputs[0].Quantity : e.Quantity; // a take observes what it took
                form["quantityList"] = new JsonArray(Element(Epc(batch.Code), own));
                form["action"] = kind == NguonEventKind.Harvest ? "ADD" : "OBSERVE";
                break;
        }
        form["bizStep"] = e.BizStep;
        if (e.Disposition is not null) form["disposition"] = e.Disposition;
        var readPoint = kind == NguonEventKind.Harvest ? NguonEpcis.FarmUri + batch.Origin.Farm : LocationUri(e.ReadPoint);
        if (readPoint is not null) form["readPoint"] = new JsonObject { ["id"] = readPoint };
        var bizLocation = kind == NguonEventKind.Harvest ? readPoint : LocationUri(e.BizLocation);
        if (bizLocation is not null) form["bizLocation"] = new JsonObject { ["id"] = bizLocation };
        if (e.Destination is not null)
            form["destinationList"] = new JsonArray(new JsonObject
            {
                ["type"] = NguonEpcis.DestinationType, ["destination"] = NguonEpcis.OrganisationUri + e.Destination,
            });
        if (e.Sensors.Count > 0)
            form["sensorElementList"] = new JsonArray(new JsonObject { ["sensorReport"] = new JsonArray([.. e.Sensors.Select(Report)]) });
        if (kind is NguonEventKind.Harvest or NguonEventKind.Combine or NguonEventKind.Split) form["ilmd"] = Ilmd(batch, e, kind);

        if (kind == NguonEventKind.Take) form[NguonEpcis.Key("partOf")] = NguonEpcis.CombineUri + e.Outputs[0].Batch;
        if (kind == NguonEventKind.SplitPart && batch.Origin.Parents is [var parent, ..])
            form[NguonEpcis.Key("partOf")] = $"{NguonEpcis.SplitUri}{parent.Batch}:{parent.ParentEventSequence}";
        if (e.Reason is not null) form[NguonEpcis.Key("reason")] = e.Reason;
        if (e.Documents.Count > 0) form[NguonEpcis.Key("documents")] = new JsonArray([.. e.Documents.Select(Document)]);
        if (lots.Count > 0)
            form[NguonEpcis.Key("lots")] = new JsonArray([.. lots.Select(l => new JsonObject
            {
                [NguonEpcis.Key("epc")] = l.Key, [NguonEpcis.Key("batch")] = l.Value,
            })]);
        form[NguonEpcis.Key("batch")] = batch.Code;
        form[NguonEpcis.Key("eventId")] = e.EventId;
        form[NguonEpcis.Key("eventHash")] = e.Hash;
        form[NguonEpcis.Key("actor")] = NguonEpcis.OrganisationUri + e.Actor;

        // The hash ID covers the extensions (recordTime is not hashed): computed over the form as it stands.
        form.Insert(1, "eventID", EventHashId.Of(form, DocumentContext()));
        form.Insert(4, "recordTime", Time(e.RecordTime));
        return form;
    }

    /// <summary>A lot's EPC: its LGTIN class (the URN when the GTIN's company prefix length is known, else the canonical
    /// Digital Link, which hashes alike) when it carries a GTIN and a lot, otherwise Nguon's URI of its batch code.</summary>
    public static string LotEpc(string code, string? gtin, string? lot, NguonEpcisFacts facts)
    {
        if (gtin is null || lot is null) return NguonEpcis.BatchUri + code;
        var gtin14 = Gtin.ToGtin14(gtin);
        var link = $"https://id.gs1.org/01/{gtin14}/10/{DigitalLinkText.Encode(lot)}";
        return facts.PrefixLengths?.TryGetValue(gtin14, out var length) == true ? EpcUrn.FromDigitalLink(link, length) ?? link : link;
    }

    /// <summary>A time as EPCIS writes it: with its own offset, fractions of a second only when there are any.</summary>
    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static string? LocationUri(string? place) => place is null ? null
        : place.Contains(':', StringComparison.Ordinal) ? place : NguonEpcis.LocationUri + Uri.EscapeDataString(place);

    private static JsonObject Element(string epc, Quantity? q) => q is null ? new() { ["epcClass"] = epc }
        : new() { ["epcClass"] = epc, ["quantity"] = q.Amount, ["uom"] = NguonEpcis.LotUom(q.Unit) };

    private static JsonObject Ilmd(Batch batch, BatchEvent e, NguonEventKind kind)
    {
        var ilmd = new JsonObject { [NguonEpcis.Key("product")] = batch.Product };
        if (batch.Variety is not null) ilmd[NguonEpcis.Key("variety")] = batch.Variety;
        if (batch.GiClaim is not null) ilmd[NguonEpcis.Key("giClaim")] = batch.GiClaim;
        if (kind == NguonEventKind.Harvest)
        {
            if (batch.Origin.Season is not null) ilmd[NguonEpcis.Key("season")] = batch.Origin.Season;
            ilmd[NguonEpcis.Key("harvestDate")] = e.EventTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (kind == NguonEventKind.Combine && batch.Origin.YieldFactor is { } factor) ilmd[NguonEpcis.Key("yieldFactor")] = factor;
        return ilmd;
    }

    /// <summary>A reading's type as a GS1 SensorMeasurementType where it is one, as written where it is a URI (Nguon's own
    /// <c>urn:nguon:sensor:…</c> and <c>urn:nguon:residue:…</c>), else under urn:nguon:sensor-name:; its unit as a UN/ECE Rec 20
    /// code, and in <c>nguon:unit</c> as well whenever the code alone would not give the same unit back.</summary>
    private static JsonObject Report(SensorReading s)
    {
        var report = new JsonObject { ["type"] = NguonEpcis.SensorType(s.Type), ["value"] = s.Value };
        var uom = NguonEpcis.SensorUom(s.Unit);
        if (uom is not null) report["uom"] = uom;
        if (uom is null || NguonEpcis.SensorUnit(uom) != s.Unit) report[NguonEpcis.Key("unit")] = s.Unit;
        return report;
    }

    private static JsonObject Document(DocumentRef d)
    {
        var document = new JsonObject { [NguonEpcis.Key("sha256")] = d.Sha256 };
        if (d.Type is not null) document[NguonEpcis.Key("type")] = d.Type;
        if (d.Name is not null) document[NguonEpcis.Key("name")] = d.Name;
        return document;
    }
}

/// <summary>Nguon's names in EPCIS: its extension namespace and the URIs of what it identifies by code. Codes are Nguon ids
/// (letters, digits, '.', '_', '-': nothing to escape); free-text places are percent-escaped.</summary>
public static class NguonEpcis
{
    public const string StandardContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
    /// <summary>Nguon's extension namespace, in the urn:nguon: family of its step, sensor and rule URIs.</summary>
    public const string Namespace = "urn:nguon:epcis:";
    public const string Prefix = "nguon";
    public const string BatchUri = "urn:nguon:batch:";
    public const string FarmUri = "urn:nguon:farm:";
    public const string LocationUri = "urn:nguon:location:";
    public const string OrganisationUri = "urn:nguon:org:";
    public const string SensorNameUri = "urn:nguon:sensor-name:";
    public const string CombineUri = "urn:nguon:combine:";
    public const string SplitUri = "urn:nguon:split:";
    /// <summary>Shipping hands over custody, which is what Nguon's custodian is (ownership it does not model).</summary>
    public const string DestinationType = "possessing_party";

    public static string Key(string local) => Prefix + ":" + local;

    /// <summary>Nguon's units and their UN/ECE Rec 20 codes (counts as the packaging codes Rec 20 takes from Rec 21).</summary>
    private static readonly Dictionary<string, string> LotUoms = new(StringComparer.Ordinal)
    {
        ["kg"] = "KGM", ["g"] = "GRM", ["t"] = "TNE", ["box"] = "XBX", ["crate"] = "XCR", ["carton"] = "XCT", ["pallet"] = "XPX",
        ["bag"] = "XBG", ["each"] = "EA",
    };

    private static readonly Dictionary<string, string> SensorUoms = new(StringComparer.Ordinal)
    {
        ["h"] = "HUR", ["min"] = "MIN", ["s"] = "SEC", ["g/m3"] = "A93", ["mg/kg"] = "NA", ["%"] = "P1", ["kg"] = "KGM", ["g"] = "GRM",
    };

    /// <summary>GS1 Web Vocabulary SensorMeasurementType names (https://gs1.org/voc/SensorMeasurementType).</summary>
    private static readonly HashSet<string> Gs1SensorTypes =
    [
        "AbsoluteHumidity", "AbsorbedDose", "AbsorbedDoseRate", "Acceleration", "Altitude", "AmountOfSubstance",
        "AmountOfSubstancePerUnitMass", "Angle", "AngularAcceleration", "AngularMomentum", "AngularVelocity", "Area", "Capacitance",
        "Conductance", "Conductivity", "Count", "Density", "Dimensionless", "DoseEquivalent", "DoseEquivalentRate", "DynamicViscosity",
        "ElectricCharge", "ElectricCurrent", "ElectricCurrentDensity", "ElectricFieldStrength", "Energy", "Exposure", "Force",
        "Frequency", "Illuminance", "Inductance", "Irradiance", "KinematicViscosity", "Length", "LinearMomentum", "Luminance",
        "LuminousFlux", "LuminousIntensity", "MagneticFlux", "MagneticFluxDensity", "MagneticVectorPotential", "Mass",
        "MassConcentration", "MassFlowRate", "MassPerAreaTime", "MemoryCapacity", "MolalityOfSolute", "MolarEnergy", "MolarMass",
        "MolarVolume", "Power", "Pressure", "RadiantFlux", "RadiantIntensity", "RelativeHumidity", "Resistance", "Resistivity",
        "SolidAngle", "SpecificVolume", "Speed", "SurfaceDensity", "SurfaceTension", "Temperature", "Time", "Torque", "Voltage",
        "Volume", "VolumeFlowRate", "VolumeFraction", "VolumetricFlux", "Wavenumber",
    ];

    public static string LotUom(string unit) => LotUoms[unit];

    /// <summary>The Nguon unit of a lot quantity's Rec 20 code; null for a unit Nguon cannot convert.</summary>
    public static string? LotUnit(string uom) => LotUoms.FirstOrDefault(u => u.Value == uom).Key;

    /// <summary>A reading's Rec 20 code: from the table, or the unit itself when it looks like a code (CEL); else null.</summary>
    public static string? SensorUom(string unit) =>
        SensorUoms.TryGetValue(unit, out var uom) ? uom
        : unit is { Length: 2 or 3 } && unit.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)) ? unit : null;

    public static string SensorUnit(string uom) => SensorUoms.FirstOrDefault(u => u.Value == uom).Key ?? uom;

    public static string SensorType(string type) =>
        Gs1SensorTypes.Contains(type) ? "gs1:" + type
        : type.Contains(':', StringComparison.Ordinal) ? type : SensorNameUri + Uri.EscapeDataString(type);

    /// <summary>A sensor type (in canonical form: a GS1 term as its full URI) as Nguon writes it.</summary>
    public static string NguonSensorType(string canonical) =>
        canonical.StartsWith(EpcisNamespaces.Gs1, StringComparison.Ordinal) ? canonical[EpcisNamespaces.Gs1.Length..]
        : canonical.StartsWith(SensorNameUri, StringComparison.Ordinal) ? Uri.UnescapeDataString(canonical[SensorNameUri.Length..])
        : canonical;
}
