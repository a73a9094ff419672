using Nguon.Batches;
using Nguon.Certificates;
using Nguon.Domain.Certificates;
using Nguon.Domain.Farms;
using Nguon.Domain.ReadModel;
using Nguon.Farms;
using Nguon.Model;
using Nguon.Organisations;

namespace Nguon.Silo.ReadModel;

/// <summary>The records the read model keeps.</summary>
public enum ReadKind { Batch, Farm, Certificate, Organisation }

/// <summary>What one grain write changes in the read model, labelled with the grain row's version: the store applies it
/// only over an older version, so a late or repeated projection never takes a row back.</summary>
public abstract record Projection(ReadKind Kind, string Key, int Version)
{
    /// <summary>True when it carries the record whole (a sweep or a rebuild): its rows replace what is stored, also at
    /// the same version, instead of adding to it.</summary>
    public bool Whole { get; init; }
}

public sealed record BatchProjection(BatchRow Row, IReadOnlyList<EventRow> Events, IReadOnlyList<LineageRow> Lineage, int Version)
    : Projection(ReadKind.Batch, Row.Code, Version)
{
    /// <summary>True when the stored former holders are known to be <see cref="BatchRow.FormerHolders"/> already (this silo
    /// projected the version before, with the same holders): its rm_batch_holders statements are left out. They change only
    /// with custody, and rewriting them cost a third of an append's projection in PostgreSQL.</summary>
    public bool HoldersStored { get; init; }
}

public sealed record FarmProjection(FarmRow Row, int Version) : Projection(ReadKind.Farm, Row.Code, Version);

public sealed record CertificateProjection(CertificateRow Row, int Version) : Projection(ReadKind.Certificate, Row.Number, Version);

public sealed record OrganisationProjection(OrganisationRow Row, int Version) : Projection(ReadKind.Organisation, Row.Id, Version);

/// <summary>The record is gone (a creation taken back): its rows are deleted.</summary>
public sealed record Removal(ReadKind Kind, string Key) : Projection(Kind, Key, int.MaxValue);

/// <summary>Grain states (what the storage provider is handed) and whole records (what a grain answers) as projections.</summary>
public static class Projections
{
    /// <summary>The projection of a written grain state, or null for a state the read model does not keep. A batch's
    /// write carries its open page: the events written since the last sealed page, which include every new one.</summary>
    public static Projection? Of(string key, object? state, int version) => state switch
    {
        BatchState { Batch: { } b } s => Batch(b, s.CreatedEventTime, s.OpenPage, version),
        FarmState { Log.Count: > 0 } s when FarmChain.Fold(key, s.Log) is { } farm => new FarmProjection(ReadRows.Farm(farm), version),
        CertificateState { Log.Count: > 0 } s when CertificateChain.Fold(key, s.Log) is { } certificate =>
            new CertificateProjection(ReadRows.Certificate(certificate), version),
        OrganisationState { Organisation: { } o } => new OrganisationProjection(ReadRows.Organisation(o), version),
        _ => null,
    };

    /// <summary>A batch's projection: its row as of the last of <paramref name="events"/> (its events since a sealed page, or
    /// all), with the events whose sequence is above <paramref name="after"/>.</summary>
    public static BatchProjection Batch(Batch b, DateTimeOffset createdEventTime, IReadOnlyList<BatchEvent> events, int version,
        int after = 0) => new(
        ReadRows.Batch(b, createdEventTime, events.Count > 0 ? events[^1].EventTime : createdEventTime),
        [.. events.Where(e => e.Sequence > after).Select(e => ReadRows.Event(b.Code, e))], ReadRows.Lineage(b), version);

    /// <summary>A batch whole, from its node (every event).</summary>
    public static BatchProjection Whole(BatchNode node, int version) =>
        Batch(node.Batch, node.Events.Count > 0 ? node.Events[0].EventTime : node.Batch.CreatedAt, node.Events, version) with
        {
            Whole = true,
        };

    /// <summary>The grain type whose stored rows hold <paramref name="kind"/>'s records.</summary>
    public static string GrainType(ReadKind kind) => kind switch
    {
        ReadKind.Batch => "batch",
        ReadKind.Farm => "farm",
        ReadKind.Certificate => "certificate",
        ReadKind.Organisation => "organisation",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "the read model keeps no such records"),
    };
}
