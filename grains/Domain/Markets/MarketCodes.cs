using Nguon.Model;

namespace Nguon.Domain.Markets;

/// <summary>The market a verification or dossier is checked for, as a caller names it.</summary>
public static class MarketCodes
{
    /// <summary>Stands for "the market the batch is bound for": the country of its destination or custodian.</summary>
    public const string Auto = "auto";

    /// <summary>Null when <paramref name="market"/> is absent or has a known rule set (a caller cannot name
    /// <see cref="Auto"/>: leaving the market out means it); otherwise its syntax (input.market), then whether a
    /// rule set is known for it (market.unknown).</summary>
    public static Violation? Check(string? market) =>
        market is null || MarketRuleSet.For(market) is not null ? null
            : !Ids.IsValid(market) ? new("input.market", $"'{market}' is not a market code such as JP")
            : new("market.unknown",
                $"no import rule set is known for market '{market}' (known: {string.Join(", ", MarketRuleSet.Known.Keys)})");
}
