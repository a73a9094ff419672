using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nguon.Tests.Domain.Epcis;

/// <summary>A valid EPCIS 2.0 document written for these tests from the EPCIS 2.0 and CBV 2.0 texts: one event of each
/// of the five types over a lychee lot of GS1 Company Prefix 8935001, together using every dimension (what, when,
/// where, why, how with sensor data), ILMD, certificationInfo as a URI and as a list, an error declaration with
/// corrective events, a persistent disposition, user extensions in the declared namespace "ng" and as full URIs,
/// CURIEs and full URIs for CBV terms, EPC URNs and GS1 Digital Links.</summary>
internal static class EpcisSamples
{
    public const string Context =
        """[ "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { "ng": "https://nguon.vn/epcis/" } ]""";

    public static JsonElement ContextElement => EpcisEvents.Parse(Context);

    public static JsonElement ValidDocument => EpcisEvents.Parse(Document);

    /// <summary>The document as a node to change, and the change back as an element (for the invalid cases).</summary>
    public static JsonElement Changed(Action<JsonObject> change)
    {
        var document = JsonNode.Parse(Document)!.AsObject();
        change(document);
        return JsonSerializer.SerializeToElement(document);
    }

    /// <summary>The <paramref name="index"/>th event of a document node.</summary>
    public static JsonObject EventOf(JsonObject document, int index) => document["epcisBody"]!["eventList"]![index]!.AsObject();

    /// <summary>The events of <see cref="Document"/> by index.</summary>
    public const int Harvest = 0, Packing = 1, Drying = 2, Sale = 3, Logger = 4, Transport = 5;

