using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nguon.Tests.Domain.Epcis;

/// <summary>EPCIS 2.0 JSON events written for these tests from the EPCIS and CBV texts (a lychee lot of GS1 Company
/// Prefix 8935001: harvested, packed, dried, sold, tracked by a logger, shipped with sensor readings), with user
/// extensions in the namespace https://nguon.vn/epcis/ under the prefix "ng".</summary>
internal static class EpcisEvents
{
    public const string Ng = "{https://nguon.vn/epcis/}";

    public static JsonElement Context =>
        Parse("""[ "https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "ng": "https://nguon.vn/epcis/" } ]""");

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public const string Harvest = """
        {
          "type": "ObjectEvent", "eventID": "urn:uuid:6c1b4a52-0d6e-4c43-9a0b-3f2a8d7d1e01", "recordTime": "2026-06-01T09:00:00Z",
          "eventTime": "2026-06-01T08:30:00.5+07:00", "eventTimeZoneOffset": "+07:00",
          "certificationInfo": [ "https://cert.example.vn/vietgap/77", "https://cert.example.vn/gi/00121" ],
          "epcList": [],
          "quantityList": [ { "epcClass": "urn:epc:class:lgtin:8935001.012345.LOT-7", "quantity": 1200.50, "uom": "KGM" } ],
          "action": "ADD", "bizStep": "commissioning", "disposition": "active",
          "readPoint": { "id": "urn:epc:id:sgln:8935001.00001.0" },
          "bizLocation": { "id": "urn:epc:id:sgln:8935001.00002.7", "ng:plot": "B-12" },
          "ilmd": { "ng:variety": "Vải thiều", "ng:harvest": { "ng:pickers": 12, "ng:dry": true }, "cbvmda:countryOfOrigin": "VN" },
          "ng:season": "2026"
        }
        """;

    public const string HarvestPreHash = "eventType=ObjectEvent"
        + "eventTime=2026-06-01T01:30:00.500Z"
        + "eventTimeZoneOffset=+07:00"
        + "certificationInfo=https://cert.example.vn/gi/00121certificationInfo=https://cert.example.vn/vietgap/77"
        + "quantityListquantityElementepcClass=https://id.gs1.org/01/08935001123453/10/LOT-7quantity=1200.5uom=KGM"
        + "action=ADD"
        + "bizStep=https://ref.gs1.org/cbv/BizStep-commissioning"
        + "disposition=https://ref.gs1.org/cbv/Disp-active"
        + "readPointid=https://id.gs1.org/414/8935001000013"
        + "bizLocationid=https://id.gs1.org/414/8935001000020/254/7" + Ng + "plot=B-12"
        + "ilmd" + Ng + "harvest" + Ng + "dry=true" + Ng + "pickers=12" + Ng + "variety=Vải thiều"
        + "{urn:epcglobal:cbv:mda:}countryOfOrigin=VN"
        + Ng + "season=2026";

    public const string Packing = """
        {
          "type": "AggregationEvent", "eventTime": "2026-06-01T10:00:00Z", "eventTimeZoneOffset": "+07:00",
          "parentID": "urn:epc:id:sscc:8935001.0000000001",
          "childEPCs": [ "urn:epc:id:sgtin:8935001.012345.B2", "https://id.gs1.org/01/08935001123453/21/A1" ],
          "childQuantityList": [
            { "epcClass": "urn:epc:class:lgtin:8935001.054321.L2", "quantity": 20 },
            { "epcClass": "urn:epc:class:lgtin:8935001.012345.LOT-7", "quantity": 40.0, "uom": "KGM" }
          ],
          "action": "ADD", "bizStep": "packing", "disposition": "in_progress",
          "readPoint": { "id": "urn:epc:id:sgln:8935001.00001.0" }
        }
        """;

    public const string PackingPreHash = "eventType=AggregationEvent"
        + "eventTime=2026-06-01T10:00:00.000Z"
        + "eventTimeZoneOffset=+07:00"
        + "parentID=https://id.gs1.org/00/089350010000000013"
        + "childEPCsepc=https://id.gs1.org/01/08935001123453/21/A1epc=https://id.gs1.org/01/08935001123453/21/B2"
        + "childQuantityList"
        + "quantityElementepcClass=https://id.gs1.org/01/08935001123453/10/LOT-7quantity=40uom=KGM"
        + "quantityElementepcClass=https://id.gs1.org/01/08935001543213/10/L2quantity=20"
        + "action=ADD"
        + "bizStep=https://ref.gs1.org/cbv/BizStep-packing"
        + "disposition=https://ref.gs1.org/cbv/Disp-in_progress"
        + "readPointid=https://id.gs1.org/414/8935001000013";

