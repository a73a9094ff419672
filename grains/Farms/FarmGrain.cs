using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Farms;

/// <summary>Persisted state of a farm. Bounded: its profile, its few GI authorisations (each with a capped
/// status history) and the list of seasons it harvested in (one per year). Harvest ledgers live in
/// per-season grains.</summary>
public sealed class FarmState
{
    public Farm? Farm { get; set; }
    /// <summary>The operation that registered the farm, so a retried registration answers 201 again.</summary>
    public string? RegisteredBy { get; set; }
    /// <summary>Authorisation commands applied recently with an operation id (a ring of
    /// <see cref="Nguon.Infrastructure.RecentOperations.Kept"/>), so a retry applies once.</summary>
    public List<string> RecentOperations { get; set; } = [];
}

[GrainType("farm")]
public sealed class FarmGrain(
    [PersistentState("farm", Storage.Name)] IPersistentState<FarmState> state,
    IGrainFactory grains,
    TimeProvider clock) : Grain, IFarmGrain
{
    public const int MaxAuthorisations = 20;
    public const int MaxSeasons = 100;

    private string Code => this.GetPrimaryKeyString();

    public async Task<Outcome<Farm>> Get(Actor reader)
    {
        var read = Readable(reader);
        return read.IsOk ? Outcome<Farm>.Ok(await WithSeasonTotals(read.Value!)) : read;
    }

    public async Task<Outcome<FarmSeason>> GetSeason(string season, Actor reader)
    {
        var read = Readable(reader);
        return read.IsOk
            ? Outcome<FarmSeason>.Ok(await grains.GetGrain<IFarmSeasonGrain>(SeasonKey(Code, season)).GetLedger())
            : read.As<FarmSeason>();
    }

    private Outcome<Farm> Readable(Actor reader) =>
        Permissions.Read(state.State.Farm, new("farm.unknown", $"farm {Code} is not registered"), f => Permissions.ReadFarm(reader, f));

    private async Task<Farm> WithSeasonTotals(Farm farm)
    {
        var seasons = await Fanout.Map(farm.Seasons, s => grains.GetGrain<IFarmSeasonGrain>(SeasonKey(Code, s.Season)).GetLedger());
        return farm with { Seasons = [.. seasons.Select(s => new SeasonTotal(s.Season, s.HarvestedKg, s.Batches.Count))] };
    }

    // Internal protocol (no read check): see IFarmGrain.
    public Task<Farm?> GetProfile() => Task.FromResult(state.State.Farm);

    public async Task<Outcome<Farm>> Register(RegisterFarm command, Actor actor, string? operationId = null)
    {
        if (Permissions.RegisterFarm(actor, command.Owner) is { } denied) return Outcome<Farm>.Forbidden(denied);
        if (state.State.Farm is { } registered)
            return operationId is not null && state.State.RegisteredBy == operationId
                ? Outcome<Farm>.Ok(registered)
                : Outcome<Farm>.Conflict("farm.exists", $"farm {Code} is already registered");
        var v = new List<Violation>();
        if (string.IsNullOrWhiteSpace(command.Name) || string.IsNullOrWhiteSpace(command.Owner))
            v.Add(new("input.name", "a farm has a name and an owner or cooperative"));
        if (command.Address is null || string.IsNullOrWhiteSpace(command.Address.Commune) || string.IsNullOrWhiteSpace(command.Address.Province))
            v.Add(new("input.address", "a farm has a commune, district and province"));
        if (!Geo.TryParse(command.LocationGeoJson, Geo.LocationTypes, out _, out var error))
            v.Add(new("input.geojson", $"location: {error}"));
        if (command.AreaHa <= 0 || command.AreaHa > 100_000) v.Add(new("input.area", "area in ha must be positive"));
        if (v.Count > 0) return Outcome<Farm>.Rejected(v);
        state.State.Farm = new Farm(Code, command.Name, command.Owner, command.Address!, command.LocationGeoJson, command.AreaHa,
            command.Crops ?? [], [], [], clock.GetUtcNow());
        state.State.RegisteredBy = operationId;
        await state.WriteStateAsync();
        return Outcome<Farm>.Ok(state.State.Farm);
    }

    public async Task<Outcome<Farm>> Authorise(AuthoriseFarm command, Actor actor, string? operationId = null)
    {
        if (Permissions.Authority(actor, "authorise farms") is { } denied) return Outcome<Farm>.Forbidden(denied);
        if (state.State.Farm is not { } farm) return Outcome<Farm>.NotFound("farm.unknown", $"farm {Code} is not registered");
        if (state.State.RecentOperations.Applied(operationId)) return Outcome<Farm>.Ok(await WithSeasonTotals(farm));
        var cert = await grains.GetGrain<ICertificateGrain>(command.GiNumber).Get();
        var v = GiRules.CheckAuthorisation(farm, cert, command, clock.GetUtcNow());
        if (farm.Authorisations.Count >= MaxAuthorisations) v.Add(new("input.authorisations", $"a farm holds at most {MaxAuthorisations} authorisations"));
        if (v.Count > 0) return Outcome<Farm>.Rejected(v);
        var others = farm.Authorisations.Where(a => a.GiNumber != command.GiNumber || a.ValidFrom != command.ValidFrom);
        state.State.Farm = farm with
        {
            Authorisations = [.. others, new GiAuthorisation(command.GiNumber, command.ValidFrom, command.ValidTo, command.DecisionReference, CertificateStatus.Active, [])],
        };
        state.State.RecentOperations = state.State.RecentOperations.With(operationId);
        await state.WriteStateAsync();
        return Outcome<Farm>.Ok(await WithSeasonTotals(state.State.Farm!));
    }

    public async Task<Outcome<Farm>> ChangeAuthorisation(string giNumber, ChangeStatus command, Actor actor, string? operationId = null)
    {
        if (Permissions.Authority(actor, "change farm authorisations") is { } denied) return Outcome<Farm>.Forbidden(denied);
        if (state.State.Farm is not { } farm) return Outcome<Farm>.NotFound("farm.unknown", $"farm {Code} is not registered");
        if (state.State.RecentOperations.Applied(operationId)) return Outcome<Farm>.Ok(farm);
        var auth = farm.Authorisations.LastOrDefault(a => a.GiNumber == giNumber);
        if (auth is null) return Outcome<Farm>.NotFound("authorisation.unknown", $"farm {Code} holds no authorisation for GI {giNumber}");
        var v = GiRules.CheckStatusChange(auth.Status, command, $"the authorisation of {Code} for GI {giNumber}");
        if (v.Count > 0) return Outcome<Farm>.Rejected(v);
        var change = new StatusChange(command.EffectiveAt ?? clock.GetUtcNow(), command.Status, command.Reason, actor.Organisation);
        // The change applies to the farm's right to use the GI, so to every authorisation it holds for it.
        state.State.Farm = farm with
        {
            Authorisations = [.. farm.Authorisations.Select(a => a.GiNumber != giNumber || a.Status == CertificateStatus.Revoked
                ? a
                : a with { Status = command.Status, StatusHistory = [.. a.StatusHistory.TakeLast(50), change] })],
        };
        state.State.RecentOperations = state.State.RecentOperations.With(operationId);
        await state.WriteStateAsync();
        return Outcome<Farm>.Ok(state.State.Farm);
    }

    public async Task<Outcome<Batch>> RecordHarvest(RecordHarvest command, Actor actor)
    {
        if (state.State.Farm is not { } farm) return Outcome<Batch>.NotFound("farm.unknown", $"farm {Code} is not registered");
        if (Permissions.RecordHarvest(actor, farm) is { } denied) return Outcome<Batch>.Forbidden(denied);
        var now = clock.GetUtcNow();
        var v = HarvestValidation.Check(command, now);
        if (v.Count > 0) return Outcome<Batch>.Rejected(v);

        var season = command.HarvestedAt.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var seasonGrain = grains.GetGrain<IFarmSeasonGrain>(SeasonKey(Code, season));
        var batchGrain = grains.GetGrain<IBatchGrain>(command.BatchCode);
        var certTask = command.GiClaim is null ? Task.FromResult<Certificate?>(null) : grains.GetGrain<ICertificateGrain>(command.GiClaim).Get();
        var ledgerTask = seasonGrain.GetLedger();
        var existingTask = batchGrain.GetRecord();
        var labelTask = command.Gtin is { } gtin && command.Lot is { } lot
            ? grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(gtin, lot)).Get()
            : Task.FromResult<string?>(null);
        await Task.WhenAll(certTask, ledgerTask, existingTask, labelTask);
        var ledger = ledgerTask.Result;
        var operationId = $"harvest:{Code}:{command.BatchCode}";
        var retry = ledger.Batches.Contains(command.BatchCode);
        if (existingTask.Result is { } existing)
            return existing.Origin.Farm == Code && retry
                ? Outcome<Batch>.Ok(existing) // the same harvest sent again
                : Outcome<Batch>.Conflict("batch.exists", $"batch {command.BatchCode} already exists");

        if (labelTask.Result is { } labelled && labelled != command.BatchCode)
            v.Add(new("label.taken", $"GTIN {command.Gtin} lot {command.Lot} already labels batch {labelled}"));
        var cert = certTask.Result;
        var alreadyCounted = retry ? Units.ToKg(command.Quantity) ?? 0 : 0;
        v.AddRange(GiRules.CheckHarvestClaim(farm, cert, command, ledger.HarvestedKg - alreadyCounted, now));
        if (v.Count > 0) return Outcome<Batch>.Rejected(v);

        // The season ledger is the authority on the yield limit: it re-checks atomically, so two concurrent
        // harvests cannot both squeeze under it.
        var reserved = await seasonGrain.Reserve(command.BatchCode, Units.ToKg(command.Quantity) ?? 0, cert is null ? null : GiRules.SeasonLimitKg(farm, cert));
        if (!reserved.IsOk) return reserved.As<Batch>();
        var created = await batchGrain.Create(new BatchCreation(operationId, command.Product, command.Variety, command.Quantity,
            command.GiClaim, farm.Owner, new BatchOrigin(OriginKind.Harvest, Code, season, [], null), command.HarvestedAt, Code,
            command.Gtin, command.Lot, "ObjectEvent", "commissioning", []), actor);
        if (!created.IsOk)
        {
            await seasonGrain.Release(command.BatchCode);
            return created;
        }
        NguonTelemetry.HarvestedKg.Add((double)(Units.ToKg(command.Quantity) ?? 0), new KeyValuePair<string, object?>("gi", command.GiClaim ?? "none"));
        if (!farm.Seasons.Any(s => s.Season == season))
        {
            state.State.Farm = farm with { Seasons = [.. farm.Seasons.TakeLast(MaxSeasons - 1), new SeasonTotal(season, 0, 0)] };
            await state.WriteStateAsync();
        }
        return created;
    }


    public static string SeasonKey(string farm, string season) => $"{farm}/{season}";
}
