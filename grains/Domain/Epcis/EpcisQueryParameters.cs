using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nguon.Domain.Epcis;

/// <summary>The REST binding's query string (EPCIS 2.0 §8.2.7.1 SimpleEventQuery; gs1/EPCIS "REST Bindings/openapi.yaml",
/// components/parameters) read strictly into an <see cref="EpcisQuery"/>: lists are pipe-delimited (the binding's
/// <c>style: pipeDelimited</c>; eventType also takes commas), values are put in the index's canonical form, and every
/// unknown name, unsupported parameter and bad value is an error naming the parameter (the caller's 400
/// QueryParameterException), so a mistyped filter never quietly widens the answer.</summary>
public static class EpcisQueryParameters
{
    public const int DefaultPerPage = 30, MaxPerPage = 1000;

    /// <summary>Bounds on what one request may ask, so that no query string makes an unbounded IN list.</summary>
    public const int MaxValues = 20, MaxValueLength = 512, MaxParameters = 40, MaxCountedEvents = 10_000;

    public static readonly IReadOnlyList<string> EventTypeNames =
        ["ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"];

    private static readonly string[] Actions = ["ADD", "OBSERVE", "DELETE"];

    private static readonly Dictionary<string, string[]> MatchRoles = new(StringComparer.Ordinal)
    {
        ["MATCH_epc"] = [IndexedEvent.Roles.Epc, IndexedEvent.Roles.Child],
        ["MATCH_parentID"] = [IndexedEvent.Roles.Parent],
        ["MATCH_inputEPC"] = [IndexedEvent.Roles.Input],
        ["MATCH_outputEPC"] = [IndexedEvent.Roles.Output],
        ["MATCH_anyEPC"] = [IndexedEvent.Roles.Epc, IndexedEvent.Roles.Child, IndexedEvent.Roles.Parent, IndexedEvent.Roles.Input,
            IndexedEvent.Roles.Output],
        ["MATCH_epcClass"] = [IndexedEvent.Roles.Quantity, IndexedEvent.Roles.ChildQuantity],
        ["MATCH_inputEPCClass"] = [IndexedEvent.Roles.InputQuantity],
        ["MATCH_outputEPCClass"] = [IndexedEvent.Roles.OutputQuantity],
        ["MATCH_anyEPCClass"] = [IndexedEvent.Roles.Quantity, IndexedEvent.Roles.ChildQuantity, IndexedEvent.Roles.InputQuantity,
            IndexedEvent.Roles.OutputQuantity],
    };

    private static readonly Dictionary<string, string> QuantityOperators = new(StringComparer.Ordinal)
    {
        ["EQ_quantity"] = "=", ["GT_quantity"] = ">", ["GE_quantity"] = ">=", ["LT_quantity"] = "<", ["LE_quantity"] = "<=",
    };

