using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>What of a batch's header its chain covers. The creation record ("nguon-batch/1") is hashed into the first
/// event's PreviousHash; every other field the verdict, the mass balance or the public projection reads is derived
/// from the (hashed) events by <see cref="Replay"/>, so an edited header changes nothing the verdict reads unnoticed.</summary>
/// <remarks>Header fields read by ChainVerifier, PublicProjection, MarketRules and the label, and how each is covered:
/// Code, Product, Variety, Quantity, GiClaim, Origin (kind, farm, season, every parent link with its quantity, parent
/// event sequence and hash and parent GI claim; yield factor), Gtin, Lot, FirstCustodian, CreatedAt: the creation
/// record. Status (recalled), Remaining and Children (the mass-balance audit), Custodian and Destination (the market a
/// lot is bound for), FormerCustodians (who may read the record, Permissions.MayReadBatch): replayed from the events, and
/// a header disagreeing with them is reported (integrity.header). FormerCustodians is not in the creation record, so
/// hashes made before it existed stay valid.
/// EventCount and HeadHash: checked against the events (integrity.count, integrity.head) and the signed head.</remarks>
public static class BatchRecord
{
    public const string Version = "nguon-batch/1";

    public static byte[] Canonical(Batch b) => CanonicalJson.Array(Version, w =>
    {
        w.WriteStringValue(b.Code);
        CanonicalJson.Nullable(w, b.Product);
        CanonicalJson.Nullable(w, b.Variety);
        CanonicalJson.Quantity(w, b.Quantity);
        CanonicalJson.Nullable(w, b.GiClaim);
        w.WriteStartArray();
        w.WriteStringValue(Kind(b.Origin.Kind));
        CanonicalJson.Nullable(w, b.Origin.Farm);
        CanonicalJson.Nullable(w, b.Origin.Season);
        CanonicalJson.List(w, b.Origin.Parents, (x, p) =>
        {
            x.WriteStartArray();
            x.WriteStringValue(p.Batch);
            CanonicalJson.Quantity(x, p.Taken);
            x.WriteNumberValue(p.ParentEventSequence);
            x.WriteStringValue(p.ParentEventHash);
            CanonicalJson.Nullable(x, p.GiClaim);
            x.WriteEndArray();
        });
        CanonicalJson.Number(w, b.Origin.YieldFactor);
        w.WriteEndArray();
        CanonicalJson.Nullable(w, b.Gtin);
        CanonicalJson.Nullable(w, b.Lot);
        CanonicalJson.Nullable(w, b.FirstCustodian);
        CanonicalJson.Time(w, b.CreatedAt);
    });

    /// <summary>The hash the batch's first event links to.</summary>
    public static string CreationHash(Batch b) => HashChain.Sha256(Canonical(b));

    /// <summary>The header as the creation record and the events make it: what the grain's decisions wrote after each
    /// event (a take or split lowers what is left and adds children, any other event moves custody and status).</summary>
    public static Batch Replay(Batch header, IReadOnlyList<BatchEvent> events)
    {
        var b = header with
        {
            Remaining = header.Quantity.Amount,
            Status = BatchStatus.Active,
            Custodian = header.FirstCustodian ?? "",
            Destination = null,
            FormerCustodians = [],
            Children = [],
        };
        foreach (var e in events.Skip(1))
        {
            if (e.Outputs is { Count: > 0 } outputs)
            {
                var remaining = b.Remaining - outputs.Where(o => Units.Compatible(o.Quantity.Unit, header.Quantity.Unit))
                    .Sum(o => Units.AmountIn(o.Quantity, header.Quantity.Unit));
                b = b with
                {
                    Remaining = remaining,
                    Status = remaining == 0 ? BatchStatus.Consumed : b.Status,
                    Children = [.. b.Children, .. outputs],
                };
            }
            else
                b = Custody.After(b, e.BizStep, e.Disposition, e.Destination);
        }
        return b with { EventCount = events.Count, HeadHash = events.Count > 0 ? events[^1].Hash : header.HeadHash };
    }

    /// <summary>The header fields that differ from what the events make them (empty when the header is true).</summary>
    public static IReadOnlyList<string> Disagreements(Batch stored, Batch replayed)
    {
        var fields = new List<string>();
        if (stored.Remaining != replayed.Remaining) fields.Add("remaining");
        if (stored.Status != replayed.Status) fields.Add("status");
        if (stored.Custodian != replayed.Custodian) fields.Add("custodian");
        if (stored.Destination != replayed.Destination) fields.Add("destination");
        if (!(stored.FormerCustodians ?? []).SequenceEqual(replayed.FormerCustodians ?? [], StringComparer.Ordinal))
            fields.Add("former custodians");
        if (!stored.Children.SequenceEqual(replayed.Children)) fields.Add("children");
        return fields;
    }

    /// <summary>The stable name of an origin kind in the canonical form.</summary>
    private static string Kind(OriginKind kind) => kind switch
    {
        OriginKind.Harvest => "harvest",
        OriginKind.Split => "split",
        OriginKind.Merge => "merge",
        OriginKind.Transformation => "transformation",
        var other => ((int)other).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
