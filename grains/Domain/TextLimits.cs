using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Nguon.Model;

namespace Nguon.Domain;

/// <summary>The caps on the free text of every command body, in one table: each text field of each body (and of the
/// records nested in it) has a longest length, and each list of text or of records in it a largest count. Checked at
/// the HTTP boundary before any grain is called (<c>BoundedTextFilter</c>): a field over its cap is refused with 400
/// <see cref="TooLong"/> naming the field, a list over its count with <see cref="TooMany"/>, and nothing changes.
/// Identifiers, GTINs, lots and the like still get their own syntax rules behind these caps.</summary>
public static class TextLimits
{
    /// <summary>Names, places, codes, references, units, steps: one line of text.</summary>
    public const int Short = 200;

    /// <summary>Reasons, quality criteria, image URLs: a sentence or two.</summary>
    public const int Long = 500;

    public const string TooLong = "input.too-long";
    public const string TooMany = "input.too-many";

    /// <summary>A field's cap: the longest text (null: not free text, bounded otherwise — GeoJSON is bounded by the 1 MiB
    /// body and checked as geometry), and for a list the most items (null: counted by the command's own rule).</summary>
    public sealed record Limit(int? MaxLength, int? MaxItems = null);

    private static readonly Limit S = new(Short);
    private static readonly Limit L = new(Long);
    private static readonly Limit Geometry = new(null);
    private static readonly Limit Unlimited = new(null);

