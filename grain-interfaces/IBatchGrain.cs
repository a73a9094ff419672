using Nguon.Model;

namespace Nguon;

/// <summary>A product batch (lot), keyed by its batch code.</summary>
[Alias("nguon.IBatchGrain")]
public interface IBatchGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<Batch?> Get();
    [Alias("GetNode")] Task<BatchNode?> GetNode();
    [Alias("RecordEvent")] Task<Outcome<BatchEvent>> RecordEvent(RecordEvent command, Actor actor);
    /// <summary>Splits the batch. The same <paramref name="operationId"/> again (a retried request) applies once and
    /// answers the same children, also when the first attempt died half-way.</summary>
    [Alias("Split")] Task<Outcome<IReadOnlyList<Batch>>> Split(SplitBatch command, Actor actor, string? operationId = null);
    /// <summary>Creates this batch as the output of a merge or transformation of other batches; idempotent per
    /// <paramref name="operationId"/> like <see cref="Split"/>.</summary>
    [Alias("Combine")] Task<Outcome<Batch>> Combine(CombineBatches command, Actor actor, string? operationId = null);

    // Internal protocol between grains (not exposed over HTTP).
    [Alias("Create")] Task<Outcome<Batch>> Create(BatchCreation creation, Actor actor);
    /// <summary>The batch and the operation that created it (a retried split recognises its own children).</summary>
    [Alias("GetCreation")] Task<BatchCreated?> GetCreation();
    [Alias("AbortCreation")] Task AbortCreation(string operationId);
    [Alias("Reserve")] Task<Outcome<Batch>> Reserve(string operationId, Quantity quantity, string outputCode, DateTimeOffset eventTime, Actor actor);
    [Alias("CommitReservation")] Task<Outcome<ParentLink>> CommitReservation(string operationId, Quantity quantity, string outputCode, OriginKind kind, DateTimeOffset eventTime, Actor actor);
    [Alias("ReleaseReservation")] Task ReleaseReservation(string operationId);
}

/// <summary>A sealed page of a batch's older events, keyed "{batch}#{page}". Written once, then only read.</summary>
[Alias("nguon.IBatchEventPageGrain")]
public interface IBatchEventPageGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<IReadOnlyList<BatchEvent>> Get();
    [Alias("Seal")] Task Seal(IReadOnlyList<BatchEvent> events);
}

/// <summary>Queries across the chain. A stateless worker: any silo answers, no hot singleton.</summary>
[Alias("nguon.ITraceGrain")]
public interface ITraceGrain : IGrainWithIntegerKey
{
    [Alias("Backward")] Task<Outcome<ProvenanceGraph>> Backward(string batchCode);
    [Alias("Forward")] Task<Outcome<DescendantGraph>> Forward(string batchCode);
    [Alias("RecallScope")] Task<Outcome<DescendantGraph>> RecallScope(string farmCode, string season);
    /// <summary>Verifies the batch's own GI claim, or the GI a label claims for it when <paramref name="claimedGi"/> is given.</summary>
    [Alias("Verify")] Task<Outcome<Verification>> Verify(string batchCode, string? claimedGi);
    /// <summary>The buyer's view of a verification (see <see cref="PublicVerification"/>).</summary>
    [Alias("VerifyPublic")] Task<Outcome<PublicVerification>> VerifyPublic(string batchCode, string? claimedGi);
    /// <summary>Verification with a destination market's import rules: <paramref name="market"/> (e.g. "JP"), or by
    /// default the country of the organisation the batch is shipped to or held by, when a rule set exists for it.</summary>
    [Alias("VerifyForMarket")] Task<Outcome<Verification>> VerifyForMarket(string batchCode, string? claimedGi, string? market);
    /// <summary>What a signed dossier states: the backward chain, its verification and market check, and every
    /// document attached to its batches, farms and certificates.</summary>
    [Alias("Dossier")] Task<Outcome<DossierContent>> Dossier(string batchCode, string? market);
    /// <summary>Only the documents a dossier lists (those attached to the backward chain's batches, farms and
    /// certificates), without verifying the chain: to check that a document belongs to a lot's dossier.</summary>
    [Alias("DossierDocuments")] Task<Outcome<IReadOnlyList<SubjectDocuments>>> DossierDocuments(string batchCode);
}