    public const string Drying = """
        {
          "type": "TransformationEvent", "eventTime": "2026-06-03T14:15:30.123456-05:00", "eventTimeZoneOffset": "-05:00",
          "inputQuantityList": [ { "epcClass": "urn:epc:class:lgtin:8935001.012345.LOT-7", "quantity": 1000, "uom": "KGM" } ],
          "outputEPCList": [ "urn:epc:id:sgtin:8935001.167890.D%2F1" ],
          "outputQuantityList": [
            { "epcClass": "https://id.nguon.vn/01/08935001678908/10/DRY-1?17=271231", "quantity": 310.25, "uom": "KGM" }
          ],
          "transformationID": "urn:epc:id:gdti:8935001.00001.DRY1",
          "bizStep": "cbv:BizStep-transforming",
          "readPoint": { "id": "https://id.gs1.org/414/8935001000051" },
          "ilmd": { "ng:moisture": "18.0" }
        }
        """;

    public const string DryingPreHash = "eventType=TransformationEvent"
        + "eventTime=2026-06-03T19:15:30.123Z"
        + "eventTimeZoneOffset=-05:00"
        + "inputQuantityListquantityElementepcClass=https://id.gs1.org/01/08935001123453/10/LOT-7quantity=1000uom=KGM"
        + "outputEPCListepc=https://id.gs1.org/01/18935001678905/21/D%2F1"
        + "outputQuantityListquantityElementepcClass=https://id.gs1.org/01/08935001678908/10/DRY-1quantity=310.25uom=KGM"
        + "transformationID=https://id.gs1.org/253/8935001000013DRY1"
        + "bizStep=https://ref.gs1.org/cbv/BizStep-transforming"
        + "readPointid=https://id.gs1.org/414/8935001000051"
        + "ilmd" + Ng + "moisture=18";

    public const string Sale = """
        {
          "type": "TransactionEvent", "eventTime": "2026-06-04T03:00:00.0004Z", "eventTimeZoneOffset": "+07:00",
          "bizTransactionList": [
            { "type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:8935001000013:INV-9" },
            { "type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4912345000019:PO-3" }
          ],
          "parentID": "urn:epc:id:sscc:8935001.0000000001",
          "epcList": [ "urn:epc:id:sgtin:8935001.012345.A1" ],
          "action": "ADD", "bizStep": "urn:epcglobal:cbv:bizstep:shipping", "disposition": "in_transit",
          "sourceList": [
            { "type": "possessing_party", "source": "urn:epc:id:pgln:8935001.00009" },
            { "type": "owning_party", "source": "urn:epc:id:pgln:8935001.00009" }
          ],
          "destinationList": [ { "type": "cbv:SDT-owning_party", "destination": "https://id.gs1.org/417/4912345000019" } ]
        }
        """;

    public const string SalePreHash = "eventType=TransactionEvent"
        + "eventTime=2026-06-04T03:00:00.000Z"
        + "eventTimeZoneOffset=+07:00"
        + "epcListepc=https://id.gs1.org/01/08935001123453/21/A1"
        + "parentID=https://id.gs1.org/00/089350010000000013"
        + "action=ADD"
        + "bizStep=https://ref.gs1.org/cbv/BizStep-shipping"
        + "disposition=https://ref.gs1.org/cbv/Disp-in_transit"
        + "bizTransactionList"
        + "type=https://ref.gs1.org/cbv/BTT-invbizTransaction=urn:epcglobal:cbv:bt:8935001000013:INV-9"
        + "type=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:4912345000019:PO-3"
        + "sourceList"
        + "type=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/417/8935001000099"
        + "type=https://ref.gs1.org/cbv/SDT-possessing_partysource=https://id.gs1.org/417/8935001000099"
        + "destinationListtype=https://ref.gs1.org/cbv/SDT-owning_partydestination=https://id.gs1.org/417/4912345000019";

    public const string Logger = """
        {
          "type": "AssociationEvent", "eventTime": "2026-06-04T02:00:00+07:00", "eventTimeZoneOffset": "+07:00",
          "parentID": "urn:epc:id:giai:8935001.LOGGER-4",
          "childEPCs": [ "urn:epc:id:sscc:8935001.0000000001" ],
          "action": "ADD", "bizStep": "assembling",
          "readPoint": { "id": "urn:epc:id:sgln:8935001.00006.0" }
        }
        """;