    /// <summary>Every text field and list of every command body the API binds. A field missing here gets
    /// <see cref="Short"/>; a test checks that every field of every body the API accepts is listed.</summary>
    public static readonly IReadOnlyDictionary<(Type Type, string Property), Limit> Table = new Dictionary<(Type, string), Limit>
    {
        [(typeof(ChangeAlert), nameof(ChangeAlert.Note))] = L,
        [(typeof(RecordEvent), nameof(RecordEvent.BizStep))] = S,
        [(typeof(RecordEvent), nameof(RecordEvent.EventId))] = S,
        [(typeof(RecordEvent), nameof(RecordEvent.Disposition))] = S,
        [(typeof(RecordEvent), nameof(RecordEvent.ReadPoint))] = S,
        [(typeof(RecordEvent), nameof(RecordEvent.BizLocation))] = S,
        [(typeof(RecordEvent), nameof(RecordEvent.Destination))] = S,
        [(typeof(RecordEvent), nameof(RecordEvent.Sensors))] = new(null, 50),
        [(typeof(RecordEvent), nameof(RecordEvent.Documents))] = new(null, 20),
        [(typeof(SensorReading), nameof(SensorReading.Type))] = S,
        [(typeof(SensorReading), nameof(SensorReading.Unit))] = S,
        [(typeof(DocumentRef), nameof(DocumentRef.Sha256))] = S,
        [(typeof(DocumentRef), nameof(DocumentRef.Type))] = S,
        [(typeof(DocumentRef), nameof(DocumentRef.Name))] = S,
        [(typeof(Quantity), nameof(Quantity.Unit))] = S,
        [(typeof(RecallBatch), nameof(RecallBatch.Reason))] = L,
        [(typeof(RecallBatch), nameof(RecallBatch.EventId))] = S,
        [(typeof(SplitBatch), nameof(SplitBatch.ReadPoint))] = S,
        [(typeof(SplitBatch), nameof(SplitBatch.Parts))] = Unlimited, // BatchRules.MaxParts
        [(typeof(SplitPart), nameof(SplitPart.BatchCode))] = S,
        [(typeof(SplitPart), nameof(SplitPart.Gtin))] = S,
        [(typeof(SplitPart), nameof(SplitPart.Lot))] = S,
        [(typeof(CombineBatches), nameof(CombineBatches.BatchCode))] = S,
        [(typeof(CombineBatches), nameof(CombineBatches.Inputs))] = Unlimited, // BatchRules.MaxInputs
        [(typeof(CombineBatches), nameof(CombineBatches.Product))] = S,
        [(typeof(CombineBatches), nameof(CombineBatches.GiClaim))] = S,
        [(typeof(CombineBatches), nameof(CombineBatches.Gtin))] = S,
        [(typeof(CombineBatches), nameof(CombineBatches.Lot))] = S,
        [(typeof(CombineBatches), nameof(CombineBatches.ReadPoint))] = S,
        [(typeof(QuantityLink), nameof(QuantityLink.Batch))] = S,
        [(typeof(RegisterFarm), nameof(RegisterFarm.Name))] = S,
        [(typeof(RegisterFarm), nameof(RegisterFarm.Owner))] = S,
        [(typeof(RegisterFarm), nameof(RegisterFarm.LocationGeoJson))] = Geometry,
        [(typeof(RegisterFarm), nameof(RegisterFarm.Crops))] = new(Short, 20),
        [(typeof(AdminArea), nameof(AdminArea.Commune))] = S,
        [(typeof(AdminArea), nameof(AdminArea.District))] = S,
        [(typeof(AdminArea), nameof(AdminArea.Province))] = S,
        [(typeof(AuthoriseFarm), nameof(AuthoriseFarm.GiNumber))] = S,
        [(typeof(AuthoriseFarm), nameof(AuthoriseFarm.DecisionReference))] = S,
        [(typeof(ChangeStatus), nameof(ChangeStatus.Reason))] = L,
        [(typeof(RecordHarvest), nameof(RecordHarvest.BatchCode))] = S,
        [(typeof(RecordHarvest), nameof(RecordHarvest.Product))] = S,
        [(typeof(RecordHarvest), nameof(RecordHarvest.GiClaim))] = S,
        [(typeof(RecordHarvest), nameof(RecordHarvest.Gtin))] = S,
        [(typeof(RecordHarvest), nameof(RecordHarvest.Lot))] = S,
        [(typeof(RecordHarvest), nameof(RecordHarvest.Variety))] = S,
        [(typeof(RegisterCertificate), nameof(RegisterCertificate.Product))] = S,
        [(typeof(RegisterCertificate), nameof(RegisterCertificate.Varieties))] = new(Short, 20),
        [(typeof(RegisterCertificate), nameof(RegisterCertificate.Holder))] = S,
        [(typeof(RegisterCertificate), nameof(RegisterCertificate.ProtectedAreaGeoJson))] = Geometry,
        [(typeof(RegisterCertificate), nameof(RegisterCertificate.ForeignRegistrations))] = new(null, 20),
        [(typeof(LocalizedText), nameof(LocalizedText.Vi))] = S,
        [(typeof(LocalizedText), nameof(LocalizedText.En))] = S,
        [(typeof(LocalizedText), nameof(LocalizedText.Ja))] = S,
        [(typeof(ForeignRegistration), nameof(ForeignRegistration.Country))] = S,
        [(typeof(ForeignRegistration), nameof(ForeignRegistration.Number))] = S,
        [(typeof(Specification), nameof(Specification.QualityCriteria))] = new(Long, 50),
        [(typeof(RegisterOrganisation), nameof(RegisterOrganisation.Name))] = S,
        [(typeof(RegisterOrganisation), nameof(RegisterOrganisation.Roles))] = new(null, 10),
        [(typeof(RegisterOrganisation), nameof(RegisterOrganisation.Commune))] = S,
        [(typeof(RegisterOrganisation), nameof(RegisterOrganisation.Country))] = S,
        [(typeof(RegisterOrganisation), nameof(RegisterOrganisation.CodeSpace))] = S,
        [(typeof(IssueKey), nameof(IssueKey.Label))] = S,
        [(typeof(RegisterPrefix), nameof(RegisterPrefix.Organisation))] = S,
        [(typeof(RegisterPrefix), nameof(RegisterPrefix.Licence))] = S,
        [(typeof(GrantPrefixLicence), nameof(GrantPrefixLicence.Organisation))] = S,
        [(typeof(GrantPrefixLicence), nameof(GrantPrefixLicence.Reference))] = S,
        [(typeof(RegisterProduct), nameof(RegisterProduct.Product))] = S,
        [(typeof(RegisterProduct), nameof(RegisterProduct.Image))] = L,
        [(typeof(RegisterProduct), nameof(RegisterProduct.GiNumber))] = S,
    };

