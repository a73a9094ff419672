using Nguon.Model;
using Orleans.Concurrency;

namespace Nguon;

/// <summary>A product batch (lot), keyed by its batch code.</summary>
/// <remarks>Reads that return a batch's record take the reader and answer NotFound, Forbidden or Ok
/// (Domain/Permissions.ReadBatch). <see cref="GetLabel"/> is the public projection. The methods under
/// "Internal protocol" check no reader: only grains call them, after checking their own caller.</remarks>
[Alias("nguon.IBatchGrain")]
public interface IBatchGrain : IGrainWithStringKey
{
    /// <summary>The batch's record, for whoever may read it (custodian, receiver, inspectors, authority).</summary>
    [Alias("Get")] Task<Outcome<Batch>> Get(Actor reader);
    /// <summary>The batch's EPCIS events, oldest first, with hashes, for whoever may read its record.</summary>
    [Alias("GetEvents")] Task<Outcome<IReadOnlyList<BatchEvent>>> GetEvents(Actor reader);
    /// <summary>Public: what a printed label shows (GTIN, lot, product, GI); refused when the batch has no label.</summary>
    [Alias("GetLabel")] Task<Outcome<PublicLabel>> GetLabel();
    [Alias("RecordEvent")] Task<Outcome<BatchEvent>> RecordEvent(RecordEvent command, Actor actor);
    /// <summary>Recalls the batch (inspectors and the authority), consumed or not: a hashed <c>holding</c> event with
    /// disposition <c>recalled</c> and the reason. Every descendant's verification then says recalled.</summary>
    [Alias("Recall")] Task<Outcome<BatchEvent>> Recall(RecallBatch command, Actor actor);
    /// <summary>Splits the batch. The same <paramref name="operationId"/> again (a retried request) applies once and
    /// answers the same children, also when the first attempt died half-way.</summary>
    [Alias("Split")] Task<Outcome<IReadOnlyList<Batch>>> Split(SplitBatch command, Actor actor, string? operationId = null);
    /// <summary>Creates this batch as the output of a merge or transformation of other batches; idempotent per
    /// <paramref name="operationId"/> like <see cref="Split"/>.</summary>
    [Alias("Combine")] Task<Outcome<Batch>> Combine(CombineBatches command, Actor actor, string? operationId = null);

    // Internal protocol between grains (not exposed over HTTP). The reads here check no reader: the calling grain
    // has checked its caller (a trace checked the reader on its root; a document grain applies its subject's rules;
    // a harvest, split or merge reads only to decide its own command).

    /// <summary>Internal: the record without a read check (null when the batch does not exist).</summary>
    [Alias("GetRecord")] Task<Batch?> GetRecord();
    /// <summary>Internal: the record and its events without a read check, for a trace rooted at a checked batch.</summary>
    [Alias("GetNode")] Task<BatchNode?> GetNode();
    /// <summary>Internal: the record with its events from sequence <paramref name="fromSequence"/> on only (not a node to
    /// verify: its older events are left out), for the EPCIS projection of recent events.</summary>
    [Alias("GetNodeFrom")] Task<BatchNode?> GetNodeFrom(int fromSequence);
    /// <summary>Internal: the number of events recorded (null when the batch does not exist), for a scan's freshness check.</summary>
    [Alias("GetEventCount")] Task<int?> GetEventCount();
    /// <summary>Internal: what the batch's decisions read (null when it does not exist), with the events recorded under
    /// <paramref name="ids"/> (event or operation ids), for a command decided in memory before it is applied.</summary>
    [Alias("GetCheckState")] Task<BatchCheckState?> GetCheckState(IReadOnlyList<string> ids);
    [Alias("Create")] Task<Outcome<Batch>> Create(BatchCreation creation, Actor actor);
    /// <summary>Internal: the batch and the operation that created it (a retried split recognises its own children).</summary>
    [Alias("GetCreation")] Task<BatchCreated?> GetCreation();
    [Alias("AbortCreation")] Task AbortCreation(string operationId);
    [Alias("Reserve")]
    Task<Outcome<Batch>> Reserve(string operationId, Quantity quantity, string outputCode, DateTimeOffset eventTime, Actor actor);
    [Alias("CommitReservation")]
    Task<Outcome<ParentLink>> CommitReservation(
        string operationId, Quantity quantity, string outputCode, OriginKind kind, DateTimeOffset eventTime, Actor actor);
    [Alias("ReleaseReservation")] Task ReleaseReservation(string operationId);
}

