using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;
using Nguon.Model;

namespace Nguon.Tests.Domain.Epcis;

/// <summary>Nguon's events as EPCIS 2.0 (<see cref="NguonEpcisForm"/>) and back (<see cref="NguonEpcisCommands"/>): the
/// form of each kind of event, its eventID its hash ID, every form mapped back to the command that made it, and the
/// events that name a Nguon lot but are refused.</summary>
public sealed class NguonEpcisMappingTests
{
    private const string Gtin = "08935000100011";
    private const string Prefix = "893500010";
    private static readonly DateTimeOffset T = Fixtures.HarvestTime;
    private static readonly EpcisNamespaces Ns = EpcisNamespaces.Standard.With(Element(NguonEpcisForm.DocumentContext()));

    /// <summary>H-1 (600 kg, labelled) and H-2 (400 kg) harvested, H-1 shipped, both merged into M-1, M-1 fumigated and split
    /// into S-1 (300 kg, labelled) and S-2 (700 kg), S-2 recalled.</summary>
    private static readonly ChainBuilder Chain = Build();

    private static ChainBuilder Build()
    {
        var b = new ChainBuilder();
        b.Harvest("H-1", 600m);
        b.Recreate("H-1", h => h with { Gtin = Gtin, Lot = "LN25H1" });
        b.Harvest("H-2", 400m, variety: "Thiều");
        b.Merge("M-1", ("H-1", 600m), ("H-2", 400m));
        b.Rewrite("M-1", 1, e => e with { BizStep = BizStep.Repackaging }); // the output's step, as the grain records it
        b.Split("M-1", ("S-1", 300m), ("S-2", 700m));
        b.Recreate("S-1", s => s with { Gtin = "08935000100028", Lot = "LN25/S1" });
        return b;
    }

    private static NguonEpcisFacts Facts(bool prefixKnown = true) => new(
        new[] { "H-1", "H-2", "M-1", "S-1", "S-2" }.ToDictionary(c => c, c => Chain[c]),
        PrefixLengths: prefixKnown ? new Dictionary<string, int> { [Gtin] = Prefix.Length, ["08935000100028"] = Prefix.Length } : null);

    private static JsonObject Form(string code, int sequence, Func<BatchEvent, BatchEvent>? change = null) =>
        NguonEpcisForm.Of(Chain[code], (change ?? (e => e))(Chain.EventsOf(code)[sequence - 1]), Facts());

    private static BatchEvent Recorded(string code, BatchEvent with) => with with { Sequence = Chain[code].EventCount + 1 };

    private static readonly BatchEvent Fumigation = ChainBuilder.Event(9, BizStep.Fumigating, T.AddDays(1), "") with
    {
        ReadPoint = "FUM-BG-01",
        BizLocation = "Nhà đóng gói 1",
        Quantity = new(1000m, "kg"),
        Sensors = [new("urn:nguon:sensor:methyl-bromide-dose", 32.0m, "g/m3"), new("urn:nguon:sensor:exposure-duration", 2m, "h"),
            new("Temperature", 24.5m, "CEL"), new("humidity", 80m, "pct"), new("urn:nguon:residue:chlorpyrifos", 0.01m, "HUR")],
        Documents = [new(new string('a', 64), "fumigation-record", "fumigation.pdf"), new(new string('b', 64))],
        Hash = "f00d",
    };

    private static readonly BatchEvent Shipping = ChainBuilder.Event(9, "shipping", T.AddDays(2), "", disposition: "in_transit") with
    {
        Destination = "jp-importer-tokyo",
        ReadPoint = null,
    };

    private static readonly BatchEvent Recall = ChainBuilder.Event(9, "holding", T.AddDays(3), "", disposition: "recalled") with
    {
        Reason = "chlorpyrifos over the limit",
        ReadPoint = null,
        EventId = "recall-1",
    };

