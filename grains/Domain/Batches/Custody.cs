using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>Who holds a batch and where it is headed after an event: shipping puts it in transit to the named
/// destination, receiving hands custody to that destination (the previous custodian becomes a former custodian), a
/// recall or destruction closes it.</summary>
public static class Custody
{
    /// <summary>The most former custodians a header keeps (the batch's row is rewritten whole on every write, so it
    /// stays bounded). When a hand-over would exceed it, the batch's creator (its first custodian: the producer, the packer
    /// that split or merged) is kept and the oldest of the others is dropped: an organisation that held the lot that long
    /// ago and only in between then reads it no more (inspectors and the authority still do).</summary>
    public const int MaxFormerCustodians = 16;

    /// <summary>The header after an event with this step, disposition and (for shipping) destination.</summary>
    public static Batch After(Batch batch, string bizStep, string? disposition, string? destination)
    {
        var status = StatusAfter(batch.Status, bizStep, disposition);
        if (BizStep.Shipping.Is(bizStep))
            return batch with { Status = status, Destination = destination };
        if (BizStep.Receiving.Is(bizStep))
        {
            var custodian = batch.Destination ?? batch.Custodian;
            return batch with
            {
                Status = status,
                Custodian = custodian,
                Destination = null,
                FormerCustodians = HandedOver(batch, custodian),
            };
        }
        // Any other event keeps a shipment's destination only while the batch is still on its way.
        return batch with { Status = status, Destination = status == BatchStatus.InTransit ? batch.Destination : null };
    }

    /// <summary>The former custodians once <paramref name="next"/> takes custody from the current custodian: it joins
    /// them (newest last), the new custodian leaves them, and the list is cut to <see cref="MaxFormerCustodians"/>.</summary>
    private static List<string> HandedOver(Batch batch, string next)
    {
        var former = (batch.FormerCustodians ?? []).Append(batch.Custodian)
            .Where(o => !string.IsNullOrEmpty(o) && o != next).Distinct(StringComparer.Ordinal).ToList();
        if (former.Count == 0) return former;
        var creator = batch.FirstCustodian is { } first && former.Contains(first) ? first : former[0];
        while (former.Count > MaxFormerCustodians) former.RemoveAt(former[0] == creator ? 1 : 0);
        return former;
    }

    /// <summary>The status an event leaves the batch in. A recall wins over everything, then destruction.</summary>
    public static BatchStatus StatusAfter(BatchStatus current, string bizStep, string? disposition)
    {
        if (Disposition.Recalled.Is(disposition)) return BatchStatus.Recalled;
        if (Disposition.Destroyed.Is(disposition) || BizStep.Destroying.Is(bizStep)) return BatchStatus.Consumed;
        if (BizStep.Shipping.Is(bizStep)) return BatchStatus.InTransit;
        if (BizStep.Receiving.Is(bizStep)) return BatchStatus.Active;
        return current;
    }
}
