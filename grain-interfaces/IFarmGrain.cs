using Nguon.Model;

namespace Nguon;

/// <summary>A farm (growing area), keyed by its growing-area code. It holds its own GI authorisations, so a
/// certificate with thousands of authorised farms keeps no list of them.</summary>
[Alias("nguon.IFarmGrain")]
public interface IFarmGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<Farm?> Get();
    /// <summary>The farm as stored: its seasons listed without their totals (no call to the season ledgers).</summary>
    [Alias("GetProfile")] Task<Farm?> GetProfile();
    // operationId: a retried request with the same id applies once and answers as the first did.
    [Alias("Register")] Task<Outcome<Farm>> Register(RegisterFarm command, Actor actor, string? operationId = null);
    [Alias("Authorise")] Task<Outcome<Farm>> Authorise(AuthoriseFarm command, Actor actor, string? operationId = null);
    [Alias("ChangeAuthorisation")] Task<Outcome<Farm>> ChangeAuthorisation(string giNumber, ChangeStatus command, Actor actor, string? operationId = null);
    [Alias("RecordHarvest")] Task<Outcome<Batch>> RecordHarvest(RecordHarvest command, Actor actor);
}

/// <summary>One farm's harvest ledger for one season, keyed "{farm}/{season}".</summary>
[Alias("nguon.IFarmSeasonGrain")]
public interface IFarmSeasonGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<FarmSeason> Get();
    /// <summary>Atomically adds a harvest if the season total stays within the limit; idempotent per batch.</summary>
    [Alias("Reserve")] Task<Outcome<FarmSeason>> Reserve(string batchCode, decimal kg, decimal? limitKg);
    [Alias("Release")] Task Release(string batchCode);
}
