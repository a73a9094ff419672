using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>Who holds a batch and where it is headed after an event: shipping puts it in transit to the named
/// destination, receiving hands custody to that destination, a recall or destruction closes it.</summary>
public static class Custody
{
    /// <summary>The header after an event with this step, disposition and (for shipping) destination.</summary>
    public static Batch After(Batch batch, string bizStep, string? disposition, string? destination)
    {
        var status = StatusAfter(batch.Status, bizStep, disposition);
        if (BizStep.Shipping.Is(bizStep))
            return batch with { Status = status, Destination = destination };
        if (BizStep.Receiving.Is(bizStep))
            return batch with { Status = status, Custodian = batch.Destination ?? batch.Custodian, Destination = null };
        // Any other event keeps a shipment's destination only while the batch is still on its way.
        return batch with { Status = status, Destination = status == BatchStatus.InTransit ? batch.Destination : null };
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
