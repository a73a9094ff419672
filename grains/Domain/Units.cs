using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Units are explicit: masses convert to kilograms, any other unit is a count that only balances
/// against itself.</summary>
public static class Units
{
    private static readonly Dictionary<string, decimal> KgPerUnit = new(StringComparer.Ordinal)
    {
        ["kg"] = 1m, ["g"] = 0.001m, ["t"] = 1000m,
    };

    public static readonly IReadOnlySet<string> CountUnits = new HashSet<string>(StringComparer.Ordinal)
    {
        "box", "crate", "carton", "pallet", "bag", "each",
    };

    public static bool IsKnown(string? unit) => unit is not null && (KgPerUnit.ContainsKey(unit) || CountUnits.Contains(unit));

    public static bool IsMass(string unit) => KgPerUnit.ContainsKey(unit);

    public static bool Compatible(string a, string b) => a == b || (IsMass(a) && IsMass(b));

    /// <summary>The amount in <paramref name="unit"/>; callers check <see cref="Compatible"/> first.</summary>
    public static decimal AmountIn(Quantity q, string unit) =>
        q.Unit == unit ? q.Amount : q.Amount * KgPerUnit[q.Unit] / KgPerUnit[unit];

    public static decimal? ToKg(Quantity q) => IsMass(q.Unit) ? q.Amount * KgPerUnit[q.Unit] : null;

    /// <summary>Null when the quantity is well formed, else why not.</summary>
    public static Violation? Check(Quantity? q, string what, bool allowZero = false)
    {
        if (q is null) return new("quantity.missing", $"{what} needs a quantity with a unit");
        if (string.IsNullOrWhiteSpace(q.Unit)) return new("quantity.unit-missing", $"{what} has no unit");
        if (!IsKnown(q.Unit))
            return new("quantity.unit-unknown", $"{what} has unknown unit '{q.Unit}' (use kg, g, t or a count such as box)");
        if (q.Amount < 0 || (!allowZero && q.Amount == 0)) return new("quantity.not-positive", $"{what} must be positive, got {q.Amount}");
        return null;
    }
}