    [Fact]
    public void A_harvest_is_an_ADD_commissioning_at_its_farm_with_the_lot_s_master_data()
    {
        var form = Form("H-1", 1);

        Assert.Equal("ObjectEvent", form.Str("type"));
        Assert.Equal("ADD", form.Str("action"));
        Assert.Equal("commissioning", form.Str("bizStep"));
        Assert.Equal("active", form.Str("disposition"));
        Assert.Equal("2025-06-10T06:00:00+07:00", form.Str("eventTime"));
        Assert.Equal("+07:00", form.Str("eventTimeZoneOffset"));
        Assert.Equal("2025-06-10T06:05:00+07:00", form.Str("recordTime"));
        Assert.Equal("urn:nguon:farm:" + Fixtures.FarmCode, form["readPoint"]!.Str("id"));
        Assert.Equal("urn:nguon:farm:" + Fixtures.FarmCode, form["bizLocation"]!.Str("id"));
        var lot = Assert.Single(form["quantityList"]!.AsArray())!;
        Assert.Equal("urn:epc:class:lgtin:893500010.0001.LN25H1", lot.Str("epcClass"));
        Assert.Equal(600m, lot["quantity"]!.GetValue<decimal>());
        Assert.Equal("KGM", lot.Str("uom"));
        var ilmd = form["ilmd"]!;
        Assert.Equal("lychee", ilmd.Str("nguon:product"));
        Assert.Equal("Thiều", ilmd.Str("nguon:variety"));
        Assert.Equal(Fixtures.GiNumber, ilmd.Str("nguon:giClaim"));
        Assert.Equal("2025", ilmd.Str("nguon:season"));
        Assert.Equal("2025-06-10", ilmd.Str("nguon:harvestDate"));
        var e = Chain.EventsOf("H-1")[0];
        Assert.Equal(e.Hash, form.Str("nguon:eventHash"));
        Assert.Equal(e.EventId, form.Str("nguon:eventId"));
        Assert.Equal("H-1", form.Str("nguon:batch"));
        Assert.Equal("urn:nguon:org:" + ChainBuilder.Custodian, form.Str("nguon:actor"));
    }

    [Fact]
    public void A_lot_without_a_label_is_its_Nguon_batch_URI_and_an_unknown_prefix_writes_the_Digital_Link()
    {
        Assert.Equal("urn:nguon:batch:H-2", Form("H-2", 1)["quantityList"]![0]!.Str("epcClass"));
        var form = NguonEpcisForm.Of(Chain["H-1"], Chain.EventsOf("H-1")[0], Facts(prefixKnown: false));
        Assert.Equal("https://id.gs1.org/01/08935000100011/10/LN25H1", form["quantityList"]![0]!.Str("epcClass"));
        // The URN and the Digital Link hash alike: the eventID does not depend on knowing the prefix.
        Assert.Equal(Form("H-1", 1).Str("eventID"), form.Str("eventID"));
    }

    [Fact]
    public void A_merge_is_one_TransformationEvent_from_the_parents_takes_to_the_output()
    {
        var form = Form("M-1", 1);

        Assert.Equal("TransformationEvent", form.Str("type"));
        Assert.Equal("repackaging", form.Str("bizStep"));
        Assert.Equal("urn:nguon:combine:M-1", form.Str("transformationID"));
        Assert.Equal(["urn:epc:class:lgtin:893500010.0001.LN25H1 600 KGM", "urn:nguon:batch:H-2 400 KGM"],
            Quantities(form["inputQuantityList"]));
        Assert.Equal(["urn:nguon:batch:M-1 1000 KGM"], Quantities(form["outputQuantityList"]));
        Assert.Equal("lychee", form["ilmd"]!.Str("nguon:product"));
        var lots = Assert.Single(form["nguon:lots"]!.AsArray())!;
        Assert.Equal("H-1", lots.Str("nguon:batch"));
        Assert.Null(form["action"]);
    }

