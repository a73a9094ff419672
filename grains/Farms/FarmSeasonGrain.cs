using Nguon.Model;

namespace Nguon.Farms;

/// <summary>Persisted harvest ledger of one farm in one season. Bounded by <see cref="FarmSeasonGrain.MaxHarvests"/>.</summary>
public sealed class FarmSeasonState
{
    public decimal HarvestedKg { get; set; }
    /// <summary>Harvest batches in the order recorded, with their mass in kg.</summary>
    public Dictionary<string, decimal> KgByBatch { get; set; } = [];
}

[GrainType("farm-season")]
public sealed class FarmSeasonGrain(
    [PersistentState("season", Storage.Name)] IPersistentState<FarmSeasonState> state) : Grain, IFarmSeasonGrain
{
    /// <summary>A household farm harvests tens of lots a season; a cooperative registers its plots as farms.</summary>
    public const int MaxHarvests = 2000;

    private (string Farm, string Season) Key
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var slash = key.LastIndexOf('/');
            return (key[..slash], key[(slash + 1)..]);
        }
    }

    // Internal protocol (no read check): readers go through IFarmGrain.GetSeason.
    public Task<FarmSeason> GetLedger() => Task.FromResult(View());

    public async Task<Outcome<FarmSeason>> Reserve(string batchCode, decimal kg, decimal? limitKg)
    {
        if (state.State.KgByBatch.ContainsKey(batchCode)) return Outcome<FarmSeason>.Ok(View());
        if (state.State.KgByBatch.Count >= MaxHarvests)
            return Outcome<FarmSeason>.Rejected("farm.season-full", $"farm {Key.Farm} already recorded {MaxHarvests} harvests in {Key.Season}");
        if (limitKg is { } limit && state.State.HarvestedKg + kg > limit)
            return Outcome<FarmSeason>.Rejected("gi.yield-exceeded", $"farm {Key.Farm} would harvest {state.State.HarvestedKg + kg:0.###} kg in {Key.Season}, above its plausible maximum of {limit:0.###} kg");
        state.State.HarvestedKg += kg;
        state.State.KgByBatch[batchCode] = kg;
        await state.WriteStateAsync();
        return Outcome<FarmSeason>.Ok(View());
    }

    public async Task Release(string batchCode)
    {
        if (!state.State.KgByBatch.Remove(batchCode, out var kg)) return;
        state.State.HarvestedKg -= kg;
        await state.WriteStateAsync();
    }

    private FarmSeason View() => new(Key.Farm, Key.Season, state.State.HarvestedKg, [.. state.State.KgByBatch.Keys]);
}
