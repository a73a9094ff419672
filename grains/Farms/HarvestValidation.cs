using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Farms;

public static class HarvestValidation
{
    public static List<Violation> Check(RecordHarvest c, DateTimeOffset now)
    {
        var v = new List<Violation>();
        if (!Ids.IsValid(c.BatchCode)) v.Add(new("input.id", $"'{c.BatchCode}' is not a valid batch code"));
        if (string.IsNullOrWhiteSpace(c.Product)) v.Add(new("input.product", "a harvest names its product"));
        if (Units.Check(c.Quantity, "the harvest") is { } q) v.Add(q);
        if (c.GiClaim is not null && !Ids.IsValid(c.GiClaim)) v.Add(new("input.id", $"'{c.GiClaim}' is not a valid GI number"));
        if (c.HarvestedAt > now.AddMinutes(10)) v.Add(new("time.future", "harvest time is in the future"));
        if (c.Gtin is not null && !Gtin.IsValid(c.Gtin)) v.Add(new("input.gtin", $"'{c.Gtin}' is not a valid GTIN (length or check digit)"));
        if (c.Lot is not null && !Gtin.IsValidLot(c.Lot)) v.Add(new("input.lot", $"'{c.Lot}' is not a valid lot"));
        return v;
    }
}