    [Fact]
    public void An_input_s_take_observes_the_taken_quantity_as_part_of_the_merge()
    {
        var form = Form("H-2", 2);

        Assert.Equal("ObjectEvent", form.Str("type"));
        Assert.Equal("OBSERVE", form.Str("action"));
        Assert.Equal(["urn:nguon:batch:H-2 400 KGM"], Quantities(form["quantityList"]));
        Assert.Equal("urn:nguon:combine:M-1", form.Str("nguon:partOf"));
        Assert.Null(form["inputQuantityList"]);
    }

    [Fact]
    public void A_split_is_one_TransformationEvent_from_the_parent_to_every_part()
    {
        var form = Form("M-1", 2);

        Assert.Equal("TransformationEvent", form.Str("type"));
        Assert.Equal("urn:nguon:split:M-1:2", form.Str("transformationID"));
        Assert.Equal(["urn:nguon:batch:M-1 1000 KGM"], Quantities(form["inputQuantityList"]));
        Assert.Equal(["urn:epc:class:lgtin:893500010.0002.LN25%2FS1 300 KGM", "urn:nguon:batch:S-2 700 KGM"],
            Quantities(form["outputQuantityList"]));
        // Each part's own creation is its side of that split.
        Assert.Equal("urn:nguon:split:M-1:2", Form("S-1", 1).Str("nguon:partOf"));
        Assert.Equal("OBSERVE", Form("S-1", 1).Str("action"));
        Assert.Equal("commissioning", Form("S-1", 1).Str("bizStep"));
    }

    [Fact]
    public void A_take_and_a_one_part_split_are_told_apart_by_their_output()
    {
        var take = Chain.EventsOf("H-2")[1];
        Assert.Equal(NguonEventKind.Take, NguonEpcisForm.KindOf(Chain["H-2"], take, Facts()));
        Assert.Null(NguonEpcisForm.KindOf(Chain["H-2"], take, NguonEpcisFacts.None));
        Assert.Throws<ArgumentException>(() => NguonEpcisForm.Of(Chain["H-2"], take, NguonEpcisFacts.None));
        var onePart = Chain.EventsOf("M-1")[1] with { Outputs = [new("S-1", new(300m, "kg"))] };
        Assert.Equal(NguonEventKind.Split, NguonEpcisForm.KindOf(Chain["M-1"], onePart, Facts()));
    }

    [Fact]
    public void A_recorded_event_observes_the_lot_with_its_sensors_documents_and_places()
    {
        var form = NguonEpcisForm.Of(Chain["M-1"], Recorded("M-1", Fumigation), Facts());

        Assert.Equal("OBSERVE", form.Str("action"));
        Assert.Equal("urn:nguon:bizstep:fumigating", form.Str("bizStep"));
        Assert.Equal("urn:nguon:location:FUM-BG-01", form["readPoint"]!.Str("id"));
        Assert.Equal("urn:nguon:location:Nh%C3%A0%20%C4%91%C3%B3ng%20g%C3%B3i%201", form["bizLocation"]!.Str("id"));
        var reports = Assert.Single(form["sensorElementList"]!.AsArray())!["sensorReport"]!.AsArray();
        Assert.Equal(
            ["urn:nguon:sensor:methyl-bromide-dose 32.0 A93 -", "urn:nguon:sensor:exposure-duration 2 HUR -", "gs1:Temperature 24.5 CEL -",
                "urn:nguon:sensor-name:humidity 80 - pct", "urn:nguon:residue:chlorpyrifos 0.01 HUR HUR"],
            reports.Select(r => $"{r.Str("type")} {r!["value"]!.ToJsonString()} {r.Str("uom") ?? "-"} {r.Str("nguon:unit") ?? "-"}"));
        var documents = form["nguon:documents"]!.AsArray();
        Assert.Equal(["fumigation-record", null], documents.Select(d => d.Str("nguon:type")));

        var shipped = NguonEpcisForm.Of(Chain["H-1"], Recorded("H-1", Shipping), Facts());
        var destination = Assert.Single(shipped["destinationList"]!.AsArray())!;
        Assert.Equal("possessing_party", destination.Str("type"));
        Assert.Equal("urn:nguon:org:jp-importer-tokyo", destination.Str("destination"));
        Assert.Equal("in_transit", shipped.Str("disposition"));
        Assert.Null(shipped["readPoint"]);
    }

