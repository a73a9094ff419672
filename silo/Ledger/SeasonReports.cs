using Nguon.Domain;
using Nguon.Domain.Ledger;
using Nguon.Model;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Ledger;

/// <summary>A GI's season ledger for one reader: the GI's specification from its certificate grain (one call), the rows
/// from the read model, the figures from <see cref="SeasonLedgers"/>. The authority and inspectors read every farm's line;
/// a producer reads the season's totals and its own farms' lines; nobody else reads it.</summary>
public sealed class SeasonReports(SeasonQueries queries, IGrainFactory grains, ReadModelWatermark watermark)
{
    public async Task<Outcome<SeasonLedger>> Ledger(Actor reader, string gi, string season, CancellationToken cancellationToken)
    {
        if (Permissions.RequireRole(reader, "read a GI's season ledger", Role.Authority, Role.Inspector, Role.Admin, Role.Producer)
            is { } denied) return Outcome<SeasonLedger>.Forbidden(denied);
        if (SeasonRule(season) is { } bad) return Outcome<SeasonLedger>.Rejected([bad]);
        if (await grains.GetGrain<ICertificateGrain>(gi).Get() is not { } certificate)
            return Outcome<SeasonLedger>.NotFound("gi.certificate-unknown", $"GI {gi} is not registered");
        var mark = await watermark.Current(cancellationToken);
        var input = await queries.Input(gi, season, certificate.Specification.MaxYieldKgPerHaPerSeason, cancellationToken);
        var readsAll = reader.HasAny(Role.Authority, Role.Inspector, Role.Admin);
        return Outcome<SeasonLedger>.Ok(SeasonLedgers.Compute(input, mark.AsOf, mark.SweptAt,
            farm => readsAll || farm.Owner == reader.Organisation));
    }

    /// <summary>A season is a harvest year, 2000–2100.</summary>
    public static Violation? SeasonRule(string season) =>
        season.Length == 4 && int.TryParse(season, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100
            ? null
            : new Violation("input.season",
                $"'{(season.Length > 20 ? season[..20] + "…" : season)}' is not a season (a harvest year such as 2026)");
}