    public const string Document = $$"""
        {
          "@context": {{Context}},
          "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-06-06T01:00:00.000+07:00",
          "epcisHeader": { "epcisMasterData": { "vocabularyList": [] } },
          "epcisBody": {
            "eventList": [
              {
                "type": "ObjectEvent",
                "eventID": "ni:///sha-256;df7bb3c352fef055578554f09f5e2aa41782150ced7bd0b8af24dd3ccb30ba69?ver=CBV2.0",
                "eventTime": "2026-06-01T08:30:00.5+07:00", "eventTimeZoneOffset": "+07:00", "recordTime": "2026-06-01T02:00:00Z",
                "certificationInfo": "https://cert.example.vn/gi/00121",
                "epcList": [ "urn:epc:id:sgtin:8935001.012345.A1", "https://id.gs1.org/01/08935001123453/21/A2" ],
                "quantityList": [
                  { "epcClass": "urn:epc:class:lgtin:8935001.012345.LOT-7", "quantity": 1200.5, "uom": "KGM" },
                  { "epcClass": "https://id.gs1.org/01/08935001123453/10/LOT-8", "quantity": 40 }
                ],
                "action": "ADD", "bizStep": "commissioning", "disposition": "active",
                "persistentDisposition": { "set": [ "completeness_verified" ], "unset": [ "cbv:Disp-needs_replacement" ] },
                "readPoint": { "id": "urn:epc:id:sgln:8935001.00001.0" },
                "bizLocation": { "id": "https://id.gs1.org/414/8935001000020/254/7", "ng:plot": "B-12" },
                "bizTransactionList": [ { "type": "prodorder", "bizTransaction": "urn:epcglobal:cbv:bt:8935001000013:HARVEST-1" } ],
                "sourceList": [ { "type": "owning_party", "source": "urn:epc:id:pgln:8935001.00009" } ],
                "destinationList": [ { "type": "https://ref.gs1.org/cbv/SDT-location", "destination": "urn:epc:id:sgln:8935001.00002.7" } ],
                "sensorElementList": [
                  {
                    "sensorMetadata": { "time": "2026-06-01T08:30:00+07:00", "deviceID": "urn:epc:id:giai:8935001.LOGGER-4",
                                        "deviceMetadata": "https://nguon.vn/devices/LOGGER-4", "ng:calibrated": "2026-01-10" },
                    "sensorReport": [
                      { "type": "gs1:Temperature", "value": 24.5, "uom": "CEL", "minValue": 22, "maxValue": 27.25, "meanValue": 24.1,
                        "sDev": 0.4, "percRank": 95, "percValue": 26.5, "ng:probe": "core" },
                      { "type": "RelativeHumidity", "value": 85, "uom": "P1", "time": "2026-06-01T01:30:00Z" }
                    ]
                  }
                ],
                "ilmd": { "ng:variety": "Vải thiều", "ng:harvest": { "ng:pickers": 12, "ng:dry": true },
                          "cbvmda:countryOfOrigin": "VN", "https://nguon.vn/epcis/plotArea": { "@value": "1.5", "@type": "xsd:decimal" } },
                "ng:season": "2026",
                "https://nguon.vn/epcis/grower": { "ng:name": "HTX Thanh Hà", "ng:members": [ "A", "B" ] }
              },
              {
                "type": "AggregationEvent", "eventTime": "2026-06-01T10:00:00Z", "eventTimeZoneOffset": "+07:00",
                "parentID": "urn:epc:id:sscc:8935001.0000000001",
                "childEPCs": [ "urn:epc:id:sgtin:8935001.012345.A1", "https://id.gs1.org/01/08935001123453/21/A2" ],
                "childQuantityList": [ { "epcClass": "urn:epc:class:lgtin:8935001.012345.LOT-7", "quantity": 40.0, "uom": "KGM" } ],
                "action": "ADD", "bizStep": "packing", "disposition": "in_progress",
                "readPoint": { "id": "https://id.gs1.org/414/8935001000013" }
              },
              {
                "type": "TransformationEvent", "eventTime": "2026-06-03T14:15:30.123456-05:00", "eventTimeZoneOffset": "-05:00",
                "certificationInfo": [ "https://cert.example.vn/vietgap/77", "https://cert.example.vn/gi/00121" ],
                "inputQuantityList": [ { "epcClass": "urn:epc:class:lgtin:8935001.012345.LOT-7", "quantity": 1000, "uom": "KGM" } ],
                "outputEPCList": [ "urn:epc:id:sgtin:8935001.167890.D%2F1" ],
                "outputQuantityList": [ { "epcClass": "https://id.gs1.org/01/08935001678908/10/DRY-1", "quantity": 310.25, "uom": "KGM" } ],
                "transformationID": "urn:epc:id:gdti:8935001.00001.DRY1",
                "bizStep": "ng:drying", "disposition": "https://ref.gs1.org/cbv/Disp-in_progress",
                "readPoint": { "id": "https://id.gs1.org/414/8935001000051" },
                "ilmd": { "ng:moisture": 18.0 }
              },
              {
                "type": "TransactionEvent", "eventTime": "2026-06-04T03:00:00Z", "eventTimeZoneOffset": "+07:00",
                "bizTransactionList": [
                  { "type": "inv", "bizTransaction": "urn:epcglobal:cbv:bt:8935001000013:INV-9" },
                  { "type": "cbv:BTT-po", "bizTransaction": "https://nguon.vn/po/PO-3" }
                ],
                "parentID": "urn:epc:id:sscc:8935001.0000000001",
                "epcList": [ "urn:epc:id:sgtin:8935001.012345.A1" ],
                "action": "ADD", "bizStep": "shipping", "disposition": "in_transit",
                "bizLocation": { "id": "urn:epc:id:sgln:8935001.00002.7" },
                "sourceList": [
                  { "type": "possessing_party", "source": "urn:epc:id:pgln:8935001.00009" },
                  { "type": "owning_party", "source": "https://id.gs1.org/417/8935001000099" }
                ],
                "destinationList": [ { "type": "cbv:SDT-owning_party", "destination": "https://id.gs1.org/417/4912345000019" } ]
              },
              {
                "type": "AssociationEvent", "eventTime": "2026-06-04T02:00:00+07:00", "eventTimeZoneOffset": "+07:00",
                "parentID": "urn:epc:id:giai:8935001.LOGGER-4",
                "childEPCs": [ "urn:epc:id:sscc:8935001.0000000001" ],
                "action": "ADD", "bizStep": "assembling",
                "readPoint": { "id": "urn:epc:id:sgln:8935001.00006.0" }
              },
              {
                "@context": { "qa": "https://qa.example.vn/voc/" },
                "type": "ObjectEvent", "eventTime": "2026-06-05T06:00:00.000+07:00", "eventTimeZoneOffset": "+07:00",
                "epcList": [ "urn:epc:id:sscc:8935001.0000000001" ],
                "action": "OBSERVE", "bizStep": "https://ref.gs1.org/cbv/BizStep-transporting", "disposition": "cbv:Disp-in_transit",
                "errorDeclaration": {
                  "declarationTime": "2026-06-06T00:00:00Z", "reason": "incorrect_data",
                  "correctiveEventIDs": [ "urn:uuid:6c1b4a52-0d6e-4c43-9a0b-3f2a8d7d1e02" ], "ng:note": "wrong truck"
                },
                "sensorElementList": [
                  {
                    "sensorMetadata": { "startTime": "2026-06-04T20:00:00Z", "endTime": "2026-06-04T23:00:00Z",
                                        "bizRules": "https://nguon.vn/rules/cold-chain" },
                    "sensorReport": [
                      { "type": "https://gs1.org/voc/MassConcentration", "value": 0.002, "uom": "GL",
                        "chemicalSubstance": "https://identifiers.org/inchikey:RAHZWNYVWXNFOC-UHFFFAOYSA-N", "stringValue": "0100" },
                      { "type": "qa:Firmness", "booleanValue": true, "hexBinaryValue": "0A1F", "uriValue": "https://nguon.vn/qa/1",
                        "microorganism": "https://www.ncbi.nlm.nih.gov/taxonomy/1280" },
                      { "type": "Temperature", "exception": "ALARM_CONDITION", "component": "x", "maxValue": 8,
                        "coordinateReferenceSystem": "http://www.opengis.net/def/crs/EPSG/0/4979" }
                    ],
                    "ng:fumigation": "SO2"
                  }
                ],
                "qa:inspector": "urn:epc:id:pgln:8935001.00010"
              }
            ]
          }
        }
        """;
}
