using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Rules about GI certificates, farm authorisations and GI claims at harvest.</summary>
public static class GiRules
{
    /// <summary>The certificate's status at a moment, read from its status history.</summary>
    public static (CertificateStatus Status, StatusChange? Since) StatusAt(IReadOnlyList<StatusChange> history, DateTimeOffset at)
    {
        StatusChange? last = null;
        foreach (var change in history)
            if (change.At <= at && (last is null || change.At >= last.At)) last = change;
        return (last?.Status ?? CertificateStatus.Active, last);
    }

    public static bool InValidity(DateTimeOffset from, DateTimeOffset? to, DateTimeOffset at) => at >= from && (to is null || at <= to);

    /// <summary>Why the certificate is not usable at <paramref name="at"/>, if it is not.</summary>
    public static IEnumerable<Violation> CertificateUsable(Certificate cert, DateTimeOffset at, DateTimeOffset now)
    {
        if (!InValidity(cert.ValidFrom, cert.ValidTo, at))
            yield return new("gi.certificate-not-valid", $"GI {cert.Number} was not valid on {at:yyyy-MM-dd}");
        var (statusThen, sinceThen) = StatusAt(cert.StatusHistory, at);
        if (statusThen != CertificateStatus.Active)
            yield return new("gi.certificate-inactive",
                $"GI {cert.Number} was {Word(statusThen)} on {at:yyyy-MM-dd} (since {sinceThen!.At:yyyy-MM-dd}: {sinceThen.Reason})");
        else
        {
            var (statusNow, sinceNow) = StatusAt(cert.StatusHistory, now);
            if (statusNow != CertificateStatus.Active)
                yield return new("gi.certificate-inactive",
                    $"GI {cert.Number} {Word(statusNow)} since {sinceNow!.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC: {sinceNow.Reason}");
        }
    }

    /// <summary>Why the farm may not use the GI at <paramref name="at"/>, if it may not (judged now too, so a
    /// later suspension or revocation of the authorisation reaches every downstream batch).</summary>
    public static IEnumerable<Violation> FarmAuthorised(Farm farm, string giNumber, DateTimeOffset at, DateTimeOffset now)
    {
        // The latest decision covering the moment governs: a renewal that was later suspended is not escaped
        // through an older, overlapping authorisation.
        var valid = farm.Authorisations.LastOrDefault(a => a.GiNumber == giNumber && InValidity(a.ValidFrom, a.ValidTo, at));
        if (valid is null)
        {
            yield return new("gi.farm-not-authorised", $"farm {farm.Code} was not authorised for GI {giNumber} on {at:yyyy-MM-dd}");
            yield break;
        }
        foreach (var when in new[] { at, now })
        {
            var (status, since) = StatusAt(valid.StatusHistory, when);
            if (status != CertificateStatus.Active)
            {
                yield return new("gi.authorisation-inactive",
                    $"authorisation of farm {farm.Code} for GI {giNumber} {Word(status)} since {since!.At:yyyy-MM-dd}: {since.Reason}");
                yield break;
            }
        }
    }

    public static IEnumerable<Violation> FarmInsideArea(Farm farm, Certificate cert)
    {
        if (!Geo.Inside(farm.LocationGeoJson, cert.ProtectedAreaGeoJson))
            yield return new("gi.outside-area", $"farm {farm.Code} lies outside the protected area of GI {cert.Number}");
    }

    public static IEnumerable<Violation> ProductMatches(string product, string? variety, Certificate cert)
    {
        if (!string.Equals(product, cert.Product, StringComparison.OrdinalIgnoreCase))
            yield return new("gi.product-mismatch", $"product '{product}' is not the product of GI {cert.Number} ('{cert.Product}')");
        else if (variety is not null && cert.Varieties.Count > 0 && !cert.Varieties.Contains(variety, StringComparer.OrdinalIgnoreCase))
            yield return new("gi.variety-mismatch", $"variety '{variety}' is not among the varieties of GI {cert.Number}");
    }

    /// <summary>Authorising a farm for a GI requires the farm's location inside the protected area.</summary>
    public static List<Violation> CheckAuthorisation(Farm farm, Certificate? cert, AuthoriseFarm command, DateTimeOffset now)
    {
        var v = new List<Violation>();
        if (cert is null) return [CertificateUnknown(command.GiNumber)];
        if (cert.Status == CertificateStatus.Revoked)
            v.Add(new("gi.certificate-inactive", $"GI {cert.Number} is {Word(cert.Status)}"));
        if (command.ValidTo is { } to && to < command.ValidFrom)
            v.Add(new("input.validity", "validTo is before validFrom"));
        if (string.IsNullOrWhiteSpace(command.DecisionReference))
            v.Add(new("input.decision-reference", "an authorisation needs the authority's decision reference"));
        v.AddRange(FarmInsideArea(farm, cert));
        return v;
    }

