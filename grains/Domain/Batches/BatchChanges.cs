using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>An event to append (sealed) and the header that records it; or, for a retried request, the event
/// it first recorded, with nothing to write.</summary>
public sealed record EventRecording(BatchEvent Event, Batch Header, bool Replayed = false);

/// <summary>A new batch: its header and its first (commissioning or transformation) event, sealed.</summary>
public sealed record BatchOpening(Batch Header, BatchEvent First);

/// <summary>A creation sent again by the operation that made the batch: the header to keep, and whether it changed
/// (a retried split points its child at the split event that now stands, with its first event sealed again).</summary>
public sealed record BatchReopening(Batch Header, bool Changed, BatchEvent? First = null);

/// <summary>What the batch grain loaded before deciding an event.</summary>
/// <param name="AlreadyRecorded">The event already recorded on the batch under the command's event id, by whoever
/// recorded it (a retry when it is the same actor's with the same content), if any.</param>
/// <param name="DestinationRegistered">Whether the shipment's destination is a registered organisation.</param>
/// <param name="Attached">The SHA-256 hashes (lower-case hex) of the documents attached to the batch; loaded only when
/// the event cites documents.</param>
public sealed record EventFacts(BatchEvent? AlreadyRecorded = null, bool DestinationRegistered = false,
    IReadOnlySet<string>? Attached = null)
{
    public IReadOnlySet<string> AttachedDocuments => Attached ?? new HashSet<string>();
}

/// <summary>What the parent loaded before deciding a split.</summary>
/// <param name="AlreadyApplied">The split event this operation already recorded (a retry), if any.</param>
/// <param name="Existing">The batches already standing under part codes, with the operation that created each.</param>
/// <param name="LabelHolders">For each printed label (by <see cref="DigitalLink.LabelKeyFor"/>), the batch it names.</param>
/// <param name="CodeSpaceHolders">Who holds the part codes' code spaces (<see cref="Organisations.CodeSpaces.ToLookUp"/>).</param>
public sealed record SplitFacts(
    BatchEvent? AlreadyApplied,
    IReadOnlyDictionary<string, BatchCreated> Existing,
    IReadOnlyDictionary<string, string> LabelHolders,
    IReadOnlyDictionary<string, CompanyPrefix> Prefixes,
    IReadOnlyDictionary<string, string> CodeSpaceHolders);

/// <summary>A split: the parent's split event and header after it, and the children to create (each pointing at
/// that event). <see cref="Replayed"/>: the operation was applied already; <see cref="Event"/> is the one it recorded.</summary>
public sealed record SplitChange(BatchEvent Event, Batch Parent, IReadOnlyList<ChildCreation> Children, bool Replayed = false);

public sealed record ChildCreation(string Code, BatchCreation Creation);

/// <summary>A merge's or transformation's output, to be created once every take is committed: the creation with
/// the parent links still to fill in.</summary>
public sealed record CombinePlan(BatchCreation Output)
{
    public BatchCreation WithParents(IReadOnlyList<ParentLink> parents) =>
        Output with { Origin = Output.Origin with { Parents = parents } };
}

/// <summary>A committed take: the input's take event, its header after it, and the link the output records.</summary>
public sealed record TakeCommit(BatchEvent Event, Batch Header, ParentLink Link);
