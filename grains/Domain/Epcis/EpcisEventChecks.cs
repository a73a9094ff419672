using System.Text.Json;

namespace Nguon.Domain.Epcis;

/// <summary>The EPCIS 2.0 structures: the document envelope, the five event types with the fields each may carry
/// (EPCIS 2.0 §7.4 and the JSON schema's property lists) and the rules that look across fields.</summary>
internal sealed partial class EpcisChecks
{
    public void Document(JsonElement document)
    {
        if (!Object(document, JsonLocation.Root, "an EPCIS document is a JSON object")) return;
        if (document.TryGetProperty("@context", out var context)) ns = ns.With(context);
        foreach (var (name, why) in new[] { ("@context", "the EPCIS 2.0 JSON-LD context"), ("type", "\"EPCISDocument\""),
            ("schemaVersion", "\"2.0\""), ("creationDate", "when the document was made"), ("epcisBody", "the eventList") })
            Require(document, JsonLocation.Root, name, why);
        Fields(document, JsonLocation.Root, DocumentFields, "an EPCISDocument");
    }

    /// <summary>A JSON-LD @context: a URL, an object of term definitions, or a list of them (each URL once).</summary>
    private void Context(JsonElement value, JsonLocation at)
    {
        const string Expected = "a JSON-LD @context: a URL, an object or a list of them";
        if (value.ValueKind == JsonValueKind.String) Identifier(value, at, Expected);
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var entry in value.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.String && !seen.Add(entry.GetString()!)) Report(at[i], "given twice in the list");
                else if (entry.ValueKind == JsonValueKind.String) Identifier(entry, at[i], Expected);
                else Object(entry, at[i], Expected);
                i++;
            }
        }
        else Object(value, at, Expected);
    }

    /// <summary>One event at <paramref name="at"/>, the <paramref name="index"/>th of an eventList (null when alone),
    /// with the prefixes in force and those of its own @context.</summary>
    public void Event(JsonElement @event, JsonLocation at, int? index, bool contextRequired)
    {
        eventIndex = index;
        var outer = ns;
        try
        {
            if (!Object(@event, at, "an event is a JSON object")) return;
            if (@event.TryGetProperty("@context", out var context)) ns = ns.With(context);
            else if (contextRequired) Report(at["@context"], "required: an event sent alone carries its own @context");
            string? type = null;
            if (!@event.TryGetProperty("type", out var t)) Report(at["type"], "required: " + string.Join(", ", EventTypes));
            else if (Text(t, at["type"], "an event type", out var s) && EventTypes.Contains(s)) type = s;
            else if (t.ValueKind == JsonValueKind.String)
                Report(at["type"], $"{Quote(s)} is not an EPCIS 2.0 event type ({string.Join(", ", EventTypes)})");
            Fields(@event, at, type is null ? AnyEventFields : EventFields[type], type is null ? "an event" : Articled[type]);
            Require(@event, at, "eventTime", "when the event took place");
            Require(@event, at, "eventTimeZoneOffset", "the offset of the local time where it took place, as +07:00");
            if (type is not null) Across(@event, at, type);
        }
        finally
        {
            ns = outer;
            eventIndex = null;
        }
    }

    /// <summary>The rules that look across an event's fields (EPCIS 2.0 §7.4 and the JSON schema's anyOf).</summary>
    private void Across(JsonElement e, JsonLocation at, string type)
    {
        bool Has(string name) => e.TryGetProperty(name, out _);
        bool Any(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0;
        var action = e.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        if (type == "TransformationEvent")
        {
            var (inputs, outputs) = (Any("inputEPCList") || Any("inputQuantityList"), Any("outputEPCList") || Any("outputQuantityList"));
            // A transformation may be told in several events sharing a transformationID, each with inputs or outputs only.
            if (!(inputs && outputs) && !(Has("transformationID") && (inputs || outputs)))
                Report(at[inputs ? "outputEPCList" : "inputEPCList"], "a TransformationEvent needs at least one input "
                    + "(inputEPCList or inputQuantityList) and one output, or a transformationID and at least one of them");
            return;
        }
        Require(e, at, "action", "ADD, OBSERVE or DELETE");
        switch (type)
        {
            case "ObjectEvent":
                if (!Has("epcList") && !Any("quantityList") && !(Any("sensorElementList") && Has("readPoint")))
                    Report(at["epcList"], "required: an ObjectEvent names its objects (epcList or quantityList), "
                        + "or reports sensor data at a readPoint");
                if (Has("ilmd") && action is "OBSERVE" or "DELETE")
                    Report(at["ilmd"], $"ILMD describes objects as they are created: only with action ADD, not {action}");
                break;
            case "AggregationEvent" or "AssociationEvent":
                // An association always names its parent; an aggregation may leave it out only when observed.
                if (type == "AssociationEvent") Require(e, at, "parentID", "the parent of the association");
                else if (action is "ADD" or "DELETE") Require(e, at, "parentID", $"with action {action}, the parent of the aggregation");
                if (action != "DELETE" && !Any("childEPCs") && !Any("childQuantityList"))
                    Report(at["childEPCs"], "required: the children (childEPCs or childQuantityList), unless action is DELETE");
                break;
            case "TransactionEvent":
                if (!Any("bizTransactionList")) Report(at["bizTransactionList"], "required: at least one business transaction");
                if (action != "DELETE" && !Has("epcList") && !Any("quantityList"))
                    Report(at["epcList"], "required: the objects (epcList or quantityList), unless action is DELETE");
                break;
        }
    }

    private static string Article(string type) => (type[0] is 'O' or 'A' ? "an " : "a ") + type;

    private static FieldCheck Foreign(string type, string field) => (c, _, at) => c.Report(at, $"{Article(type)} has no {field}"
        + (field == "ilmd" ? " (ILMD belongs to ObjectEvent and TransformationEvent)" : ""));

    private void Quantities(JsonElement value, JsonLocation at) => Each(value, at, "a quantity element", QuantityFields, false, "epcClass");

    private void Location(JsonElement value, JsonLocation at)
    {
        if (!Object(value, at, "an object with an id")) return;
        Require(value, at, "id", "the location's URI");
        Fields(value, at, LocationFields, "a location");
    }

    private void Dispositions(JsonElement value, JsonLocation at)
    {
        if (!List(value, at, "a list of dispositions")) return;
        if (value.GetArrayLength() == 0) Report(at, "at least one disposition, or leave it out");
        var i = 0;
        foreach (var d in value.EnumerateArray()) Term(d, at[i++], EpcisVocabulary.Disposition);
    }

    /// <summary>A list of objects, each with its <paramref name="required"/> fields and its own field checks.</summary>
    private void Each(JsonElement value, JsonLocation at, string what, Dictionary<string, FieldCheck> fields, bool extensible,
        params string[] required)
    {
        if (!List(value, at, $"a list of objects ({what} each)")) return;
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            var here = at[i++];
            if (Full) { truncated = true; return; }
            if (!Object(item, here, what)) continue;
            foreach (var name in required)
                if (!item.TryGetProperty(name, out _)) Report(here[name], $"required in {what}");
            Fields(item, here, fields, what, extensible);
        }
    }

    // The field tables, leaves first: a static initialiser may only read the tables declared above it.

    private static readonly string[] EventTypes =
        ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"];

    /// <summary>Each event type as a message names its owner ("an ObjectEvent"), written once.</summary>
    private static readonly Dictionary<string, string> Articled = EventTypes.ToDictionary(t => t, Article);

    private static readonly Dictionary<string, FieldCheck> QuantityFields = new()
    {
        ["epcClass"] = static (c, v, at) =>
            c.Identifier(v, at, "a URI (an EPC class URN urn:epc:class:lgtin:…, a GS1 Digital Link or another absolute URI)"),
        ["quantity"] = static (c, v, at) => c.Number(v, at),
        ["uom"] = static (c, v, at) =>
        {
            var unit = c.Text(v, at, "a unit code", out var s);
            if (unit && !(s.Length is 2 or 3 && s.All(ch => ch is (>= 'A' and <= 'Z') or (>= '0' and <= '9'))))
                c.Report(at, $"{Quote(s)} is not a UN/CEFACT Rec 20 unit code (2-3 capitals or digits, as KGM)");
        },
    };

    private static readonly Dictionary<string, FieldCheck> LocationFields = new()
    {
        ["id"] = static (c, v, at) => c.Identifier(v, at, "a URI (an SGLN urn:epc:id:sgln:…, a GS1 Digital Link or another URI)"),
    };

    private static readonly Dictionary<string, FieldCheck> PersistentDispositionFields = new()
    {
        ["set"] = static (c, v, at) => c.Dispositions(v, at),
        ["unset"] = static (c, v, at) => c.Dispositions(v, at),
    };

    // bizTransaction, source and destination take no extensions (the JSON schema's additionalProperties: false).
    private static readonly Dictionary<string, FieldCheck> BizTransactionFields = new()
    {
        ["type"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.BizTransactionType),
        ["bizTransaction"] = static (c, v, at) => c.Identifier(v, at),
    };

    private static readonly Dictionary<string, FieldCheck> SourceFields = new()
    {
        ["type"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.SourceDestinationType),
        ["source"] = static (c, v, at) => c.Identifier(v, at),
    };

    private static readonly Dictionary<string, FieldCheck> DestinationFields = new()
    {
        ["type"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.SourceDestinationType),
        ["destination"] = static (c, v, at) => c.Identifier(v, at),
    };

    private static readonly Dictionary<string, FieldCheck> SensorMetadataFields = new()
    {
        ["time"] = static (c, v, at) => c.Time(v, at),
        ["startTime"] = static (c, v, at) => c.Time(v, at),
        ["endTime"] = static (c, v, at) => c.Time(v, at),
        ["deviceID"] = static (c, v, at) => c.Identifier(v, at),
        ["deviceMetadata"] = static (c, v, at) => c.Identifier(v, at),
        ["rawData"] = static (c, v, at) => c.Identifier(v, at),
        ["dataProcessingMethod"] = static (c, v, at) => c.Identifier(v, at),
        ["bizRules"] = static (c, v, at) => c.Identifier(v, at),
    };

    private static readonly Dictionary<string, FieldCheck> SensorReportFields = new Dictionary<string, FieldCheck>
    {
        ["type"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.MeasurementType),
        ["exception"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.SensorAlertType),
        ["component"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.Component),
        ["time"] = static (c, v, at) => c.Time(v, at),
        ["stringValue"] = static (c, v, at) => c.Text(v, at, "text", out _),
        ["booleanValue"] = static (c, v, at) =>
        {
            if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) c.Report(at, $"true or false, not {Kind(v)}");
        },
        ["hexBinaryValue"] = static (c, v, at) =>
        {
            if (c.Text(v, at, "hexadecimal text", out var s) && (s.Length == 0 || !s.All(char.IsAsciiHexDigit)))
                c.Report(at, $"{Quote(s)} is not hexadecimal");
        },
        ["uom"] = static (c, v, at) => c.Text(v, at, "a unit code", out _),
    }
        .Concat(new[] { "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules", "microorganism",
            "chemicalSubstance", "coordinateReferenceSystem", "uriValue" }
            .Select(name => KeyValuePair.Create(name, (FieldCheck)(static (c, v, at) => c.Identifier(v, at)))))
        .Concat(new[] { "value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue" }
            .Select(name => KeyValuePair.Create(name, (FieldCheck)(static (c, v, at) => c.Number(v, at)))))
        .ToDictionary();

    private static readonly Dictionary<string, FieldCheck> SensorElementFields = new()
    {
        ["sensorMetadata"] = static (c, v, at) =>
        {
            if (c.Object(v, at, "an object")) c.Fields(v, at, SensorMetadataFields, "sensorMetadata");
        },
        ["sensorReport"] = static (c, v, at) =>
        {
            if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0) c.Report(at, "at least one sensor report");
            c.Each(v, at, "a sensor report", SensorReportFields, true, "type");
        },
    };

    private static readonly Dictionary<string, FieldCheck> ErrorDeclarationFields = new()
    {
        ["declarationTime"] = static (c, v, at) => c.Time(v, at),
        ["reason"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.ErrorReason),
        ["correctiveEventIDs"] = static (c, v, at) => c.IdentifierList(v, at, AnyUri),
    };

    private static readonly Dictionary<string, FieldCheck> CommonEventFields = new()
    {
        ["@context"] = static (c, v, at) => c.Context(v, at),
        ["type"] = static (_, _, _) => { }, // checked by Event
        ["eventTime"] = static (c, v, at) => c.Time(v, at),
        ["recordTime"] = static (c, v, at) => c.Time(v, at),
        ["eventTimeZoneOffset"] = static (c, v, at) =>
        {
            if (c.Text(v, at, "an offset as +07:00", out var s) && !Offset().IsMatch(s))
                c.Report(at, $"{Quote(s)} is not an offset ±hh:mm from -14:00 to +14:00, as +07:00");
        },
        // The standard recommends the hash ID (ni:///sha-256;…) or a UUID URN; any URI is an ID.
        ["eventID"] = static (c, v, at) => c.Identifier(v, at),
        ["certificationInfo"] = static (c, v, at) =>
        {
            if (v.ValueKind == JsonValueKind.Array) c.IdentifierList(v, at, AnyUri);
            else c.Identifier(v, at, "a URI or a list of URIs");
        },
        ["errorDeclaration"] = static (c, v, at) =>
        {
            if (!c.Object(v, at, "an object")) return;
            c.Require(v, at, "declarationTime", "when the error was declared");
            c.Fields(v, at, ErrorDeclarationFields, "an errorDeclaration");
        },
    };

    /// <summary>Every standard field an event of some type may carry, with its check.</summary>
    private static readonly Dictionary<string, FieldCheck> StandardEventFields = new()
    {
        ["action"] = static (c, v, at) =>
        {
            if (c.Text(v, at, "ADD, OBSERVE or DELETE", out var s) && s is not ("ADD" or "OBSERVE" or "DELETE"))
                c.Report(at, $"{Quote(s)} is not an action: ADD, OBSERVE or DELETE");
        },
        ["epcList"] = static (c, v, at) => c.IdentifierList(v, at, EpcUri),
        ["childEPCs"] = static (c, v, at) => c.IdentifierList(v, at, EpcUri),
        ["inputEPCList"] = static (c, v, at) => c.IdentifierList(v, at, EpcUri),
        ["outputEPCList"] = static (c, v, at) => c.IdentifierList(v, at, EpcUri),
        ["parentID"] = static (c, v, at) =>
        {
            if (v.ValueKind == JsonValueKind.Array) c.Report(at, "one URI, not a list");
            else c.Identifier(v, at, EpcUri);
        },
        ["quantityList"] = static (c, v, at) => c.Quantities(v, at),
        ["childQuantityList"] = static (c, v, at) => c.Quantities(v, at),
        ["inputQuantityList"] = static (c, v, at) => c.Quantities(v, at),
        ["outputQuantityList"] = static (c, v, at) => c.Quantities(v, at),
        ["transformationID"] = static (c, v, at) => c.Identifier(v, at),
        ["bizStep"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.BizStep),
        ["disposition"] = static (c, v, at) => c.Term(v, at, EpcisVocabulary.Disposition),
        ["persistentDisposition"] = static (c, v, at) =>
        {
            if (!c.Object(v, at, "an object with set and/or unset")) return;
            if (!v.TryGetProperty("set", out _) && !v.TryGetProperty("unset", out _)) c.Report(at["set"], "required: set or unset");
            c.Fields(v, at, PersistentDispositionFields, "a persistentDisposition", extensible: false);
        },
        ["readPoint"] = static (c, v, at) => c.Location(v, at),
        ["bizLocation"] = static (c, v, at) => c.Location(v, at),
        ["bizTransactionList"] = static (c, v, at) =>
            c.Each(v, at, "a business transaction", BizTransactionFields, false, "bizTransaction"),
        ["sourceList"] = static (c, v, at) => c.Each(v, at, "a source", SourceFields, false, "type", "source"),
        ["destinationList"] = static (c, v, at) => c.Each(v, at, "a destination", DestinationFields, false, "type", "destination"),
        ["sensorElementList"] = static (c, v, at) => c.Each(v, at, "a sensor element", SensorElementFields, true, "sensorReport"),
        ["ilmd"] = static (c, v, at) =>
        {
            if (!c.Object(v, at, "an object of namespaced fields")) return;
            foreach (var field in v.EnumerateObject())
                if (c.Namespaced(field.Name, at[field.Name], "an ILMD field")) c.Extension(field.Value, at[field.Name]);
        },
    };

    /// <summary>Each type's standard fields beyond the common ones (EPCIS 2.0 §7.4.2–§7.4.6).</summary>
    private static readonly Dictionary<string, string[]> TypeFields = new()
    {
        ["ObjectEvent"] = ["action", "epcList", "quantityList", "bizStep", "disposition", "persistentDisposition", "readPoint",
            "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "ilmd"],
        ["AggregationEvent"] = ["parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint",
            "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList"],
        ["TransactionEvent"] = ["bizTransactionList", "parentID", "epcList", "quantityList", "action", "bizStep", "disposition",
            "readPoint", "bizLocation", "sourceList", "destinationList", "sensorElementList"],
        ["TransformationEvent"] = ["inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID",
            "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList",
            "destinationList", "sensorElementList", "ilmd"],
        ["AssociationEvent"] = ["parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint",
            "bizLocation", "bizTransactionList", "sourceList", "destinationList", "sensorElementList"],
    };

    /// <summary>Per type: its fields' checks, and for a standard field of another type only a refusal naming it.</summary>
    private static readonly Dictionary<string, Dictionary<string, FieldCheck>> EventFields = TypeFields.ToDictionary(
        t => t.Key,
        t => CommonEventFields.Concat(StandardEventFields.Select(f => KeyValuePair.Create(f.Key,
            t.Value.Contains(f.Key) ? f.Value : Foreign(t.Key, f.Key)))).ToDictionary());

    /// <summary>For an event of an unknown type: every standard field checked, none refused.</summary>
    private static readonly Dictionary<string, FieldCheck> AnyEventFields = CommonEventFields.Concat(StandardEventFields).ToDictionary();

    // Master data in the header is not checked here beyond its shape: the capture reads events only.
    private static readonly Dictionary<string, FieldCheck> HeaderFields = new()
    {
        ["epcisMasterData"] = static (c, v, at) => c.Object(v, at, "an object"),
    };

    private static readonly Dictionary<string, FieldCheck> BodyFields = new()
    {
        ["eventList"] = static (c, v, at) =>
        {
            if (!c.List(v, at, "a list of events")) return;
            var i = 0;
            foreach (var e in v.EnumerateArray())
            {
                if (c.Full) { c.truncated = true; return; }
                c.Event(e, at[i], i, contextRequired: false);
                i++;
            }
        },
    };

    private static readonly Dictionary<string, FieldCheck> DocumentFields = new()
    {
        ["@context"] = static (c, v, at) => c.Context(v, at),
        ["type"] = static (c, v, at) =>
        {
            if (c.Text(v, at, "\"EPCISDocument\"", out var s) && s != "EPCISDocument")
                c.Report(at, $"\"EPCISDocument\", not {Quote(s)}");
        },
        // The standard's documents say "2.0"; a patch release ("2.0.1") keeps the same JSON.
        ["schemaVersion"] = static (c, v, at) =>
        {
            if (c.Text(v, at, "\"2.0\" as text", out var s) && s != "2.0" && !s.StartsWith("2.0.", StringComparison.Ordinal))
                c.Report(at, $"\"2.0\", not {Quote(s)}");
        },
        ["creationDate"] = static (c, v, at) => c.Time(v, at),
        ["id"] = static (c, v, at) => c.Identifier(v, at),
        ["instanceIdentifier"] = static (c, v, at) => c.Text(v, at, "text", out _),
        ["sender"] = static (c, v, at) => c.Text(v, at, "text", out _),
        ["receiver"] = static (c, v, at) => c.Text(v, at, "text", out _),
        ["epcisHeader"] = static (c, v, at) =>
        {
            if (c.Object(v, at, "an object")) c.Fields(v, at, HeaderFields, "the epcisHeader");
        },
        ["epcisBody"] = static (c, v, at) =>
        {
            if (!c.Object(v, at, "an object holding the eventList")) return;
            c.Require(v, at, "eventList", "the list of events");
            c.Fields(v, at, BodyFields, "the epcisBody");
        },
    };
}
