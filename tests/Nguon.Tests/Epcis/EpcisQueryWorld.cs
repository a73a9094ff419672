using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;
using Nguon.Silo.Epcis;
using Nguon.Silo.ReadModel;

namespace Nguon.Tests.Epcis;

/// <summary>One captured test event as the oracle sees it: who captured it, the lot it was applied to, its index.</summary>
public sealed record WorldEvent(int N, string EventId, string Organisation, string? Batch, IndexedEvent Index, DateTimeOffset RecordTime);

/// <summary>Thirty events of all five types, captured by two organisations in three captures: EPCs written as URNs and as
/// Digital Links, bizSteps as bare words, CURIEs and URIs, quantities, sensor reports, error declarations, and an
/// extension under a prefix of its own. <see cref="Events"/> is the oracle the query tests compare with.</summary>
public static class EpcisQueryWorld
{
    public const string OrgA = "org-a", OrgB = "org-b", ReadableLot = "LOT-B1", OtherLot = "LOT-B2";
    public static readonly DateTimeOffset Start = new(2026, 6, 10, 0, 0, 0, TimeSpan.Zero);
    public static readonly string[] Steps = ["shipping", "receiving", "packing", "inspecting"];
    private static readonly string[] Types = EpcisQueryParameters.EventTypeNames.ToArray();

    public static string Sgtin(int serial, bool link) => link
        ? EpcUrn.ToDigitalLink($"urn:epc:id:sgtin:8935000.010001.{serial}")! : $"urn:epc:id:sgtin:8935000.010001.{serial}";

    public static string Lgtin(int lot) => $"urn:epc:class:lgtin:8935000.010001.LOT{lot}";
    public static string Sgln(int n) => $"urn:epc:id:sgln:8935000.0000{n}.0";
    public static string Sscc(int n) => $"urn:epc:id:sscc:8935000.0{n:000000000}";
    public static string Device(int n) => $"urn:epc:id:giai:8935000.DEV{n}";
    public static string EventId(int n) => $"urn:uuid:00000000-0000-4000-8000-{n:000000000000}";

    public static JsonObject Event(int i)
    {
        var type = Types[i % 5];
        var time = Start.AddHours(i).ToOffset(i % 2 == 0 ? TimeSpan.FromHours(7) : TimeSpan.Zero);
        var e = new JsonObject
        {
            ["type"] = type,
            ["eventID"] = EventId(i),
            ["eventTime"] = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["eventTimeZoneOffset"] = time.ToString("zzz", CultureInfo.InvariantCulture),
        };
        if (type != "TransformationEvent") e["action"] = i % 2 == 0 ? "ADD" : "OBSERVE";
        var step = Steps[i % 4];
        e["bizStep"] = (i % 3) switch { 0 => step, 1 => "cbv:BizStep-" + step, _ => "https://ref.gs1.org/cbv/BizStep-" + step };
        e["disposition"] = i % 2 == 0 ? "in_transit" : "urn:epcglobal:cbv:disp:active";
        e["readPoint"] = new JsonObject { ["id"] = i % 2 == 0 ? Sgln(i % 3) : EpcisIndex.Canonical(Sgln(i % 3), EpcisNamespaces.Standard) };
        e["bizLocation"] = new JsonObject { ["id"] = Sgln(5 + (i % 2)) };
        var epc = Sgtin(i, link: i % 2 == 1);
        var quantity = new JsonObject { ["epcClass"] = Lgtin(i % 3), ["quantity"] = 10 * i, ["uom"] = "KGM" };
        switch (type)
        {
            case "ObjectEvent" or "TransactionEvent":
                e["epcList"] = new JsonArray(epc);
                e["quantityList"] = new JsonArray(quantity);
                if (type == "TransactionEvent")
                    e["bizTransactionList"] = new JsonArray(new JsonObject { ["type"] = "po", ["bizTransaction"] = "urn:epcglobal:cbv:bt:8935000000001:PO" + i });
                break;
            case "AggregationEvent" or "AssociationEvent":
                e["parentID"] = Sscc(i);
                e["childEPCs"] = new JsonArray(epc);
                if (type == "AggregationEvent") e["childQuantityList"] = new JsonArray(quantity);
                break;
            default:
                e["inputEPCList"] = new JsonArray(epc);
                e["outputEPCList"] = new JsonArray(Sgtin(100 + i, link: false));
                e["inputQuantityList"] = new JsonArray(quantity);
                e["outputQuantityList"] = new JsonArray(new JsonObject { ["epcClass"] = Lgtin(9), ["quantity"] = 5 * i, ["uom"] = "KGM" });
                break;
        }
        if (i % 4 == 1)
            e["sensorElementList"] = new JsonArray(new JsonObject
            {
                ["sensorMetadata"] = new JsonObject { ["deviceID"] = Device(i % 2 == 1 ? i / 4 % 2 : 0) },
                ["sensorReport"] = new JsonArray(
                    new JsonObject { ["type"] = i % 8 == 1 ? "Temperature" : "gs1:Humidity", ["value"] = 4 + i, ["uom"] = "CEL" },
                    new JsonObject { ["chemicalSubstance"] = "https://identifiers.org/inchikey:GZCGUPFRVQAUEE-SLPGGIOYSA-N", ["value"] = 0.1 }),
            });
        if (i is 7 or 22)
            e["errorDeclaration"] = new JsonObject { ["declarationTime"] = "2026-06-12T00:00:00Z", ["reason"] = "incorrect_data" };
        if (i == 3)
        {
            e["@context"] = new JsonObject { ["ex"] = "https://example.org/epcis/" };
            e["ex:note"] = "kept as captured";
        }
        return e;
    }

    /// <summary>Captures the thirty events: 0–19 by org-a (two captures), 20–29 by org-b, the even ones applied to
    /// <see cref="ReadableLot"/> (org-a its custodian), the odd ones to <see cref="OtherLot"/>.</summary>
    public static async Task<List<WorldEvent>> Capture(EpcisEventStore store, ReadModelSql sql)
    {
        var world = new List<WorldEvent>();
        foreach (var (from, to, org, record) in new[] { (0, 10, OrgA, 0), (10, 20, OrgA, 1), (20, 30, OrgB, 2) })
        {
            var recordTime = Start.AddDays(5 + record);
            var stored = new List<StoredEvent>();
            for (var i = from; i < to; i++)
            {
                var body = Event(i);
                body["recordTime"] = recordTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                var index = EpcisIndex.Of(JsonSerializer.SerializeToElement(body), EpcisNamespaces.Standard);
                var batch = org == OrgB ? (i % 2 == 0 ? ReadableLot : OtherLot) : null;
                stored.Add(new StoredEvent(EventId(i), "hash-" + i, batch, index, body.ToJsonString()));
                world.Add(new WorldEvent(i, EventId(i), org, batch, index, recordTime));
            }
            await store.Capture(stored, recordTime, "capture-" + record, org, allOrNothing: true, _ => null);
        }
        await sql.Execute([
            new Statement("""
                INSERT INTO rm_batches (service_id, code, product, quantity, unit, remaining, origin_kind, custodian, status, created_at,
                    last_event_at, event_count, head_hash, version, projected_at)
                VALUES (@s, @code, 'lychee', '10', 'kg', '10', 'harvest', @custodian, 'active', @t, @t, 1, 'h', 1, @t)
                """, [("code", ReadableLot), ("custodian", OrgA), ("t", Start)]),
        ]);
        return world;
    }
}
