namespace Nguon.Model;

/// <summary>A GI's season in figures (GET /api/gi/{number}/seasons/{season}), from the read model as of
/// <see cref="AsOf"/>. Masses in kg; a lot mixed from several seasons counts in each by its share of their mass.</summary>
/// <param name="Balance">Where the season's harvested mass is now: it adds up to <see cref="SeasonBalance.HarvestedKg"/>.</param>
/// <param name="FarmLines">Every authorised farm's line to the authority and inspectors; a producer sees its own farms' only.</param>
public sealed record SeasonLedger(
    string Gi,
    string Season,
    DateTimeOffset AsOf,
    DateTimeOffset? SweptAt,
    decimal MaxYieldKgPerHa,
    LedgerFarms Farms,
    IReadOnlyList<CommuneLine> Communes,
    IReadOnlyList<WeekLine> Weeks,
    SeasonBalance Balance,
    IReadOnlyList<CountryLine> ExportedByCountry,
    IReadOnlyList<FarmLine> FarmLines,
    int LotsInOtherUnits);

/// <summary>The GI's authorised farms in the season: how many, their area, and what they may plausibly grow.</summary>
public sealed record LedgerFarms(int Authorised, int Harvesting, decimal AreaHa, decimal CapacityKg, decimal HarvestedKg);

/// <summary>One commune: its authorised farms, certified capacity (Σ area × the specification's maximum yield) and harvest.</summary>
public sealed record CommuneLine(
    string Commune, int Farms, decimal AreaHa, decimal CapacityKg, decimal HarvestedKg, decimal YieldKgPerHa,
    decimal MedianFarmYieldKgPerHa);

/// <summary>Harvest recorded in one ISO week (by harvest time, in the offset it was recorded in).</summary>
public sealed record WeekLine(string Week, decimal HarvestedKg, int Harvests);

public sealed record CountryLine(string Country, decimal Kg);

/// <summary>One farm's season: its cap (area × maximum yield), what it harvested and its yield per hectare.</summary>
public sealed record FarmLine(
    string Farm, string Name, string Owner, string Commune, decimal AreaHa, decimal CapacityKg, decimal HarvestedKg, int Harvests,
    decimal YieldKgPerHa);

/// <summary>The season's mass, each kilogram in one place: still unpacked, packed, fumigated, in the domestic market
/// (shipped to a retailer at home), exported, recalled, lost in transformations (what a yield factor takes), taken out of
/// the GI claim (into lots without it, or destroyed), and what is left unaccounted (positive: mass no lot holds; negative:
/// lots hold more than was harvested).</summary>
public sealed record SeasonBalance(
    decimal HarvestedKg,
    decimal UnpackedKg,
    decimal PackedKg,
    decimal FumigatedKg,
    decimal DomesticMarketKg,
    decimal ExportedKg,
    decimal RecalledKg,
    decimal TransformationLossKg,
    decimal LeftClaimKg,
    decimal UnaccountedKg);