    [Fact]
    public void A_recall_observes_holding_recalled_with_its_reason()
    {
        var form = NguonEpcisForm.Of(Chain["S-2"], Recorded("S-2", Recall), Facts());

        Assert.Equal("OBSERVE", form.Str("action"));
        Assert.Equal("holding", form.Str("bizStep"));
        Assert.Equal("recalled", form.Str("disposition"));
        Assert.Equal("chlorpyrifos over the limit", form.Str("nguon:reason"));
        var lot = Assert.Single(form["quantityList"]!.AsArray())!;
        Assert.Null(lot["quantity"]);
    }

    public static TheoryData<string, int> EveryEvent()
    {
        var data = new TheoryData<string, int>();
        foreach (var code in new[] { "H-1", "H-2", "M-1", "S-1", "S-2" })
            for (var sequence = 1; sequence <= Chain.EventsOf(code).Count; sequence++) data.Add(code, sequence);
        return data;
    }

    [Theory, MemberData(nameof(EveryEvent))]
    public void The_eventID_is_the_hash_ID_of_the_form_and_stable(string code, int sequence)
    {
        var form = Form(code, sequence);
        Assert.StartsWith(EventHashId.Prefix, form.Str("eventID"));
        Assert.Equal(form.Str("eventID"), EventHashId.Of(form, NguonEpcisForm.DocumentContext()));
        Assert.Equal(form.Str("eventID"), Form(code, sequence).Str("eventID"));
        // In a document, under the document's context.
        var document = Element(NguonEpcisForm.EpcisDocument([form]));
        Assert.Equal([form.Str("eventID")!], EventHashId.OfDocument(document));
        Assert.NotEqual(form.Str("eventID"), Form(code, sequence, e => e with { Hash = "other" }).Str("eventID"));
    }

    [Fact]
    public void Every_form_maps_back_to_the_command_that_made_it()
    {
        var h1 = new LotRef("H-1", Gtin, "LN25H1");
        var h2 = new LotRef("H-2", null, null);
        var m1 = new LotRef("M-1", null, null);
        var s1 = new LotRef("S-1", "08935000100028", "LN25/S1");
        var rp = "urn:epc:id:sgln:8930000.00001.0";
        var expected = new (JsonObject Form, EpcisMeaning Command)[]
        {
            (Form("H-1", 1), new HarvestCommand(Fixtures.FarmCode, "2025", h1,
                new RecordHarvest("H-1", "lychee", new(600m, "kg"), T, Fixtures.GiNumber, Gtin, "LN25H1", "Thiều"))),
            (Form("H-2", 1), new HarvestCommand(Fixtures.FarmCode, "2025", h2,
                new RecordHarvest("H-2", "lychee", new(400m, "kg"), T, Fixtures.GiNumber, Variety: "Thiều"))),
            (Form("H-2", 2), new ImpliedEvent(h2, "urn:nguon:combine:M-1")),
            (Form("M-1", 1), new CombineCommand(m1, [h1, h2], new CombineBatches("M-1", Chain.EventsOf("M-1")[0].EventTime,
                [new("H-1", new(600m, "kg")), new("H-2", new(400m, "kg"))], Output: new(1000m, "kg"), GiClaim: Fixtures.GiNumber,
                ReadPoint: rp))),
            (Form("M-1", 2), new SplitCommand(m1, [s1, new("S-2", null, null)], new SplitBatch(Chain.EventsOf("M-1")[1].EventTime,
                [new("S-1", new(300m, "kg"), "08935000100028", "LN25/S1"), new("S-2", new(700m, "kg"))], rp))),
            (Form("S-1", 1), new ImpliedEvent(s1, "urn:nguon:split:M-1:2")),
            (NguonEpcisForm.Of(Chain["M-1"], Recorded("M-1", Fumigation), Facts()), new ObserveCommand(m1, new RecordEvent(
                BizStep.Fumigating, Fumigation.EventTime, Fumigation.EventId, "active", "FUM-BG-01", "Nhà đóng gói 1", new(1000m, "kg"),
                Fumigation.Sensors, Fumigation.Documents))),
            (NguonEpcisForm.Of(Chain["H-1"], Recorded("H-1", Shipping), Facts()), new ObserveCommand(h1, new RecordEvent(
                "shipping", Shipping.EventTime, Shipping.EventId, "in_transit", Destination: "jp-importer-tokyo"))),
            (NguonEpcisForm.Of(Chain["S-2"], Recorded("S-2", Recall), Facts()), new RecallCommand(new("S-2", null, null),
                new RecallBatch("chlorpyrifos over the limit", Recall.EventTime, "recall-1"))),
        };
        foreach (var (form, command) in expected)
            Assert.Equal(Json(command), Json(NguonEpcisCommands.Map(Element(form), Ns)));
    }