    /// <summary>Standard parameters this repository does not index (yet): refused by name rather than ignored.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "EQ_persistentDisposition_set", "EQ_persistentDisposition_unset", "EQ_transformationID", "GE_errorDeclarationTime",
        "LT_errorDeclarationTime", "EQ_errorReason", "EQ_correctiveEventID", "GE_startTime", "LT_startTime", "GE_endTime",
        "LT_endTime", "EQ_dataProcessingMethod", "EQ_bizRules", "EQ_userID",
    };

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime", "EQ_action", "EQ_bizStep", "EQ_disposition",
        "EQ_readPoint", "WD_readPoint", "EQ_bizLocation", "WD_bizLocation", "EQ_eventID", "EXISTS_errorDeclaration", "EQ_type",
        "EQ_deviceID", "EQ_chemicalSubstance", "EQ_microorganism", "orderBy", "orderDirection", "eventCountLimit", "maxEventCount",
        "perPage", "nextPageToken",
    };

    /// <summary>Reads <paramref name="parameters"/> (each name with the values it was given). The errors say, one line each,
    /// which parameter was wrong and why; the query is only meaningful when there are none.</summary>
    public static (EpcisQuery Query, IReadOnlyList<string> Errors) Parse(
        IReadOnlyList<(string Name, IReadOnlyList<string> Values)> parameters)
    {
        var errors = new List<string>();
        var single = new Dictionary<string, string>(StringComparer.Ordinal);
        if (parameters.Count > MaxParameters) errors.Add($"a query takes at most {MaxParameters} parameters, not {parameters.Count}");
        foreach (var (name, values) in parameters)
        {
            if (Unsupported.Contains(name) || name.StartsWith("EQ_INNER_", StringComparison.Ordinal)
                || name.StartsWith("EQATTR_", StringComparison.Ordinal))
                errors.Add($"{name}: is a standard parameter this repository does not support");
            else if (!Known.Contains(name) && !MatchRoles.ContainsKey(name) && !QuantityOperators.ContainsKey(name))
                errors.Add($"{Cut(name)}: is not a parameter of SimpleEventQuery here");
            else if (values.Count != 1 || single.ContainsKey(name))
                errors.Add($"{name}: is given {Math.Max(values.Count, 2)} times; give it once (several values are separated by '|')");
            else if (values[0].Length > MaxValueLength * MaxValues)
                errors.Add($"{name}: is longer than {MaxValueLength * MaxValues} characters");
            else single[name] = values[0];
        }
        var reader = new Reader(single, errors);
        var ns = EpcisNamespaces.Standard;
        var readPoints = reader.List("EQ_readPoint", v => EpcisIndex.Canonical(v, ns)).Concat(reader.List("WD_readPoint",
            v => EpcisIndex.Canonical(v, ns)));
        var bizLocations = reader.List("EQ_bizLocation", v => EpcisIndex.Canonical(v, ns)).Concat(reader.List("WD_bizLocation",
            v => EpcisIndex.Canonical(v, ns)));
        var query = new EpcisQuery
        {
            EventTypes = reader.List("eventType", v => EventTypeNames.Contains(v) ? v
                : reader.Fail<string>("eventType", $"'{Cut(v)}' is none of {string.Join(", ", EventTypeNames)}"), commas: true),
            GeEventTime = reader.Time("GE_eventTime"),
            LtEventTime = reader.Time("LT_eventTime"),
            GeRecordTime = reader.Time("GE_recordTime"),
            LtRecordTime = reader.Time("LT_recordTime"),
            Actions = reader.List("EQ_action", v => Actions.Contains(v) ? v
                : reader.Fail<string>("EQ_action", $"'{Cut(v)}' is none of ADD, OBSERVE, DELETE")),
            BizSteps = reader.List("EQ_bizStep", v => EpcisIndex.Term(v, EpcisIndex.BizStepPrefix, ns)),
            Dispositions = reader.List("EQ_disposition", v => EpcisIndex.Term(v, EpcisIndex.DispositionPrefix, ns)),
            ReadPoints = [.. readPoints.Distinct()],
            BizLocations = [.. bizLocations.Distinct()],
            EventIds = reader.List("EQ_eventID", v => v),
            Epcs = [.. MatchRoles.Where(m => single.ContainsKey(m.Key)).Select(m => reader.Epcs(m.Key, m.Value))],
            Quantities = [.. QuantityOperators.Where(q => single.ContainsKey(q.Key))
                .Select(q => new QuantityBound(q.Value, reader.Number(q.Key)))],
            ErrorDeclared = reader.Exists("EXISTS_errorDeclaration"),
            SensorTypes = reader.List("EQ_type", v => EpcisIndex.Term(v, EpcisIndex.SensorTypePrefix, ns)),
            DeviceIds = reader.List("EQ_deviceID", v => EpcisIndex.Canonical(v, ns)),
            ChemicalSubstances = reader.List("EQ_chemicalSubstance", v => EpcisIndex.Canonical(v, ns)),
            Microorganisms = reader.List("EQ_microorganism", v => EpcisIndex.Canonical(v, ns)),
            OrderBy = single.GetValueOrDefault("orderBy") switch
            {
                null => EpcisOrderBy.Capture,
                "eventTime" => EpcisOrderBy.EventTime,
                "recordTime" => EpcisOrderBy.RecordTime,
                var v => reader.Fail("orderBy",
                    $"is eventTime or recordTime (ordering by an extension field is not supported), not '{Cut(v)}'", EpcisOrderBy.Capture),
            },
            Descending = single.GetValueOrDefault("orderDirection") switch
            {
                null => single.ContainsKey("orderBy"), // the standard's default is DESC; capture order without orderBy runs forward
                "DESC" => true,
                "ASC" => false,
                var v => reader.Fail("orderDirection", $"is ASC or DESC, not '{Cut(v)}'", true),
            },
            EventCountLimit = reader.Count("eventCountLimit", int.MaxValue),
            MaxEventCount = reader.Count("maxEventCount", MaxCountedEvents),
            PerPage = reader.Count("perPage", MaxPerPage) ?? DefaultPerPage,
            Fingerprint = Fingerprint(single),
        };
        if (query.EventCountLimit is not null && query.MaxEventCount is not null)
            errors.Add("eventCountLimit and maxEventCount: are mutually exclusive; give one");
        if (query.EventCountLimit is not null && !single.ContainsKey("orderBy"))
            errors.Add("eventCountLimit: needs orderBy (the first N events of which order?)");
        if (single.TryGetValue("nextPageToken", out var token))
        {
            if (EpcisPageToken.Read(token, query.Fingerprint) is { } after) query = query with { After = after };
            else errors.Add("nextPageToken: is not a token this repository gave for this query (pass the Link header's URL unchanged)");
        }
        return (query, errors);
    }

    private static ulong Fingerprint(Dictionary<string, string> parameters)
    {
        var text = string.Join("\n", parameters.Where(p => p.Key is not ("perPage" or "nextPageToken"))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        return BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0);
    }

    private static string Cut(string v) => v.Length <= 60 ? v : v[..60] + "…";

    /// <summary>Reads one parameter at a time, adding what is wrong to the errors.</summary>
    private sealed class Reader(Dictionary<string, string> values, List<string> errors)
    {
        public T Fail<T>(string name, string message, T fallback = default!)
        {
            errors.Add($"{name}: {message}");
            return fallback;
        }

        public IReadOnlyList<string> List(string name, Func<string, string> canonical, bool commas = false)
        {
            if (!values.TryGetValue(name, out var text)) return [];
            var parts = text.Split(commas ? ['|', ','] : ['|']).Select(p => p.Trim()).ToList();
            if (parts.Count > MaxValues)
                return Fail<IReadOnlyList<string>>(name, $"takes at most {MaxValues} values, not {parts.Count}", []);
            if (parts.Any(p => p.Length == 0)) return Fail<IReadOnlyList<string>>(name, "has an empty value", []);
            if (parts.FirstOrDefault(p => p.Length > MaxValueLength) is { } longValue)
                return Fail<IReadOnlyList<string>>(name, $"has a value longer than {MaxValueLength} characters ('{Cut(longValue)}')", []);
            return [.. parts.Select(canonical).OfType<string>().Distinct(StringComparer.Ordinal)];
        }

        /// <summary>A MATCH_ parameter's values: EPC URNs and Digital Links as the index keeps them; an EPC pattern
        /// (<c>urn:epc:idpat:sgtin:0614141.107346.*</c>, or a Digital Link ending in <c>/*</c>) as the key it ranges over.</summary>
        public EpcCondition Epcs(string name, string[] roles)
        {
            var exact = new List<string>();
            var patterns = new List<string>();
            foreach (var v in List(name, v => v))
            {
                if (v.StartsWith("urn:epc:idpat:", StringComparison.Ordinal))
                {
                    if (EpcUrn.ToDigitalLink(v) is { } key) patterns.Add(key);
                    else Fail<string>(name, $"'{Cut(v)}': only a pattern whose last (serial) part is '*' is supported");
                }
                else if (v.EndsWith("/*", StringComparison.Ordinal) && v.StartsWith("http", StringComparison.Ordinal))
                    patterns.Add(EpcisIndex.Canonical(v[..^2], EpcisNamespaces.Standard));
                else if (v.Contains('*'))
                    Fail<string>(name, $"'{Cut(v)}': a pattern is an urn:epc:idpat: URN or a Digital Link ending in '/*'");
                else exact.Add(EpcisIndex.Canonical(v, EpcisNamespaces.Standard));
            }
            return new EpcCondition(roles, exact, patterns);
        }

        /// <summary>An xsd:dateTimeStamp (a time with its offset). A '+' the query string decoded as a space is read back.</summary>
        public DateTimeOffset? Time(string name)
        {
            if (!values.TryGetValue(name, out var v)) return null;
            var text = v.Length > 6 && v[^6] == ' ' ? v[..^6] + "+" + v[^5..] : v;
            var zoned = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
            return zoned && text.Length >= 20 && text[10] is 'T' or 't'
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? at
                : Fail<DateTimeOffset?>(name, $"is a time with its offset (2026-06-10T08:00:00.000+07:00), not '{Cut(v)}'");
        }

        public decimal Number(string name)
        {
            var v = values[name];
            return decimal.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
                : Fail(name, $"is a number, not '{Cut(v)}'", 0m);
        }

        public int? Count(string name, int max)
        {
            if (!values.TryGetValue(name, out var v)) return null;
            return int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max ? n
                : Fail<int?>(name, $"is a whole number from 1 to {max}, not '{Cut(v)}'");
        }

        public bool Exists(string name) => values.GetValueOrDefault(name) switch
        {
            null or "false" => false,
            "" or "true" => true,
            var v => Fail(name, $"is true (or empty) or false, not '{Cut(v)}'", false),
        };
    }
}
