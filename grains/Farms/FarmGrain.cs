using Nguon.Domain;
using Nguon.Domain.Batches;
using Nguon.Domain.Farms;
using Nguon.Infrastructure;
using Nguon.Log;
using Nguon.Model;
using Nguon.Telemetry;

namespace Nguon.Farms;

/// <summary>Persisted state of a farm. Bounded: its log (at most <see cref="HashChain.MaxEntries"/> entries: the
/// registration, every authorisation and every change of one) with the signature of its head, and the list of seasons
/// it harvested in (one per year, <see cref="HarvestDecisions.MaxSeasons"/> at most). The farm itself is not stored: it
/// is the log's fold. Harvest ledgers live in per-season grains.</summary>
public sealed class FarmState
{
    public List<FarmEntry> Log { get; set; } = [];
    /// <summary>The silo's signature of the log's head, written with it.</summary>
    public HeadSignature? HeadSignature { get; set; }
    /// <summary>The seasons harvested in (totals are the season ledgers'): not part of the log, no verdict reads them.</summary>
    public List<SeasonTotal> Seasons { get; set; } = [];
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
    IRecordSigner signer,
    TimeProvider clock) : RecordGrain(state), IFarmGrain
{
    /// <summary>The log's fold with the seasons listed, kept in memory (the state holds only the log and the seasons).</summary>
    private Farm? current;

    private string Code => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        current = Profile(FarmChain.Fold(Code, state.State.Log));
        return base.OnActivateAsync(cancellationToken);
    }

    private Farm? Profile(Farm? folded) => folded is null ? null : folded with { Seasons = [.. state.State.Seasons] };

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
        Permissions.Read(current, Unknown.Farm(Code), f => Permissions.ReadFarm(reader, f));

    private async Task<Farm> WithSeasonTotals(Farm farm)
    {
        var seasons = await Fanout.Map(farm.Seasons, s => grains.GetGrain<IFarmSeasonGrain>(SeasonKey(Code, s.Season)).GetLedger());
        return farm with { Seasons = [.. seasons.Select(s => new SeasonTotal(s.Season, s.HarvestedKg, s.Batches.Count))] };
    }

    // Internal protocol (no read check): see IFarmGrain.
    public Task<Farm?> GetProfile() => Task.FromResult(current);

    public Task<FarmLog?> GetLog() =>
        Task.FromResult(state.State.Log.Count == 0 ? null : new FarmLog(Code, [.. state.State.Log], state.State.HeadSignature));

    public async Task<Outcome<Farm>> Register(RegisterFarm command, Actor actor, string? operationId = null)
    {
        var replay = operationId is not null && state.State.RegisteredBy == operationId;
        var decided = FarmDecisions.Register(state.State.Log, Code, command, actor, clock.GetUtcNow(), replay);
        if (decided is { IsOk: true, Value.IsReplay: false })
        {
            state.State.RegisteredBy = operationId;
            await Append(decided.Value.Value);
        }
        return decided.IsOk ? Outcome<Farm>.Ok(current!) : decided.As<Farm>();
    }

    public async Task<Outcome<Farm>> Authorise(AuthoriseFarm command, Actor actor, string? operationId = null)
    {
        var cert = Ids.IsValid(command.GiNumber) ? await grains.GetGrain<ICertificateGrain>(command.GiNumber).Get() : null;
        var replay = state.State.RecentOperations.Applied(operationId);
        var decided = FarmDecisions.Authorise(state.State.Log, Code, command, cert, actor, clock.GetUtcNow(), replay);
        if (!decided.IsOk) return decided.As<Farm>();
        if (!decided.Value!.IsReplay) await Store(decided.Value.Value, operationId);
        return Outcome<Farm>.Ok(await WithSeasonTotals(current!));
    }

    public async Task<Outcome<Farm>> ChangeAuthorisation(string giNumber, ChangeStatus command, Actor actor, string? operationId = null)
    {
        var replay = state.State.RecentOperations.Applied(operationId);
        var decided = FarmDecisions.ChangeAuthorisation(state.State.Log, Code, giNumber, command, actor, clock.GetUtcNow(), replay);
        if (decided is { IsOk: true, Value.IsReplay: false }) await Store(decided.Value.Value, operationId);
        return decided.IsOk ? Outcome<Farm>.Ok(current!) : decided.As<Farm>();
    }

    private async Task Store(Logged<Farm, FarmEntry> change, string? operationId)
    {
        state.State.RecentOperations = state.State.RecentOperations.With(operationId);
        await Append(change);
    }

    /// <summary>Appends the decided entry, signs the new head, writes both, then hands the head to the log.</summary>
    private async Task Append(Logged<Farm, FarmEntry> change)
    {
        state.State.Log = [.. state.State.Log, change.Entry!];
        var head = FarmChain.Head(Code, state.State.Log);
        state.State.HeadSignature = signer.SignHead(head);
        await Save();
        var before = current?.Authorisations.Select(a => a.GiNumber) ?? [];
        current = Profile(change.Record);
        await HeadLog.Append(grains, head);
        // Verdicts judged against a GI read no farm record when scanned: its certificate says a farm changed.
        var gis = before.Concat(current!.Authorisations.Select(a => a.GiNumber)).Distinct(StringComparer.Ordinal).ToList();
        await Fanout.Each(gis, gi => grains.GetGrain<ICertificateGrain>(gi).AuthorisationChanged());
    }

    /// <summary>Writes the state; if the write fails the state in memory may be ahead of storage, so the activation
    /// is dropped and the next call reloads what was stored.</summary>
    private async Task Save()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Decides, then orchestrates: the season ledger reserves the mass (and re-checks the yield limit
    /// atomically), the batch is created, and the reservation is released if the batch is not.</summary>
    public async Task<Outcome<Batch>> RecordHarvest(RecordHarvest command, Actor actor)
    {
        var now = clock.GetUtcNow();
        var admitted = HarvestDecisions.Admit(current, Code, command, actor, now);
        if (!admitted.IsOk) return admitted.As<Batch>();
        var seasonGrain = grains.GetGrain<IFarmSeasonGrain>(SeasonKey(Code, GiRules.SeasonOf(command.HarvestedAt)));
        var batchGrain = grains.GetGrain<IBatchGrain>(command.BatchCode);
        var facts = await LoadFacts(command, actor, seasonGrain, batchGrain);
        var decided = HarvestDecisions.Decide(current, Code, command, actor, now, facts);
        if (!decided.IsOk) return decided.As<Batch>();
        var plan = decided.Value!;
        if (plan.AlreadyRecorded is { } recorded) return Outcome<Batch>.Ok(recorded);

        var reserved = await seasonGrain.Reserve(command.BatchCode, plan.Kg, plan.LimitKg);
        if (!reserved.IsOk) return reserved.As<Batch>();
        var created = await batchGrain.Create(plan.Creation, actor);
        if (!created.IsOk)
        {
            await seasonGrain.Release(command.BatchCode);
            return created;
        }
        NguonTelemetry.HarvestedKg.Add((double)plan.Kg, new KeyValuePair<string, object?>("gi", command.GiClaim ?? "none"));
        if (HarvestDecisions.WithSeason(admitted.Value!, plan.Season) is { } listed)
        {
            // Only the season list changes: the log and its signed head stay as they are.
            state.State.Seasons = [.. listed.Seasons];
            await Save();
            current = listed;
        }
        return created;
    }

    /// <summary>Recalls every harvest of the season, each in its own chain (bounded fan-out); the descendants'
    /// verdicts follow from their recalled ancestors.</summary>
    public async Task<Outcome<SeasonRecall>> RecallSeason(string season, RecallBatch command, Actor actor)
    {
        if (current is null) return Refusal.NotFound<SeasonRecall>(Unknown.Farm(Code));
        var ledger = await grains.GetGrain<IFarmSeasonGrain>(SeasonKey(Code, season)).GetLedger();
        var admitted = RecallRules.AdmitSeason(actor, Code, command, ledger);
        if (!admitted.IsOk) return admitted.As<SeasonRecall>();
        var results = await Fanout.Map(ledger.Batches,
            async b => (Batch: b, Recall: await grains.GetGrain<IBatchGrain>(b).Recall(command, actor)));
        return RecallRules.SeasonOutcome(Code, ledger, command.Reason, results);
    }

    private async Task<HarvestFacts> LoadFacts(RecordHarvest command, Actor actor, IFarmSeasonGrain seasonGrain, IBatchGrain batchGrain)
    {
        var certTask = command.GiClaim is { } gi ? grains.GetGrain<ICertificateGrain>(gi).Get() : Task.FromResult<Certificate?>(null);
        var ledgerTask = seasonGrain.GetLedger();
        var existingTask = batchGrain.GetRecord();
        var labelTask = command is { Gtin: { } gtin, Lot: { } lot }
            ? grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(gtin, lot)).Get()
            : Task.FromResult<string?>(null);
        var prefixTask = CompanyPrefixes.Of(grains, [command.Gtin]);
        var spacesTask = CodeSpaceHolders.Of(grains, actor, [command.BatchCode]);
        await Task.WhenAll(certTask, ledgerTask, existingTask, labelTask, prefixTask, spacesTask);
        return new HarvestFacts(certTask.Result, ledgerTask.Result, existingTask.Result, labelTask.Result, prefixTask.Result,
            spacesTask.Result);
    }

    public static string SeasonKey(string farm, string season) => $"{farm}/{season}";
}