    /// <summary>The limit of <paramref name="property"/> of <paramref name="type"/> (<see cref="Short"/> text when unlisted).</summary>
    public static Limit For(Type type, string property) => Table.GetValueOrDefault((type, property), S);

    /// <summary>Every field of <paramref name="body"/> over its cap, each named by its JSON path ("name.vi",
    /// "parts[2].lot"); empty when the body is within every cap.</summary>
    public static IReadOnlyList<Violation> Check(object? body)
    {
        var violations = new List<Violation>();
        if (body is not null) Walk(body, "", violations, depth: 0);
        return violations;
    }

    /// <summary>True for the command records this table covers (the API's own contracts).</summary>
    public static bool IsBody(Type type) => type.Namespace == typeof(RecordEvent).Namespace && !type.IsEnum && !type.IsPrimitive;

    private const int MaxDepth = 8;

    private static void Walk(object value, string path, List<Violation> violations, int depth)
    {
        if (depth > MaxDepth || !IsBody(value.GetType())) return;
        foreach (var property in Properties(value.GetType()))
        {
            var field = path.Length == 0 ? property.Json : $"{path}.{property.Json}";
            var limit = For(value.GetType(), property.Info.Name);
            switch (property.Info.GetValue(value))
            {
                case string text:
                    Length(text, field, limit, violations);
                    break;
                case IEnumerable items:
                    var i = 0;
                    foreach (var item in items)
                    {
                        if (limit.MaxItems is { } most && i == most)
                        {
                            violations.Add(new(TooMany, $"{field} has more than {most} items"));
                            break;
                        }
                        var at = string.Create(CultureInfo.InvariantCulture, $"{field}[{i++}]");
                        if (item is string s) Length(s, at, limit, violations);
                        else if (item is not null) Walk(item, at, violations, depth + 1);
                    }
                    break;
                case { } nested:
                    Walk(nested, field, violations, depth + 1);
                    break;
            }
        }
    }

    private static void Length(string text, string field, Limit limit, List<Violation> violations)
    {
        if (limit.MaxLength is { } longest && text.Length > longest)
            violations.Add(new(TooLong, string.Create(CultureInfo.InvariantCulture,
                $"{field} has {text.Length} characters; it may have at most {longest}")));
    }

    private sealed record Property(PropertyInfo Info, string Json);

    private static readonly ConcurrentDictionary<Type, Property[]> PropertiesByType = new();

    /// <summary>The readable properties of a body type with their JSON names (camelCase, as the API binds them).</summary>
    private static Property[] Properties(Type type) => PropertiesByType.GetOrAdd(type, t =>
        [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.PropertyType != typeof(Type))
            .Select(p => new Property(p, JsonNamingPolicy.CamelCase.ConvertName(p.Name)))]);

    /// <summary>Every (type, property) reachable from <paramref name="bodyType"/> that holds text or a list: what
    /// <see cref="Table"/> must list.</summary>
    public static IEnumerable<(Type Type, string Property)> Fields(Type bodyType)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>([bodyType]);
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!IsBody(type) || !seen.Add(type)) continue;
            foreach (var property in Properties(type))
            {
                var t = Nullable.GetUnderlyingType(property.Info.PropertyType) ?? property.Info.PropertyType;
                var element = t != typeof(string) && t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t)
                    ? t.GetGenericArguments()[0] : null;
                if (t == typeof(string) || element is not null) yield return (type, property.Info.Name);
                if (element is not null) pending.Push(element);
                else if (t != typeof(string)) pending.Push(t);
            }
        }
    }
}