    public const string LoggerPreHash = "eventType=AssociationEvent"
        + "eventTime=2026-06-03T19:00:00.000Z"
        + "eventTimeZoneOffset=+07:00"
        + "parentID=https://id.gs1.org/8004/8935001LOGGER-4"
        + "childEPCsepc=https://id.gs1.org/00/089350010000000013"
        + "action=ADD"
        + "bizStep=https://ref.gs1.org/cbv/BizStep-assembling"
        + "readPointid=https://id.gs1.org/414/8935001000068";

    public const string Transport = """
        {
          "type": "ObjectEvent", "eventTime": "2026-06-05T06:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
          "epcList": [ "urn:epc:id:sscc:8935001.0000000001" ],
          "action": "OBSERVE", "bizStep": "transporting", "disposition": "in_transit",
          "persistentDisposition": { "set": [ "completeness_verified" ], "unset": [ "needs_replacement" ] },
          "errorDeclaration": { "declarationTime": "2026-06-06T00:00:00Z", "reason": "incorrect_data" },
          "sensorElementList": [
            {
              "sensorMetadata": { "time": "2026-06-05T06:00:00+07:00", "deviceID": "urn:epc:id:giai:8935001.LOGGER-4",
                                  "bizRules": "https://nguon.vn/rules/cold-chain", "ng:calibrated": "2026-01-10" },
              "sensorReport": [
                { "type": "gs1:RelativeHumidity", "value": 85, "uom": "P1" },
                { "type": "Temperature", "value": 12.50, "uom": "CEL", "ng:probe": "core" }
              ]
            },
            {
              "sensorMetadata": { "startTime": "2026-06-04T20:00:00Z", "endTime": "2026-06-04T23:00:00Z" },
              "sensorReport": [
                { "type": "MolarConcentration", "chemicalSubstance": "https://identifiers.org/inchikey:RAHZWNYVWXNFOC-UHFFFAOYSA-N",
                  "value": 0.0020, "uom": "C35", "stringValue": "0100" }
              ],
              "ng:fumigation": "SO2"
            }
          ]
        }
        """;

    public const string TransportPreHash = "eventType=ObjectEvent"
        + "eventTime=2026-06-04T23:00:00.000Z"
        + "eventTimeZoneOffset=+07:00"
        + "epcListepc=https://id.gs1.org/00/089350010000000013"
        + "action=OBSERVE"
        + "bizStep=https://ref.gs1.org/cbv/BizStep-transporting"
        + "disposition=https://ref.gs1.org/cbv/Disp-in_transit"
        + "persistentDispositionset=https://ref.gs1.org/cbv/Disp-completeness_verifiedunset=https://ref.gs1.org/cbv/Disp-needs_replacement"
        + "sensorElementList"
        // sensorElements sorted: "…sensorMetadatastartTime" comes before "…sensorMetadatatime"
        + "sensorElement"
        + "sensorMetadatastartTime=2026-06-04T20:00:00.000ZendTime=2026-06-04T23:00:00.000Z"
        + "sensorReporttype=https://gs1.org/voc/MolarConcentration"
        + "chemicalSubstance=https://identifiers.org/inchikey:RAHZWNYVWXNFOC-UHFFFAOYSA-Nvalue=0.002stringValue=0100uom=C35"
        + Ng + "fumigation=SO2"
        + "sensorElement"
        + "sensorMetadatatime=2026-06-04T23:00:00.000ZdeviceID=https://id.gs1.org/8004/8935001LOGGER-4"
        + "bizRules=https://nguon.vn/rules/cold-chain" + Ng + "calibrated=2026-01-10"
        + "sensorReporttype=https://gs1.org/voc/RelativeHumidityvalue=85uom=P1"
        + "sensorReporttype=https://gs1.org/voc/Temperaturevalue=12.5uom=CEL" + Ng + "probe=core";

    /// <summary>The same JSON with every object's members and every array's elements in reverse order.</summary>
    public static JsonElement Reversed(JsonElement e) => JsonSerializer.SerializeToElement(Reverse(JsonNode.Parse(e.GetRawText())));

    private static JsonNode? Reverse(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(p.Key, Reverse(p.Value)))),
        JsonArray a => new JsonArray([.. a.Reverse().Select(Reverse)]),
        _ => node?.DeepClone(),
    };
}
