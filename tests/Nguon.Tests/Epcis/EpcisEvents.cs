using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;

namespace Nguon.Tests.Epcis;

/// <summary>EPCIS 2.0 events about Nguon lots, written as a foreign system would (from the standard's shapes and the mapping
/// the README gives): lots as Nguon batch URIs, places as Nguon farm URIs, Nguon's fields under the nguon: prefix.</summary>
public static class EpcisEvents
{
    public const string Day = "2026-06-20";

    private static JsonObject Lot(string code, decimal kg) =>
        new() { ["epcClass"] = NguonEpcis.BatchUri + code, ["quantity"] = kg, ["uom"] = "KGM" };

    private static JsonObject Base(string type, string hour) => new()
    {
        ["type"] = type,
        ["eventTime"] = $"{Day}T{hour}:00.000+07:00",
        ["eventTimeZoneOffset"] = "+07:00",
    };

    public static JsonObject Harvest(string code, string farm, decimal kg, string hour = "06:00", string? gi = "VN-GI-00017")
    {
        var e = Base("ObjectEvent", hour);
        e["quantityList"] = new JsonArray(Lot(code, kg));
        e["action"] = "ADD";
        e["bizStep"] = "commissioning";
        e["readPoint"] = new JsonObject { ["id"] = NguonEpcis.FarmUri + farm };
        var ilmd = new JsonObject { ["nguon:product"] = "lychee" };
        if (gi is not null) ilmd["nguon:giClaim"] = gi;
        e["ilmd"] = ilmd;
        return e;
    }

    public static JsonObject Merge(string output, decimal outputKg, string hour, params (string Code, decimal Kg)[] inputs)
    {
        var e = Base("TransformationEvent", hour);
        e["inputQuantityList"] = new JsonArray([.. inputs.Select(i => Lot(i.Code, i.Kg))]);
        e["outputQuantityList"] = new JsonArray(Lot(output, outputKg));
        e["bizStep"] = "repackaging";
        e["ilmd"] = new JsonObject { ["nguon:giClaim"] = "VN-GI-00017" };
        return e;
    }

    public static JsonObject Split(string input, string hour, params (string Code, decimal Kg)[] parts)
    {
        var e = Base("TransformationEvent", hour);
        e["inputQuantityList"] = new JsonArray(Lot(input, parts.Sum(p => p.Kg)));
        e["outputQuantityList"] = new JsonArray([.. parts.Select(p => Lot(p.Code, p.Kg))]);
        e["bizStep"] = "repackaging";
        return e;
    }

    public static JsonObject Observe(string code, string bizStep, string hour, string? disposition = null)
    {
        var e = Base("ObjectEvent", hour);
        e["epcList"] = new JsonArray(NguonEpcis.BatchUri + code);
        e["action"] = "OBSERVE";
        e["bizStep"] = bizStep;
        if (disposition is not null) e["disposition"] = disposition;
        return e;
    }

    public static JsonObject Stored(string code, string hour, decimal celsius)
    {
        var e = Observe(code, "storing", hour);
        e["sensorElementList"] = new JsonArray(new JsonObject
        {
            ["sensorReport"] = new JsonArray(new JsonObject { ["type"] = "gs1:Temperature", ["value"] = celsius, ["uom"] = "CEL" }),
        });
        return e;
    }

    public static JsonObject Ship(string code, string to, string hour, string? from = null)
    {
        var e = Observe(code, "shipping", hour, "in_transit");
        if (from is not null)
            e["sourceList"] = new JsonArray(new JsonObject
            {
                ["type"] = "owning_party", ["source"] = NguonEpcis.OrganisationUri + from,
            });
        e["destinationList"] = new JsonArray(new JsonObject
        {
            ["type"] = "possessing_party", ["destination"] = NguonEpcis.OrganisationUri + to,
        });
        return e;
    }

    public static JsonObject Recall(string code, string hour, string reason)
    {
        var e = Observe(code, "holding", hour, "recalled");
        e["nguon:reason"] = reason;
        return e;
    }

    /// <summary>Each event's hash ID (its eventID: these events carry none), as a document of them in this order gives it.</summary>
    public static IReadOnlyList<string> HashIds(params JsonObject[] events) =>
        EventHashId.OfDocument(JsonSerializer.SerializeToElement(
            NguonEpcisForm.EpcisDocument(events.Select(e => (JsonObject)e.DeepClone()))));
}
