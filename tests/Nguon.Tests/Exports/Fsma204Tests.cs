using Nguon.Domain.Exports;
using Nguon.Model;
using Nguon.Tests.Domain;

namespace Nguon.Tests.Exports;

/// <summary>The FSMA 204 row builder on plain inputs (as a read model would give them), without a cluster: which Nguon
/// records become which critical tracking events, and the key data elements each row carries.</summary>
public sealed class Fsma204Tests
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    private const string Farmer = "htx-ps";
    private const string Packer = "packer-01";
    private const string Importer = "importer-jp";
    private const string Gtin = "08935000100011";

    private static DateTimeOffset At(int day, int hour) => new(2026, 6, day, hour, 0, 0, Hanoi);

    private static FsmaEvent Event(int sequence, string step, DateTimeOffset at, string actor, string? readPoint = null,
        string? destination = null, Quantity? quantity = null, IReadOnlyList<QuantityLink>? outputs = null,
        IReadOnlyList<SensorReading>? sensors = null, IReadOnlyList<DocumentRef>? documents = null) =>
        new(sequence, step, at, readPoint, null, actor, quantity, destination, outputs ?? [], sensors ?? [], documents ?? []);

    private static Quantity Kg(decimal amount) => new(amount, "kg");

    private static readonly FsmaFarm FarmA = new("VNBG-LN-PS-001", "Vườn vải Phượng Sơn 1", Farmer,
        new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"), """{"type":"Point","coordinates":[106.524,21.327]}""");
    private static readonly FsmaFarm FarmB = FarmA with { Code = "VNBG-LN-QS-001", Name = "Vườn vải Quý Sơn 1" };

    private static readonly FsmaParty[] Parties =
    [
        new(Farmer, "HTX vải thiều Phượng Sơn", "Phượng Sơn", "VN"), new(Packer, "Packing house 01", "Phượng Sơn", "VN"),
        new(Importer, "Tokyo importer", null, "JP"),
    ];

    /// <summary>Two harvests (1,200 and 600 kg) shipped to the packer, merged (1,200 + 400 kg) into a packed lot at
    /// PH-01, packed, fumigated, then a labelled 1,500 kg part split off and shipped to the importer, who receives it.</summary>
    private static FsmaChain DemoLike(bool withProduct = true)
    {
        var h1 = new FsmaLot("H-1", null, null, "lychee", "thiều", Kg(1200), OriginKind.Harvest, FarmA.Code, [], Farmer,
        [
            Event(1, "commissioning", At(10, 6), Farmer, FarmA.Code, quantity: Kg(1200)),
            Event(2, "shipping", At(10, 9), Farmer, destination: Packer),
            Event(3, "receiving", At(10, 11), Packer),
            Event(4, "repackaging", At(10, 13), Packer, outputs: [new("P-1", Kg(1200))]),
        ]);
        var h2 = new FsmaLot("H-2", null, null, "lychee", "thiều", Kg(600), OriginKind.Harvest, FarmB.Code, [], Farmer,
        [
            Event(1, "commissioning", At(10, 7), Farmer, FarmB.Code, quantity: Kg(600)),
            Event(2, "storing", At(10, 8), Farmer, "COLD-1", sensors: [new("Temperature", 4m, "CEL")]),
            Event(3, "shipping", At(10, 9), Farmer, destination: Packer),
            Event(4, "receiving", At(10, 11), Packer, quantity: Kg(590)),
            Event(5, "repackaging", At(10, 13), Packer, outputs: [new("P-1", Kg(400))]),
        ]);
        var packed = new FsmaLot("P-1", null, null, "lychee", "thiều", Kg(1600), OriginKind.Merge, null,
            [new("H-1", Kg(1200)), new("H-2", Kg(400))], Packer,
        [
            Event(1, "repackaging", At(10, 13), Packer, "PH-01", quantity: Kg(1600)),
            Event(2, "packing", At(10, 15), Packer, "PH-01"),
            Event(3, "urn:nguon:bizstep:fumigating", At(10, 17), Packer, "FUM-01",
                documents: [new(new string('a', 64), "fumigation-record", "fumigation.pdf")]),
            Event(4, "repackaging", At(11, 7), Packer, "PH-01", outputs: [new("EXP-1", Kg(1500))]),
        ]);
        var export = new FsmaLot("EXP-1", Gtin, "LN26EXP01", "lychee", "thiều", Kg(1500), OriginKind.Split, null,
            [new("P-1", Kg(1500))], Packer,
        [
            Event(1, "commissioning", At(11, 7), Packer, "PH-01", quantity: Kg(1500)),
            Event(2, "inspecting", At(11, 9), "inspector", "PH-01"),
            Event(3, "shipping", At(11, 12), Packer, destination: Importer,
                documents: [new(new string('b', 64), "bill-of-lading", "BL-2026-0611")]),
            Event(4, "receiving", At(13, 10), Importer, "JP-TYO-DC"),
        ]);
        return new FsmaChain([export, packed, h1, h2], [FarmA, FarmB], Parties,
            withProduct ? [new FsmaProduct(Gtin, "Luc Ngan lychee, export grade", Kg(5))] : []);
    }

    [Fact]
    public void A_packed_and_shipped_chain_has_one_row_per_critical_tracking_event_back_to_the_harvests()
    {
        var rows = Fsma204.Rows(DemoLike());

        Assert.Equal(
            new[]
            {
                (Cte.Harvesting, "H-1", (string?)null), (Cte.Harvesting, "H-2", null), (Cte.Cooling, "H-2", null),
                (Cte.InitialPacking, "P-1", "H-1"), (Cte.InitialPacking, "P-1", "H-2"),
                (Cte.Transformation, "(01)08935000100011(10)LN26EXP01", "P-1"),
                (Cte.Shipping, "(01)08935000100011(10)LN26EXP01", null), (Cte.Receiving, "(01)08935000100011(10)LN26EXP01", null),
            },
            rows.Select(r => (r.Event, r.Tlc, r.InputTlc)));
        // Shipping and receiving before initial packing are exempt (§1.1340(c), §1.1345(c)): no rows for H-1's and H-2's.
        Assert.DoesNotContain(rows, r => r.Event is Cte.Shipping or Cte.Receiving && r.Batch.StartsWith("H-", StringComparison.Ordinal));
        // Fumigation and inspection are not critical tracking events.
        Assert.DoesNotContain(rows, r => r.NguonEvent is "P-1#3" or "EXP-1#2");
    }

    [Fact]
    public void Harvesting_rows_carry_the_farm_its_growing_area_and_the_first_recipient()
    {
        var h1 = Fsma204.Rows(DemoLike()).First(r => r.Event == Cte.Harvesting);

        Assert.Equal(new DateOnly(2026, 6, 10), h1.Date);
        Assert.Equal(At(10, 6), h1.Time);
        Assert.Equal(("lychee", "thiều", 1200m, "kg"), (h1.Commodity, h1.Variety, h1.Quantity, h1.Unit));
        Assert.Equal("VNBG-LN-PS-001", h1.Location.Id);
        Assert.Equal("Vườn vải Phượng Sơn 1, HTX vải thiều Phượng Sơn (htx-ps), Phượng Sơn, Lục Ngạn, Bắc Giang, VN, "
            + "21.32700, 106.52400 (latitude, longitude)", h1.Location.Description);
        Assert.Equal(h1.Location, h1.Farm);
        Assert.Equal("Vườn vải Phượng Sơn 1", h1.GrowingAreaName);
        Assert.Equal(new FsmaPlace(Packer, "Packing house 01 (packer-01), Phượng Sơn, VN"), h1.SubsequentRecipient);
        Assert.Null(h1.TlcSource);
        Assert.Equal(("Nguon event record", "H-1#1"), (h1.ReferenceDocumentType, h1.ReferenceDocumentNumber));
        Assert.Equal([Fsma204.NoPhone], h1.NotRecorded);
    }

    [Fact]
    public void A_storing_event_with_a_temperature_before_packing_is_cooling_and_the_packer_row_names_it()
    {
        var rows = Fsma204.Rows(DemoLike());
        var cooling = Assert.Single(rows, r => r.Event == Cte.Cooling);
        Assert.Equal(("H-2#2", "COLD-1", 600m), (cooling.NguonEvent, cooling.Location.Id, cooling.Quantity));
        Assert.Equal(Packer, cooling.SubsequentRecipient?.Id);
        Assert.Equal("VNBG-LN-QS-001", cooling.Farm?.Id);

        var packedFromH2 = Assert.Single(rows, r => r is { Event: Cte.InitialPacking, InputTlc: "H-2" });
        Assert.StartsWith("COLD-1, HTX vải thiều Phượng Sơn", packedFromH2.CooledAt?.Description);
        Assert.Equal(new DateOnly(2026, 6, 10), packedFromH2.CoolingDate);
        // A storing event without a temperature reading is storage, not cooling.
        var chain = DemoLike();
        var h2 = chain.Lots.Single(l => l.Code == "H-2");
        var plain = chain with
        {
            Lots = [.. chain.Lots.Where(l => l != h2), h2 with { Events = [.. h2.Events.Select(e => e with { Sensors = [] })] }],
        };
        Assert.DoesNotContain(Fsma204.Rows(plain), r => r.Event == Cte.Cooling);
        Assert.Null(Fsma204.Rows(plain).Single(r => r is { Event: Cte.InitialPacking, InputTlc: "H-2" }).CooledAt);
    }

    [Fact]
    public void Initial_packing_rows_give_each_input_its_farm_harvester_harvest_date_receipt_and_quantities()
    {
        var rows = Fsma204.Rows(DemoLike()).Where(r => r.Event == Cte.InitialPacking).ToList();

        Assert.All(rows, r =>
        {
            Assert.Equal("P-1", r.Tlc);
            Assert.Equal(At(10, 15), r.Time); // the packing event, not the merge two hours before
            Assert.Equal((1600m, "kg"), (r.Quantity, r.Unit));
            Assert.Equal("PH-01", r.Location.Id);
            Assert.Equal(new FsmaPlace("PH-01", "PH-01, Packing house 01 (packer-01), Phượng Sơn, VN"), r.TlcSource);
            Assert.Equal("HTX vải thiều Phượng Sơn (htx-ps)", r.Harvester);
            Assert.Equal(new DateOnly(2026, 6, 10), r.HarvestDate);
            Assert.Equal(new DateOnly(2026, 6, 10), r.ReceivedDate);
            Assert.Equal("P-1#2", r.ReferenceDocumentNumber);
            Assert.Contains("packaging size and style", string.Join(";", r.NotRecorded));
        });
        var (h1, h2) = (rows.Single(r => r.InputTlc == "H-1"), rows.Single(r => r.InputTlc == "H-2"));
        Assert.Equal(("VNBG-LN-PS-001", 1200m, 1200m), (h1.Farm?.Id, h1.InputQuantityReceived, h1.InputQuantityUsed));
        // H-2: 590 kg received (the receiving event's own quantity), 400 kg of it used.
        Assert.Equal(("VNBG-LN-QS-001", 590m, 400m, "kg"), (h2.Farm?.Id, h2.InputQuantityReceived, h2.InputQuantityUsed, h2.InputUnit));
    }

    [Fact]
    public void A_labelled_split_part_is_a_transformation_with_a_GTIN_and_lot_TLC_and_its_product_description()
    {
        var made = Assert.Single(Fsma204.Rows(DemoLike()), r => r.Event == Cte.Transformation);

        Assert.Equal(("(01)08935000100011(10)LN26EXP01", Gtin, "LN26EXP01"), (made.Tlc, made.Gtin, made.Lot));
        Assert.Equal("Luc Ngan lychee, export grade: lychee (thiều), 5 kg per trade unit", made.ProductDescription);
        Assert.Equal((1500m, "kg", new DateOnly(2026, 6, 11)), (made.Quantity, made.Unit, made.Date));
        Assert.Equal(("P-1", "lychee (thiều)", 1500m), (made.InputTlc, made.InputProductDescription, made.InputQuantityUsed));
        Assert.Equal("PH-01", made.TlcSource?.Id);
        Assert.Equal([Fsma204.NoPhone], made.NotRecorded);
        // Without the GTIN's product master data the description is the commodity, and the packaging is said to be missing.
        var bare = Assert.Single(Fsma204.Rows(DemoLike(withProduct: false)), r => r.Event == Cte.Transformation);
        Assert.Equal("lychee (thiều)", bare.ProductDescription);
        Assert.Contains(bare.NotRecorded, n => n.StartsWith("packaging size and style", StringComparison.Ordinal));
    }

    [Fact]
    public void Shipping_and_receiving_name_the_other_party_the_TLC_source_and_the_cited_documents()
    {
        var rows = Fsma204.Rows(DemoLike());
        var shipped = Assert.Single(rows, r => r.Event == Cte.Shipping);
        var received = Assert.Single(rows, r => r.Event == Cte.Receiving);

        Assert.Equal((new DateOnly(2026, 6, 11), 1500m, Packer), (shipped.Date, shipped.Quantity, shipped.Location.Id));
        Assert.Equal(new FsmaPlace(Importer, "Tokyo importer (importer-jp), JP"), shipped.SubsequentRecipient);
        Assert.Equal(("bill-of-lading", "BL-2026-0611"), (shipped.ReferenceDocumentType, shipped.ReferenceDocumentNumber));
        Assert.Equal("PH-01", shipped.TlcSource?.Id);

        Assert.Equal((new DateOnly(2026, 6, 13), 1500m, "JP-TYO-DC"), (received.Date, received.Quantity, received.Location.Id));
        Assert.Equal(Packer, received.PreviousSource?.Id);
        Assert.Null(received.SubsequentRecipient);
        Assert.Equal(("Nguon event record", "EXP-1#4"), (received.ReferenceDocumentType, received.ReferenceDocumentNumber));
    }

    [Fact]
    public void A_harvest_packed_where_it_was_harvested_is_its_own_initial_packing_and_ships_with_what_it_holds()
    {
        // Packed on the farm, 100 kg split off for a sample lot, then the rest shipped: 900 kg leave.
        var lot = new FsmaLot("H-9", null, null, "lychee", null, Kg(1000), OriginKind.Harvest, FarmA.Code, [], Farmer,
        [
            Event(1, "commissioning", At(10, 6), Farmer, FarmA.Code, quantity: Kg(1000)),
            Event(2, "packing", At(10, 8), Farmer, "FARM-PACK-1"),
            Event(3, "repackaging", At(10, 9), Farmer, outputs: [new("S-9", Kg(100))]),
            Event(4, "shipping", At(10, 10), Farmer, destination: Packer),
        ]);
        var rows = Fsma204.Rows(new FsmaChain([lot], [FarmA], Parties, []));

        Assert.Equal(new[] { Cte.Harvesting, Cte.InitialPacking, Cte.Shipping }, rows.Select(r => r.Event));
        var packed = rows[1];
        Assert.Equal(("H-9", "H-9", "FARM-PACK-1", 1000m), (packed.Tlc, packed.InputTlc, packed.TlcSource?.Id, packed.Quantity));
        Assert.Null(packed.ReceivedDate);
        Assert.DoesNotContain(packed.NotRecorded, n => n.Contains("received", StringComparison.Ordinal));
        Assert.Equal((900m, "FARM-PACK-1"), (rows[2].Quantity, rows[2].TlcSource?.Id));
        // Its harvesting row's recipient is only a shipment before packing: none here.
        Assert.Null(rows[0].SubsequentRecipient);
        Assert.Contains(rows[0].NotRecorded, n => n.StartsWith("immediate subsequent recipient", StringComparison.Ordinal));
    }

    [Fact]
    public void An_input_lot_missing_from_the_chain_is_named_not_invented()
    {
        var chain = DemoLike();
        var partial = chain with { Lots = [.. chain.Lots.Where(l => l.Code != "P-1")] };

        var made = Assert.Single(Fsma204.Rows(partial), r => r.Event == Cte.Transformation);
        Assert.Equal(("P-1", null), (made.InputTlc, made.InputProductDescription));
        Assert.Contains("input lot P-1 (not in the chain)", made.NotRecorded);
    }

    [Fact]
    public void Every_row_fills_every_column_its_event_requires_except_what_Nguon_says_it_lacks()
    {
        var rows = Fsma204.Rows(DemoLike());
        string[] always = ["Critical tracking event", "Event date", "Traceability lot code (TLC)", "Quantity", "Unit of measure",
            "Location", "Location description", "Reference document type", "Reference document number"];
        var required = new Dictionary<Cte, string[]>
        {
            [Cte.Harvesting] = ["Commodity", "Farm (growing-area code)", "Field or growing area name", "Immediate subsequent recipient"],
            [Cte.Cooling] = ["Commodity", "Immediate subsequent recipient"],
            [Cte.InitialPacking] = ["Product description", "Commodity", "Farm (growing-area code)", "Harvester business name",
                "Harvest date", "Date received", "Input TLC", "Input quantity received", "TLC source"],
            [Cte.Transformation] = ["Product description", "Input TLC", "Input product description", "Input quantity used", "TLC source"],
            [Cte.Shipping] = ["Product description", "Immediate subsequent recipient", "TLC source"],
            [Cte.Receiving] = ["Product description", "Immediate previous source", "TLC source"],
        };
        foreach (var row in rows)
            foreach (var header in always.Concat(required[row.Event]))
            {
                var value = FsmaColumns.All.Single(c => c.Header == header).Value(row);
                Assert.False(value is null or "", $"{row.NguonEvent} ({row.Event}) has no {header}");
            }
    }

    [Fact]
    public void A_trace_feeds_the_builder_through_the_plain_inputs()
    {
        var chain = new ChainBuilder();
        chain.Harvest("H-2025-1", 500m);
        chain.Split("H-2025-1", ("S-2025-1", 200m));
        var graph = chain.Graph("S-2025-1", [Fixtures.Farm()]);

        var fed = FsmaChain.FromGraph(graph, [], []);
        Assert.Equal(["H-2025-1", "S-2025-1"], fed.Lots.Select(l => l.Code).Order(StringComparer.Ordinal));
        Assert.Equal([ChainBuilder.Custodian], FsmaChain.PartiesOf(graph).Where(p => p == ChainBuilder.Custodian));
        var rows = Fsma204.Rows(fed);
        // The harvest's split at the custodian is its initial packing (the first lot made from it).
        Assert.Equal(new[] { (Cte.Harvesting, "H-2025-1"), (Cte.InitialPacking, "S-2025-1") }, rows.Select(r => (r.Event, r.Tlc)));
        Assert.Equal((200m, 200m, Fixtures.FarmCode), (rows[1].Quantity, rows[1].InputQuantityUsed, rows[1].Farm?.Id));
    }

    [Theory]
    [InlineData("PH01-LN26-EXP-0001", "PH01-LN26-EXP-0001", null, null)]
    [InlineData("010893500010001110LN26EXP01", null, "08935000100011", "LN26EXP01")]
    [InlineData("(01)08935000100011(10)LN26EXP01", null, "08935000100011", "LN26EXP01")]
    // A wrong check digit is no GTIN: the value is then read as a batch code.
    [InlineData("010893500010001210LN26EXP01", "010893500010001210LN26EXP01", null, null)]
    public void A_TLC_is_a_batch_code_or_GTIN_and_lot(string tlc, string? code, string? gtin, string? lot)
    {
        var parsed = TlcQuery.Parse(tlc);
        Assert.True(parsed.IsOk);
        Assert.Equal(new TlcQuery(code, gtin, lot), parsed.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("(01)08935000100012(10)LN26EXP01")]
    [InlineData("bad code with spaces")]
    public void A_TLC_that_is_neither_is_refused_as_input(string? tlc)
    {
        var parsed = TlcQuery.Parse(tlc);
        Assert.Equal(OutcomeStatus.Rejected, parsed.Status);
        Assert.Equal("input.tlc", Assert.Single(parsed.Violations).Rule);
    }
}