    [Fact]
    public void Times_come_back_in_the_offset_where_the_event_happened()
    {
        var form = Form("H-2", 1);
        form["eventTime"] = "2025-06-09T23:00:00Z";
        var harvest = Assert.IsType<HarvestCommand>(NguonEpcisCommands.Map(Element(form), Ns));
        Assert.Equal(T, harvest.Harvest.HarvestedAt);
        Assert.Equal(Fixtures.Vn, harvest.Harvest.HarvestedAt.Offset);
    }

    /// <summary>Events on a lot (times added by the test) and the rule that refuses each.</summary>
    public static TheoryData<string, string> Refused => new()
    {
        { Observation("DELETE", H1), "mapping.delete" },
        { $$"""{ "type": "AggregationEvent", "action": "ADD", "parentID": "urn:epc:id:sscc:8935000.1000000001", {{Child}} }""",
            "mapping.mixed" },
        { $$"""{ "type": "AggregationEvent", "action": "ADD", {{Child}} }""", "mapping.aggregation" },
        { Observation("OBSERVE", """ "quantityList": [ { "epcClass": "urn:nguon:batch:H-1", "uom": "LTR", "quantity": 5 } ] """),
            "mapping.unit" },
        { Observation("OBSERVE", """ "bizStep": "picking", """ + H1), "mapping.biz-step" },
        { Observation("OBSERVE", """ "epcList": [ "urn:nguon:batch:H-1", "urn:nguon:batch:H-2" ] """), "mapping.several-lots" },
        { Observation("ADD", """ "readPoint": { "id": "urn:nguon:location:PH-1" }, """ + H1), "mapping.harvest-farm" },
        { $$"""{ "type": "TransformationEvent", "inputQuantityList": [ {{Kg("A")}}, {{Kg("B")}} ], """
            + $$""" "outputQuantityList": [ {{Kg("C")}}, {{Kg("D")}} ] }""", "mapping.shape" },
        { Observation("OBSERVE", """ "errorDeclaration": { }, """ + H1), "mapping.error-declaration" },
    };

    private const string H1 = """ "epcList": [ "urn:nguon:batch:H-1" ] """;

    private const string Child =
        """ "childQuantityList": [ { "epcClass": "urn:epc:class:lgtin:893500010.0001.LN25H1", "quantity": 5 } ] """;

    private static string Observation(string action, string rest) => $$"""{ "type": "ObjectEvent", "action": "{{action}}", {{rest}} }""";