/// <summary>A sealed page of a batch's older events, keyed "{batch}#{page}". Written once, then only read.</summary>
/// <remarks>Internal: only its batch reads it, for a reader the batch has checked.</remarks>
[Alias("nguon.IBatchEventPageGrain")]
public interface IBatchEventPageGrain : IGrainWithStringKey
{
    [Alias("Get")] Task<IReadOnlyList<BatchEvent>> Get();
    [Alias("Seal")] Task Seal(IReadOnlyList<BatchEvent> events);
}

/// <summary>Queries across the chain. A stateless worker: any silo answers, no hot singleton.</summary>
/// <remarks>Every query but <see cref="VerifyPublic"/> takes the reader and checks it on the root (a batch:
/// Permissions.ReadTrace; a farm: Permissions.ReadFarm) before walking: whoever may read the root receives its
/// ancestors or descendants as part of its answer.</remarks>
[Alias("nguon.ITraceGrain")]
public interface ITraceGrain : IGrainWithIntegerKey
{
    [Alias("Backward")] Task<Outcome<ProvenanceGraph>> Backward(string batchCode, Actor reader);
    [Alias("Forward")] Task<Outcome<DescendantGraph>> Forward(string batchCode, Actor reader);
    [Alias("RecallScope")] Task<Outcome<DescendantGraph>> RecallScope(string farmCode, string season, Actor reader);
    /// <summary>Verifies the batch's own GI claim, or the GI a label claims for it when <paramref name="claimedGi"/>
    /// is given.</summary>
    [Alias("Verify")] Task<Outcome<Verification>> Verify(string batchCode, string? claimedGi, Actor reader);
    /// <summary>Public: the buyer's view of a verification (see <see cref="PublicVerification"/>); no reader.</summary>
    [Alias("VerifyPublic")] Task<Outcome<PublicVerification>> VerifyPublic(string batchCode, string? claimedGi);
    /// <summary>Verification with a destination market's import rules: <paramref name="market"/> (e.g. "JP"), or by
    /// default the country of the organisation the batch is shipped to or held by, when a rule set exists for it.</summary>
    [Alias("VerifyForMarket")]
    Task<Outcome<Verification>> VerifyForMarket(string batchCode, string? claimedGi, string? market, Actor reader);
    /// <summary>The backward trace with the verdict over it (no market check): what the inspectors' chain view draws.</summary>
    [Alias("ChainView")] Task<Outcome<CheckedGraph>> ChainView(string batchCode, Actor reader);
    /// <summary>What a signed dossier states: the backward chain, its verification and market check, and every
    /// document attached to its batches, farms and certificates.</summary>
    [Alias("Dossier")] Task<Outcome<DossierContent>> Dossier(string batchCode, string? market, Actor reader);
    /// <summary>Only the documents a dossier lists (those attached to the backward chain's batches, farms and
    /// certificates), without verifying the chain: to check that a document belongs to a lot's dossier.</summary>
    [Alias("DossierDocuments")] Task<Outcome<IReadOnlyList<SubjectDocuments>>> DossierDocuments(string batchCode, Actor reader);
}

/// <summary>A shopper's scan. A stateless worker of its own (it waits on verdicts the trace grain judges).</summary>
[Alias("nguon.IScanGrain")]
public interface IScanGrain : IGrainWithIntegerKey
{
    /// <summary>Public: the same verdict as <see cref="ITraceGrain.VerifyPublic"/>, judged over the whole chain once
    /// and kept (<see cref="IPublicVerdictGrain"/>); a scan then reads only the lot's event count and the judged
    /// certificate's version.</summary>
    [Alias("Scan")] Task<Outcome<PublicVerdict>> Scan(string batchCode, string? claimedGi);
}

/// <summary>A lot's public verdicts (one per GI a label claims for it, at most a few), keyed by batch code, kept in
/// memory only: judged from the chain's hash-checked records and never stored, so writing the database cannot
/// change one.</summary>
/// <remarks>Internal: only the trace grain calls it, for a public scan.</remarks>
[Alias("nguon.IPublicVerdictGrain")]
public interface IPublicVerdictGrain : IGrainWithStringKey
{
    /// <summary>The kept verdict, or a new one judged over the chain when none is kept or it is too old.</summary>
    [Alias("Get")] Task<Outcome<PublicVerdict>> Get(string? claimedGi);
    /// <summary>Judges again, unless the kept verdict is already newer than <paramref name="stale"/>.</summary>
    [Alias("Refresh")] Task<Outcome<PublicVerdict>> Refresh(string? claimedGi, VerdictStamp stale);
    /// <summary>Drops the kept verdicts (a recall upstream). Interleaved with a judgement in progress, which may be
    /// waiting on the very batch whose recall calls this; that judgement's result is then answered but not kept.</summary>
    [AlwaysInterleave, Alias("Forget")] Task Forget();
}
