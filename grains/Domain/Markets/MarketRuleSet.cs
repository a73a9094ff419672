using System.Collections.Frozen;
using System.Text.Json;

namespace Nguon.Domain.Markets;

/// <summary>A destination market's import rules as data (Domain/Markets/{market}.json, embedded): another market
/// is a new file, not new code. The limits in jp.json are illustrative, not an official MRL table.</summary>
public sealed record MarketRuleSet(
    string Market,
    string RuleSet,
    string Title,
    IReadOnlyList<string> Products,
    GrowingAreaRule? GrowingArea,
    PackingHouseRule? PackingHouse,
    TreatmentRule? Treatment,
    IReadOnlyList<string> LotDocuments,
    ResidueRule? Residues)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { RespectNullableAnnotations = true };

    /// <summary>Every embedded rule set, by market (ISO 3166 alpha-2, upper case).</summary>
    public static readonly FrozenDictionary<string, MarketRuleSet> Known = LoadEmbedded();

    public static MarketRuleSet? For(string? market) =>
        market is not null && Known.TryGetValue(market.ToUpperInvariant(), out var rules) ? rules : null;

    public static MarketRuleSet Parse(string json) =>
        JsonSerializer.Deserialize<MarketRuleSet>(json, Json) ?? throw new JsonException("empty rule set");

    private static FrozenDictionary<string, MarketRuleSet> LoadEmbedded()
    {
        var assembly = typeof(MarketRuleSet).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Markets.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return Parse(reader.ReadToEnd());
            })
            .ToFrozenDictionary(r => r.Market.ToUpperInvariant());
    }
}

public sealed record GrowingAreaRule(string CodePattern, bool AuthorisationRequired);

public sealed record PackingHouseRule(string BizStep, string CodePattern);

public sealed record TreatmentRule(
    string BizStep,
    string Fumigant,
    string DoseSensor,
    decimal MinDoseGramsPerCubicMetre,
    string DurationSensor,
    decimal MinDurationMinutes,
    IReadOnlyList<string> RecognisedFacilities);

public sealed record ResidueRule(
    string SensorPrefix,
    string ReportDocument,
    decimal DefaultLimitMgPerKg,
    IReadOnlyDictionary<string, decimal> LimitsMgPerKg);