    /// <summary>The full GI claim rule at harvest: certificate active and valid, farm authorised and inside the
    /// area, product matching, and the season's total within area × maximum yield.</summary>
    public static List<Violation> CheckHarvestClaim(
        Farm farm, Certificate? cert, RecordHarvest harvest, decimal seasonKgSoFar, DateTimeOffset now)
    {
        var v = new List<Violation>();
        if (harvest.GiClaim is null) return v;
        if (cert is null) return [CertificateUnknown(harvest.GiClaim)];
        v.AddRange(CertificateUsable(cert, harvest.HarvestedAt, now));
        v.AddRange(FarmAuthorised(farm, cert.Number, harvest.HarvestedAt, now));
        v.AddRange(FarmInsideArea(farm, cert));
        v.AddRange(ProductMatches(harvest.Product, harvest.Variety, cert));
        var kg = Units.ToKg(harvest.Quantity);
        if (kg is null) v.Add(new("gi.unit-not-mass", "a GI harvest is recorded in a mass unit (kg, g or t)"));
        else if (CheckYield(farm.Code, SeasonOf(harvest.HarvestedAt), seasonKgSoFar + kg.Value, SeasonLimitKg(farm, cert)) is { } over)
            v.Add(over);
        return v;
    }

    /// <summary>The yield rule, checked by the farm before a harvest and again by the season ledger when it
    /// reserves the mass: one wording for both.</summary>
    public static Violation? CheckYield(string farm, string season, decimal seasonKg, decimal limitKg) =>
        seasonKg <= limitKg ? null
            : new("gi.yield-exceeded", $"farm {farm} would harvest {EventHashing.Number(seasonKg)} kg in the {season} season, "
                + $"above its plausible maximum of {EventHashing.Number(limitKg)} kg (area × the GI's maximum yield per ha)");

    /// <summary>The season a harvest counts in: its calendar year where it was harvested.</summary>
    public static string SeasonOf(DateTimeOffset harvestedAt) =>
        harvestedAt.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A GI named by a command that no certificate answers to.</summary>
    public static Violation CertificateUnknown(string giNumber) => new("gi.certificate-unknown", $"GI {giNumber} is not registered");

    public static decimal SeasonLimitKg(Farm farm, Certificate cert) => farm.AreaHa * cert.Specification.MaxYieldKgPerHaPerSeason;

    /// <summary>No dilution: an output keeps a GI claim only if every input carries that same claim.</summary>
    public static string? CommonClaim(IReadOnlyList<string?> inputClaims) =>
        inputClaims.Count > 0 && inputClaims[0] is { } first && inputClaims.All(c => c == first) ? first : null;

    public static IEnumerable<Violation> CheckNoDilution(string? requestedClaim, IReadOnlyList<(string Batch, string? Claim)> inputs)
    {
        if (requestedClaim is null) yield break;
        foreach (var (batch, claim) in inputs.Where(i => i.Claim != requestedClaim))
            yield return new("gi.dilution", claim is null
                ? $"input {batch} carries no GI claim, so the output cannot claim GI {requestedClaim}"
                : $"input {batch} claims GI {claim}, not {requestedClaim}");
    }

    /// <summary>Allowed status transitions of a certificate or an authorisation: revoked is final; a change must
    /// change something.</summary>
    public static List<Violation> CheckStatusChange(CertificateStatus current, ChangeStatus change, string what)
    {
        var v = new List<Violation>();
        if (string.IsNullOrWhiteSpace(change.Reason)) v.Add(new("input.reason", "a status change needs a reason"));
        if (current == CertificateStatus.Revoked) v.Add(new("gi.revoked-final", $"{what} is {Word(current)}; revocation is final"));
        else if (current == change.Status) v.Add(new("gi.status-unchanged", $"{what} is already {Word(current)}"));
        return v;
    }

    /// <summary>The history entry of a status change: effective when the command says, else now; by the actor.</summary>
    public static StatusChange StatusEntry(ChangeStatus change, Actor actor, DateTimeOffset now) =>
        new(change.EffectiveAt ?? now, change.Status, change.Reason, actor.Organisation);

    /// <summary>The one word for a status, in refusals and verdicts alike.</summary>
    public static string Word(CertificateStatus s) => s switch
    {
        CertificateStatus.Active => "active",
        CertificateStatus.Suspended => "suspended",
        _ => "revoked",
    };
}