    private static string Kg(string code) => $$"""{ "epcClass": "urn:nguon:batch:{{code}}", "quantity": 1, "uom": "KGM" }""";

    [Theory, MemberData(nameof(Refused))]
    public void Events_naming_a_Nguon_lot_that_cannot_be_a_Nguon_command_are_refused(string json, string rule)
    {
        var e = JsonNode.Parse(json)!.AsObject();
        e["eventTime"] = "2025-06-10T06:00:00+07:00";
        e["eventTimeZoneOffset"] = "+07:00";
        var refusal = Assert.IsType<MappingRefusal>(NguonEpcisCommands.Map(Element(e), Ns));
        Assert.Equal(rule, refusal.Rule);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
    }

    [Theory]
    [InlineData("""{ "type": "ObjectEvent", "action": "OBSERVE", "epcList": [ "urn:epc:id:sgtin:893500010.0001.77" ] }""")]
    [InlineData("""{ "type": "ObjectEvent", "action": "OBSERVE", "epcList": [ "urn:epc:id:sscc:8935000.1000000001" ] }""")]
    [InlineData("""{ "type": "AggregationEvent", "action": "ADD", "parentID": "urn:epc:id:sscc:8935000.1000000001", "childEPCs": [] }""")]
    public void Events_about_nothing_Nguon_models_are_not_Nguon_s(string json) =>
        Assert.Same(NotNguon.Instance, NguonEpcisCommands.Map(EpcisEvents.Parse(json), Ns));

    [Fact]
    public void An_EPC_URN_and_a_Digital_Link_of_the_same_lot_name_the_same_LotRef()
    {
        const string Observe = """
            { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "storing", "eventTime": "2025-06-11T08:00:00+07:00",
              "eventTimeZoneOffset": "+07:00", "quantityList": [ { "epcClass": "LOT", "quantity": 2, "uom": "XBX" } ] }
            """;
        var lots = new[]
        {
            "urn:epc:class:lgtin:893500010.0001.LN25%2FS1", "https://id.gs1.org/01/08935000100011/10/LN25%2FS1",
            "https://nguon.example/some/path/01/08935000100011/10/LN25%2FS1?linkType=all",
            "https://example.com/01/8935000100011/10/LN25%2FS1",
        }.Select(lot => Assert.IsType<ObserveCommand>(NguonEpcisCommands.Map(EpcisEvents.Parse(Observe.Replace("LOT", lot)), Ns)));
        Assert.All(lots, o => Assert.Equal(new LotRef(null, Gtin, "LN25/S1"), o.Lot));
        Assert.All(lots, o => Assert.Equal(new Quantity(2m, "box"), o.Event.Quantity));
    }

    [Fact]
    public void Nguon_s_extensions_are_read_under_any_prefix_bound_to_its_namespace()
    {
        var json = NguonEpcisForm.Of(Chain["S-2"], Recorded("S-2", Recall), Facts()).ToJsonString().Replace("\"nguon:", "\"ng:");
        var context = EpcisEvents.Parse($$"""[ "{{NguonEpcis.StandardContext}}", { "ng": "{{NguonEpcis.Namespace}}" } ]""");
        var recall = Assert.IsType<RecallCommand>(NguonEpcisCommands.Map(EpcisEvents.Parse(json), EpcisNamespaces.Standard.With(context)));
        Assert.Equal("chlorpyrifos over the limit", recall.Recall.Reason);
    }

    private static IEnumerable<string> Quantities(JsonNode? list) =>
        list!.AsArray().Select(q => $"{q.Str("epcClass")} {q!["quantity"]} {q.Str("uom")}");

    private static JsonElement Element(JsonNode node) => JsonSerializer.SerializeToElement(node);

    private static string Json(EpcisMeaning meaning) => JsonSerializer.Serialize(meaning, meaning.GetType());
}

internal static class JsonNodeText
{
    public static string? Str(this JsonNode? node, string key) => node?[key]?.GetValue<string>();
}
