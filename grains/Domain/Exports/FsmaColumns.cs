namespace Nguon.Domain.Exports;

/// <summary>One column of the sortable spreadsheet: its header, the key data element it holds (and where Nguon takes it
/// from, or what Nguon lacks), the rule's paragraphs, and the events that fill it. A value is text, a number
/// (<see cref="decimal"/>) or a date (<see cref="DateOnly"/>), or null when the event does not fill it.</summary>
public sealed record FsmaColumn(string Header, string Kde, string Cfr, string Events, Func<FsmaRow, object?> Value);

/// <summary>The columns, in order: one per key data element of 21 CFR 1.1325–1.1350 (a location description as an
/// identifier and a description), then Nguon's own references. Both the XLSX and the CSV rendering use this list.</summary>
public static class FsmaColumns
{
    private const string Every = "all";
    private const string Moves = "Shipping, Receiving";
    private const string Packing = "Initial packing";
    private const string Made = "Initial packing, Transformation";
    private const string Origin = "Harvesting, Cooling, Initial packing";
    private const string NoPhone = " Nguon records no phone numbers.";

    public static readonly IReadOnlyList<FsmaColumn> All =
    [
        new("Critical tracking event", "The event: Harvesting, Cooling, Initial packing, Transformation, Shipping or Receiving.",
            "§1.1325–§1.1350", Every, r => Name(r.Event)),
        new("Event date", "Date of harvesting, cooling, initial packing, transformation (completed), shipping or receiving, in the "
            + "event's own time zone.", "§1.1325(a)(1)(vii), (b)(1)(v); §1.1330(a)(15); §1.1340(a)(6); §1.1345(a)(6); §1.1350(a)(2)(iii)",
            Every, r => r.Date),
        new("Event time", "The event time with its UTC offset (ISO 8601), as recorded.", "", Every,
            r => r.Time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)),
        new("Traceability lot code (TLC)", "GS1 element string (01) GTIN (10) lot where the lot carries a label, else its Nguon "
            + "batch code. On harvesting and cooling rows: the harvest lot's code (a TLC is assigned at initial packing, §1.1320).",
            "§1.1330(a)(11); §1.1340(a)(1); §1.1345(a)(1); §1.1350(a)(2)(i)", Every, r => r.Tlc),
        new("GTIN", "The lot's GTIN-14, when labelled.", "", Every, r => r.Gtin),
        new("Lot", "The lot's GS1 lot (AI 10), when labelled.", "", Every, r => r.Lot),
        new("Product description", "Product name (the brand owner's GS1 product master data), commodity and variety, and the net "
            + "content per trade unit when the master data has one. Packaging style is not recorded.",
            "§1.1310; §1.1330(a)(12); §1.1340(a)(3); §1.1345(a)(3); §1.1350(a)(2)(iv)", "Initial packing, Transformation, " + Moves,
            r => r.ProductDescription),
        new("Commodity", "The commodity (Nguon's product); on initial packing rows, of the food received.",
            "§1.1325(a)(1)(ii), (b)(1)(ii); §1.1330(a)(1)", Origin, r => r.Commodity),
        new("Variety", "The variety, when recorded.", "§1.1325(a)(1)(ii), (b)(1)(ii); §1.1330(a)(1)", Origin, r => r.Variety),
        new("Quantity", "Quantity harvested, cooled, packed, produced, shipped or received: the event's quantity when recorded, else "
            + "what the lot held at the event.", "§1.1325(a)(1)(iii), (b)(1)(iii); §1.1330(a)(13); §1.1340(a)(2); §1.1345(a)(2); "
            + "§1.1350(a)(2)(v)", Every, r => r.Quantity),
        new("Unit of measure", "Unit of the quantity, as recorded (kg, t, box, …).", "same as Quantity", Every, r => r.Unit),
        new("Location", "Where the event happened: the farm's growing-area code (harvesting), the read point (facility code) of the "
            + "event, or the organisation id when none was recorded; shipping: the location shipped from; receiving: where received; "
            + "initial packing and transformation: where packed or made (the TLC source).",
            "§1.1325(a)(1)(iv), (b)(1)(iv); §1.1330(a)(14); §1.1340(a)(5); §1.1345(a)(5); §1.1350(a)(2)(ii)", Every, r => r.Location.Id),
        new("Location description", "Business name, address (commune, district, province, country) and, for farms, coordinates."
            + NoPhone + " Organisations' sites have no street address in Nguon: their commune and country are given.", "§1.1310",
            Every, r => r.Location.Description),
        new("Farm (growing-area code)", "The farm where the food was harvested: its code, which is its growing-area code "
            + "(mã số vùng trồng).", "§1.1325(a)(1)(iv), (b)(1)(vi); §1.1330(a)(4)", Origin, r => r.Farm?.Id),
        new("Farm location description", "The farm's name, owner, address and coordinates." + NoPhone, "§1.1310", Origin,
            r => r.Farm?.Description),
        new("Field or growing area name", "The farm's registered name; Nguon records no field within a farm, so the farm is the "
            + "growing area.", "§1.1325(a)(1)(v); §1.1330(a)(5)", Origin, r => r.GrowingAreaName),
        new("Harvester business name", "The organisation that owns the farm and recorded the harvest." + NoPhone,
            "§1.1330(a)(7)", "Harvesting, " + Packing, r => r.Harvester),
        new("Harvest date", "Date the food received by the initial packer was harvested.", "§1.1330(a)(8)", "Harvesting, " + Packing,
            r => r.HarvestDate),
        new("Cooling location", "Where the food was cooled before initial packing (a storing event with a temperature reading), "
            + "when it was.", "§1.1330(a)(9)", Packing, r => r.CooledAt?.Description),
        new("Cooling date", "Date of that cooling.", "§1.1330(a)(10)", Packing, r => r.CoolingDate),
        new("Date received", "Date the initial packer received the food (its receiving event).", "§1.1330(a)(2)", Packing,
            r => r.ReceivedDate),
        new("Input TLC", "The lot that went into the packed or transformed lot (one row per input lot).", "§1.1350(a)(1)(i)", Made,
            r => r.InputTlc),
        new("Input product description", "Product description of the input lot.", "§1.1350(a)(1)(ii)", Made,
            r => r.InputProductDescription),
        new("Input quantity received", "Quantity of the input lot the initial packer received.", "§1.1330(a)(3)", Packing,
            r => r.InputQuantityReceived),
        new("Input quantity used", "Quantity of the input lot that went into this lot.", "§1.1350(a)(1)(iii)", Made,
            r => r.InputQuantityUsed),
        new("Input unit of measure", "Unit of the input quantities.", "§1.1330(a)(3); §1.1350(a)(1)(iii)", Made, r => r.InputUnit),
        new("Immediate previous source", "Who shipped the lot to the receiver (other than a transporter): the organisation id.",
            "§1.1345(a)(4)", "Receiving", r => r.PreviousSource?.Id),
        new("Immediate previous source description", "Its business name, commune and country." + NoPhone, "§1.1310", "Receiving",
            r => r.PreviousSource?.Description),
        new("Immediate subsequent recipient", "Who the lot was shipped to (other than a transporter): the shipment's destination "
            + "organisation. On harvesting and cooling rows, the first shipment of the harvest lot.",
            "§1.1325(a)(1)(i), (b)(1)(i); §1.1340(a)(4)", "Harvesting, Cooling, Shipping", r => r.SubsequentRecipient?.Id),
        new("Immediate subsequent recipient description", "Its business name, commune and country." + NoPhone, "§1.1310",
            "Harvesting, Cooling, Shipping", r => r.SubsequentRecipient?.Description),
        new("TLC source", "Where the TLC was assigned: the facility code (read point) where the lot was packed or made, or the "
            + "organisation that made it; this code is also the TLC source reference.",
            "§1.1330(a)(14); §1.1340(a)(7); §1.1345(a)(7); §1.1350(a)(2)(ii)", "Initial packing, Transformation, " + Moves,
            r => r.TlcSource?.Id),
        new("TLC source description", "The TLC source's location description." + NoPhone, "§1.1310",
            "Initial packing, Transformation, " + Moves, r => r.TlcSource?.Description),
        new("Reference document type", "The documents the event cites (e.g. phytosanitary-certificate), else \"Nguon event "
            + "record\": the event's database record, a reference document under §1.1310.",
            "§1.1325(a)(1)(viii), (b)(1)(vii); §1.1330(a)(16); §1.1340(a)(8); §1.1345(a)(8); §1.1350(a)(2)(vi)", Every,
            r => r.ReferenceDocumentType),
        new("Reference document number", "The cited documents' names, else the event record's number: batch code # sequence.",
            "same as Reference document type", Every, r => r.ReferenceDocumentNumber),
        new("Nguon batch", "The Nguon batch code of the lot.", "", Every, r => r.Batch),
        new("Nguon event", "The Nguon event the row comes from (batch code # sequence; GET /api/batches/{code}/events).", "", Every,
            r => r.NguonEvent),
        new("Not recorded in Nguon", "Key data elements this event requires that Nguon does not record: left empty, never invented.",
            "", Every, r => string.Join("; ", r.NotRecorded)),
    ];

    /// <summary>The event's name as the rule writes it.</summary>
    public static string Name(Cte cte) => cte switch
    {
        Cte.InitialPacking => "Initial packing",
        var other => other.ToString(),
    };
}
