using Nguon.Domain.Batches;
using Nguon.Domain.Organisations;
using Nguon.Model;

namespace Nguon.Domain.Farms;

/// <summary>What the farm grain loaded before deciding a harvest: the claimed GI's certificate (null when none is
/// claimed or it is not registered), the season's ledger, the batch already under that code and the batch the
/// GTIN + lot already labels, the GS1 Company Prefix of the GTIN (by GTIN-14; none when Nguon knows none), and who
/// holds the batch code's code space (<see cref="CodeSpaces.ToLookUp"/>).</summary>
public sealed record HarvestFacts(Certificate? Certificate, FarmSeason Ledger, Batch? Existing, string? LabelHolder,
    IReadOnlyDictionary<string, CompanyPrefix> Prefixes, IReadOnlyDictionary<string, string> CodeSpaceHolders);

/// <summary>An accepted harvest: the mass to reserve in the season's ledger (against the GI's limit, if claimed)
/// and the batch to create; or, for a retry, the batch the same harvest already created.</summary>
public sealed record HarvestPlan(string Season, decimal Kg, decimal? LimitKg, BatchCreation Creation, Batch? AlreadyRecorded = null);

/// <summary>A reservation in a season's ledger; <see cref="AlreadyHeld"/> when the batch holds one already.</summary>
public sealed record SeasonReservation(string BatchCode, decimal Kg, bool AlreadyHeld = false);

/// <summary>Recording a harvest: the input, who may, the GI claim (through <see cref="GiRules"/>), the label and
/// the season ledger's yield limit.</summary>
public static class HarvestDecisions
{
    /// <summary>A household farm harvests tens of lots a season; a cooperative registers its plots as farms.</summary>
    public const int MaxHarvestsPerSeason = 2000;
    public const int MaxSeasons = 100;

    /// <summary>The part of the decision that needs nothing loaded: the farm exists, the actor owns it, the input
    /// is well formed. The grain asks this first, so a refused command loads nothing.</summary>
    public static Outcome<Farm> Admit(Farm? farm, string code, RecordHarvest command, Actor actor, DateTimeOffset now)
    {
        if (farm is null) return Refusal.NotFound<Farm>(Unknown.Farm(code));
        if (Permissions.RecordHarvest(actor, farm) is { } denied) return Outcome<Farm>.Forbidden(denied);
        return Check(command, now) is { Count: > 0 } invalid ? Outcome<Farm>.Rejected(invalid) : Outcome<Farm>.Ok(farm);
    }

    /// <summary>Whether the command is well formed.</summary>
    public static List<Violation> Check(RecordHarvest command, DateTimeOffset now)
    {
        var v = new List<Violation>();
        if (InputRules.Id(command.BatchCode, "batch code") is { } code) v.Add(code);
        if (string.IsNullOrWhiteSpace(command.Product)) v.Add(new("input.product", "a harvest names its product"));
        if (Units.Check(command.Quantity, "the harvest") is { } quantity) v.Add(quantity);
        if (command.GiClaim is not null && InputRules.Id(command.GiClaim, "GI number") is { } claim) v.Add(claim);
        if (command.HarvestedAt > now.AddMinutes(10)) v.Add(new("time.future", "harvest time is in the future"));
        v.AddRange(InputRules.Label(command.Gtin, command.Lot));
        return v;
    }

    /// <summary>The whole decision, with the facts loaded: every reason the harvest is refused, or the plan.</summary>
    public static Outcome<HarvestPlan> Decide(
        Farm? farm, string code, RecordHarvest command, Actor actor, DateTimeOffset now, HarvestFacts facts)
    {
        var admitted = Admit(farm, code, command, actor, now);
        if (!admitted.IsOk) return admitted.As<HarvestPlan>();
        var plan = Plan(admitted.Value!, command, facts.Certificate);
        var retry = facts.Ledger.Batches.Contains(command.BatchCode);
        if (facts.Existing is { } existing)
            return existing.Origin.Farm == code && retry
                ? Outcome<HarvestPlan>.Ok(plan with { AlreadyRecorded = existing }) // the same harvest sent again
                : Refusal.Conflict<HarvestPlan>(new("batch.exists", $"batch {command.BatchCode} already exists"));
        var v = new List<Violation>();
        if (command is { Gtin: { } gtin, Lot: { } lot } && facts.LabelHolder is { } holder && holder != command.BatchCode)
            v.Add(InputRules.LabelTaken(gtin, lot, holder));
        v.AddRange(LabelRules.CheckLabeller(actor.Organisation, [command.Gtin], facts.Prefixes));
        v.AddRange(CodeSpaces.Check(actor, [command.BatchCode], facts.CodeSpaceHolders));
        var alreadyCounted = retry ? plan.Kg : 0;
        v.AddRange(GiRules.CheckHarvestClaim(admitted.Value!, facts.Certificate, command, facts.Ledger.HarvestedKg - alreadyCounted, now));
        return v.Count > 0 ? Outcome<HarvestPlan>.Rejected(v) : Outcome<HarvestPlan>.Ok(plan);
    }

    private static HarvestPlan Plan(Farm farm, RecordHarvest command, Certificate? cert)
    {
        var season = GiRules.SeasonOf(command.HarvestedAt);
        var origin = new BatchOrigin(OriginKind.Harvest, farm.Code, season, [], null);
        var creation = new BatchCreation(OperationId(farm.Code, command.BatchCode), command.Product, command.Variety,
            command.Quantity, command.GiClaim, farm.Owner, origin, command.HarvestedAt, farm.Code, command.Gtin, command.Lot,
            EventTypes.Object, BizStep.Commissioning, []);
        var limit = cert is null ? (decimal?)null : GiRules.SeasonLimitKg(farm, cert);
        return new HarvestPlan(season, Units.ToKg(command.Quantity) ?? 0, limit, creation);
    }

    /// <summary>The batch's creating operation: one per farm and batch code, so a retried harvest is one batch.</summary>
    public static string OperationId(string farm, string batchCode) => $"harvest:{farm}:{batchCode}";

    /// <summary>The farm with the season listed (the oldest dropped beyond <see cref="MaxSeasons"/>); null when
    /// it is listed already.</summary>
    public static Farm? WithSeason(Farm farm, string season) =>
        farm.Seasons.Any(s => s.Season == season) ? null
            : farm with { Seasons = [.. farm.Seasons.TakeLast(MaxSeasons - 1), new SeasonTotal(season, 0, 0)] };

    /// <summary>The season ledger's own decision, atomic in its grain so two concurrent harvests cannot both
    /// squeeze under the limit: a batch reserves once; the ledger is bounded; the total stays within the limit.</summary>
    public static Outcome<SeasonReservation> Reserve(FarmSeason ledger, string batchCode, decimal kg, decimal? limitKg)
    {
        if (ledger.Batches.Contains(batchCode)) return Outcome<SeasonReservation>.Ok(new(batchCode, kg, AlreadyHeld: true));
        var v = new List<Violation>();
        if (limitKg is { } limit && GiRules.CheckYield(ledger.Farm, ledger.Season, ledger.HarvestedKg + kg, limit) is { } over)
            v.Add(over);
        if (ledger.Batches.Count >= MaxHarvestsPerSeason)
            v.Add(new("farm.season-full", $"farm {ledger.Farm} already recorded {MaxHarvestsPerSeason} harvests in {ledger.Season}"));
        return v.Count > 0 ? Outcome<SeasonReservation>.Rejected(v) : Outcome<SeasonReservation>.Ok(new(batchCode, kg));
    }
}
