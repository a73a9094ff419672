using Nguon.Model;

namespace Nguon.Batches;

/// <summary>Persisted state of a batch. Bounded: the header (with at most
/// <see cref="Domain.Batches.Custody.MaxFormerCustodians"/> former custodians), at most <see cref="BatchGrain.PageSize"/> recent
/// events (older ones are sealed into page grains), at most <see cref="BatchGrain.MaxChildren"/> children and a
/// short ring of recent operation ids.</summary>
public sealed class BatchState
{
    public Batch? Batch { get; set; }
    public string? CreationOperationId { get; set; }
    public DateTimeOffset CreatedEventTime { get; set; }
    public List<BatchEvent> OpenPage { get; set; } = [];
    public int SealedPages { get; set; }
    /// <summary>Merge/transformation takes already committed, so a retried commit answers the same link.</summary>
    public List<CommittedTake> RecentTakes { get; set; } = [];
    /// <summary>Commands applied recently with a caller-chosen operation or event id, newest last (a ring of
    /// <see cref="BatchGrain.RecentOperationsKept"/>): a retry answers with the event it first recorded.</summary>
    public List<AppliedOperation> RecentOperations { get; set; } = [];
    /// <summary>The silo's signature of the batch's head (its event count and head hash), written with it.</summary>
    public HeadSignature? HeadSignature { get; set; }
    /// <summary>The newest head the transparency log's intake had confirmed when this row was written (see
    /// <see cref="Log.HeadOutbox"/>): a row with a newer head hands it to the log again when activated.</summary>
    public int LoggedThrough { get; set; }
}

public sealed record CommittedTake(string OperationId, ParentLink Link);

public sealed record AppliedOperation(string OperationId, string Actor, int Sequence);

/// <summary>A sealed page of events: written once by its batch.</summary>
public sealed class EventPageState
{
    public List<BatchEvent> Events { get; set; } = [];
}
