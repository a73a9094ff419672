using Nguon.Model;

namespace Nguon;

/// <summary>A farm (growing area), keyed by its growing-area code. It holds its own GI authorisations, so a
/// certificate with thousands of authorised farms keeps no list of them.</summary>
/// <remarks>Reads take the reader (Domain/Permissions.ReadFarm): the owner, inspectors, the authority.</remarks>
[Alias("nguon.IFarmGrain")]
public interface IFarmGrain : IGrainWithStringKey
{
    /// <summary>The farm with its authorisations and season totals, for whoever may read it.</summary>
    [Alias("Get")] Task<Outcome<Farm>> Get(Actor reader);
    /// <summary>One season's harvest ledger, for whoever may read the farm.</summary>
    [Alias("GetSeason")] Task<Outcome<FarmSeason>> GetSeason(string season, Actor reader);
    // operationId: a retried request with the same id applies once and answers as the first did.
    [Alias("Register")] Task<Outcome<Farm>> Register(RegisterFarm command, Actor actor, string? operationId = null);
    [Alias("Authorise")] Task<Outcome<Farm>> Authorise(AuthoriseFarm command, Actor actor, string? operationId = null);
    [Alias("ChangeAuthorisation")]
    Task<Outcome<Farm>> ChangeAuthorisation(string giNumber, ChangeStatus command, Actor actor, string? operationId = null);
    [Alias("RecordHarvest")] Task<Outcome<Batch>> RecordHarvest(RecordHarvest command, Actor actor);
    /// <summary>Recalls every harvest of the season (inspectors and the authority), and so everything they reached.</summary>
    [Alias("RecallSeason")] Task<Outcome<SeasonRecall>> RecallSeason(string season, RecallBatch command, Actor actor);

    /// <summary>Internal protocol (grains only; no read check, the caller has checked its reader): the farm as
    /// stored, its seasons listed without their totals (no call to the season ledgers).</summary>
    [Alias("GetProfile")] Task<Farm?> GetProfile();

    /// <summary>Internal protocol (traces): the farm's log with its signed head, from which the profile is derived;
    /// null when it is not registered.</summary>
    [Alias("GetLog")] Task<FarmLog?> GetLog();
}

/// <summary>One farm's harvest ledger for one season, keyed "{farm}/{season}".</summary>
/// <remarks>Internal: only grains call it. Readers go through <see cref="IFarmGrain.GetSeason"/>, which checks them
/// (the ledger does not know the farm's owner, and asking the farm from here could deadlock with the farm's own
/// calls to its ledgers).</remarks>
[Alias("nguon.IFarmSeasonGrain")]
public interface IFarmSeasonGrain : IGrainWithStringKey
{
    /// <summary>Internal: the ledger without a read check.</summary>
    [Alias("GetLedger")] Task<FarmSeason> GetLedger();
    /// <summary>Atomically adds a harvest if the season total stays within the limit; idempotent per batch.</summary>
    [Alias("Reserve")] Task<Outcome<FarmSeason>> Reserve(string batchCode, decimal kg, decimal? limitKg);
    [Alias("Release")] Task Release(string batchCode);
}
