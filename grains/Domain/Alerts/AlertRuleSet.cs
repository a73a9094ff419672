using System.Collections.Frozen;
using System.Text.Json;

namespace Nguon.Domain.Alerts;

/// <summary>A GI's alert thresholds as data (Domain/Alerts/{gi}.json, embedded; default.json for a GI without its own
/// file): another GI's thresholds are a new file, not new code. A rule left out of a file does not run for that GI.</summary>
public sealed record AlertRuleSet(
    string Gi,
    string RuleSet,
    string Title,
    YieldOutlierRule? YieldOutlier,
    NearCapRule? NearCap,
    BackDatingRule? BackDating,
    HarvestWindowRule? HarvestWindow,
    TreatmentCapacityRule? TreatmentCapacity,
    TransitRule? Transit,
    TransformationYieldRule? TransformationYield,
    UnknownScansRule? UnknownScans)
{
    public const string DefaultGi = "*";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true,
    };

    /// <summary>Every embedded rule set, by GI number ("*" for the default).</summary>
    public static readonly FrozenDictionary<string, AlertRuleSet> Known = LoadEmbedded();

    /// <summary>The GI's own rule set, else the default one (with the GI's number).</summary>
    public static AlertRuleSet For(string gi) =>
        Known.TryGetValue(gi, out var own) ? own : Known[DefaultGi] with { Gi = gi };

    public static AlertRuleSet Parse(string json) =>
        JsonSerializer.Deserialize<AlertRuleSet>(json, Json) ?? throw new JsonException("empty rule set");

    private static FrozenDictionary<string, AlertRuleSet> LoadEmbedded()
    {
        var assembly = typeof(AlertRuleSet).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Alerts.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return Parse(reader.ReadToEnd());
            })
            .ToFrozenDictionary(r => r.Gi, StringComparer.Ordinal);
    }
}

/// <summary>A farm's yield per hectare far above its commune's: above <see cref="K"/> × the commune's median
/// (<c>method: "median"</c>) or above K × the 95th percentile of the commune's other farms (<c>"p95"</c>); communes with
/// fewer than <see cref="MinFarms"/> harvesting farms are not compared.</summary>
public sealed record YieldOutlierRule(string Method, decimal K, int MinFarms);

/// <summary>A season total at or above <see cref="Fraction"/> of the farm's cap (area × maximum yield): paper harvests fill
/// a cap; honest orchards rarely reach it.</summary>
public sealed record NearCapRule(decimal Fraction);

/// <summary>A harvest recorded more than <see cref="MaxDelayHours"/> after its harvest time.</summary>
public sealed record BackDatingRule(decimal MaxDelayHours);

/// <summary>The specification's harvest window, as month-day ("05-25") on the harvest's own calendar, both days included.</summary>
public sealed record HarvestWindowRule(string From, string To);

/// <summary>Fumigation claimed at a facility beyond what its chambers can treat: more than chambers × <see cref="KgPerChamber"/>
/// within any <see cref="WindowHours"/> (one chamber cycle). Facilities not listed are not judged here (the market rules
/// already refuse an unrecognised one).</summary>
public sealed record TreatmentCapacityRule(string BizStep, decimal WindowHours, decimal KgPerChamber,
    IReadOnlyList<TreatmentFacility> Facilities);

public sealed record TreatmentFacility(string Id, int Chambers);

/// <summary>A lot shipped and not received within the route's allowance: hours by destination country, else
/// <see cref="DefaultMaxHours"/>.</summary>
public sealed record TransitRule(decimal DefaultMaxHours, IReadOnlyDictionary<string, decimal>? MaxHoursByCountry);

/// <summary>A transformation's output mass over its inputs' outside [Min, Max], by output product (else the default range).</summary>
public sealed record TransformationYieldRule(YieldRange Default, IReadOnlyDictionary<string, YieldRange>? ByProduct);

public sealed record YieldRange(decimal Min, decimal Max);

/// <summary>Label scans under one of the GI's GTINs of a lot Nguon does not know: at least <see cref="MinPerDay"/> in a day.</summary>
public sealed record UnknownScansRule(int MinPerDay);
