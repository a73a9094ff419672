using Nguon.Domain.Farms;
using Nguon.Model;

namespace Nguon.Farms;

/// <summary>Persisted harvest ledger of one farm in one season. Bounded by <see cref="HarvestDecisions.MaxHarvestsPerSeason"/>.</summary>
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
        var decided = HarvestDecisions.Reserve(View(), batchCode, kg, limitKg);
        if (!decided.IsOk) return decided.As<FarmSeason>();
        if (!decided.Value!.AlreadyHeld)
        {
            state.State.HarvestedKg += kg;
            state.State.KgByBatch[batchCode] = kg;
            await state.WriteStateAsync();
        }
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
