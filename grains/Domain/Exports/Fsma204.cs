using Nguon.Model;

namespace Nguon.Domain.Exports;

/// <summary>The FSMA 204 rows of a chain (21 CFR 1.1325–1.1350): one row per critical tracking event back to the
/// harvests (initial packing and transformation: one per input lot). How Nguon's records map onto the events:
/// <list type="bullet">
/// <item>a harvest lot's creation is <b>harvesting</b> (§1.1325(a)); a <c>storing</c> event with a temperature reading before
/// the lot is packed is <b>cooling</b> (§1.1325(b));</item>
/// <item>the first lot made from harvest lots (a merge or a split at the packer) is <b>initial packing</b> (§1.1330), dated by
/// its first <c>packing</c> event (else its creation); a <c>packing</c> event on a harvest lot itself is its initial
/// packing;</item>
/// <item>any other lot made from lots (a split part, a merge, a transformation) is a <b>transformation</b> (§1.1350): Nguon
/// gives every part its own code, hence its own traceability lot code;</item>
/// <item><c>shipping</c> and <c>receiving</c> events are <b>shipping</b> and <b>receiving</b> (§1.1340, §1.1345), except before
/// initial packing, which those sections exempt (§1.1340(c), §1.1345(c)): those events give the harvest's subsequent
/// recipient and the packer's date received instead.</item>
/// </list>
/// Other events (inspection, sampling, fumigation, holding) are not critical tracking events and make no row.</summary>
public static class Fsma204
{
    /// <summary>What no Nguon record holds: every location description (§1.1310) asks for a phone number.</summary>
    public const string NoPhone = "phone numbers";

    public static IReadOnlyList<FsmaRow> Rows(FsmaChain chain) => new Builder(chain).Build();

    /// <summary>The traceability lot code: GTIN + lot as a GS1 element string where the lot carries a label, else the
    /// batch code.</summary>
    public static string Tlc(string code, string? gtin, string? lot) =>
        gtin is not null && lot is not null ? $"(01){Gtin.ToGtin14(gtin)}(10){lot}" : code;

    private sealed class Builder(FsmaChain chain)
    {
        private readonly Dictionary<string, FsmaLot> lots = chain.Lots.GroupBy(l => l.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        private readonly Dictionary<string, FsmaFarm> farms = chain.Farms.GroupBy(f => f.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        private readonly Dictionary<string, FsmaParty> parties = chain.Parties.GroupBy(p => p.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        private readonly Dictionary<string, FsmaProduct> products = chain.Products
            .GroupBy(p => Gtin.ToGtin14(p.Gtin), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        public IReadOnlyList<FsmaRow> Build()
        {
            var rows = new List<FsmaRow>();
            foreach (var lot in lots.Values)
            {
                if (lot.Events.Count == 0) continue;
                if (lot.Origin == OriginKind.Harvest) rows.AddRange(HarvestLot(lot));
                else rows.AddRange(MadeLot(lot));
                rows.AddRange(Movements(lot));
            }
            return [.. rows.OrderBy(r => r.Time).ThenBy(r => r.Event).ThenBy(r => r.Tlc, StringComparer.Ordinal)
                .ThenBy(r => r.InputTlc, StringComparer.Ordinal)];
        }

        // ---- lots and their packing ----------------------------------------------------------------------------

        /// <summary>The sequence of a harvest lot's first packing event (its initial packing in place); events before it
        /// are before initial packing. Null when it was never packed itself.</summary>
        private static int? PackedAt(FsmaLot lot) =>
            lot.Origin == OriginKind.Harvest ? lot.Events.FirstOrDefault(e => BizStep.Packing.Is(e.BizStep))?.Sequence : 1;

        /// <summary>Whether a lot was still unpacked when <paramref name="child"/> was taken from it: a harvest lot before
        /// its own packing event. A parent missing from the chain counts as packed (nothing is known of it).</summary>
        private bool UnpackedWhenTaken(string parent, string child) =>
            lots.TryGetValue(parent, out var p) && p.Origin == OriginKind.Harvest
            && TakeOf(p, child) is { } take && (PackedAt(p) is not { } packed || take.Sequence < packed);

        private static FsmaEvent? TakeOf(FsmaLot parent, string child) =>
            parent.Events.FirstOrDefault(e => e.Outputs.Any(o => o.Batch == child));

        private bool IsInitialPacking(FsmaLot lot) =>
            lot.Origin != OriginKind.Harvest && lot.Parents.Count > 0 && lot.Parents.All(p => UnpackedWhenTaken(p.Batch, lot.Code));

        /// <summary>Where the lot's traceability lot code was assigned: where it was made (or packed in place).</summary>
        private FsmaPlace? TlcSource(FsmaLot lot)
        {
            if (lot.Origin != OriginKind.Harvest) return Place(lot.Events[0], lot.FirstCustodian);
            return PackedAt(lot) is { } packed ? Place(lot.Events.First(e => e.Sequence == packed), null) : null;
        }

        // ---- rows -----------------------------------------------------------------------------------------------

        private IEnumerable<FsmaRow> HarvestLot(FsmaLot lot)
        {
            var created = lot.Events[0];
            var farm = lot.Farm is { } code && farms.TryGetValue(code, out var f) ? f : null;
            var farmPlace = FarmPlace(lot.Farm, farm);
            var packedAt = PackedAt(lot);
            var before = lot.Events.Where(e => packedAt is not { } p || e.Sequence < p).ToList();
            var harvested = Row(lot, Cte.Harvesting, created, created.Quantity ?? lot.Quantity, farmPlace);
            yield return harvested with
            {
                Farm = farmPlace,
                GrowingAreaName = farm?.Name,
                Harvester = farm is null ? null : PartyName(farm.Owner),
                HarvestDate = DateOf(created),
                SubsequentRecipient = NextRecipient(before, created.Sequence),
                TlcSource = null,
                NotRecorded = [.. harvested.NotRecorded, .. Note(NextRecipient(before, created.Sequence) is null, NoRecipient),
                    .. Note(farm is null, "farm record")],
            };
            foreach (var cooling in before.Where(IsCooling))
            {
                var held = cooling.Quantity ?? RemainingBefore(lot, cooling.Sequence);
                var cooled = Row(lot, Cte.Cooling, cooling, held, Place(cooling, null));
                yield return cooled with
                {
                    Farm = farmPlace,
                    GrowingAreaName = farm?.Name,
                    SubsequentRecipient = NextRecipient(before, cooling.Sequence),
                    TlcSource = null,
                    NotRecorded = [.. cooled.NotRecorded, .. Note(NextRecipient(before, cooling.Sequence) is null, NoRecipient)],
                };
            }
            if (packedAt is { } seq)
            {
                var packing = lot.Events.First(e => e.Sequence == seq);
                var packed = Row(lot, Cte.InitialPacking, packing, packing.Quantity ?? RemainingBefore(lot, seq), Place(packing, null));
                yield return WithInput(packed, lot, lot.Code, packing.Quantity ?? RemainingBefore(lot, seq), seq);
            }
        }

        private IEnumerable<FsmaRow> MadeLot(FsmaLot lot)
        {
            var created = lot.Events[0];
            if (IsInitialPacking(lot))
            {
                // Dated by the packing itself when recorded; the code was assigned where the lot was made.
                var packing = lot.Events.FirstOrDefault(e => BizStep.Packing.Is(e.BizStep)) ?? created;
                var row = Row(lot, Cte.InitialPacking, packing, lot.Quantity, Place(packing, lot.FirstCustodian));
                foreach (var parent in lot.Parents)
                {
                    var input = lots[parent.Batch];
                    yield return WithInput(row, input, lot.Code, parent.Quantity, TakeOf(input, lot.Code)!.Sequence);
                }
                yield break;
            }
            var made = Row(lot, Cte.Transformation, created, lot.Quantity, Place(created, lot.FirstCustodian));
            foreach (var parent in lot.Parents)
            {
                var input = lots.GetValueOrDefault(parent.Batch);
                yield return made with
                {
                    InputTlc = input is null ? parent.Batch : Tlc(input.Code, input.Gtin, input.Lot),
                    InputProductDescription = input is null ? null : ProductDescription(input),
                    InputQuantityUsed = parent.Quantity.Amount,
                    InputUnit = parent.Quantity.Unit,
                    NotRecorded = [.. made.NotRecorded, .. Note(input is null, $"input lot {parent.Batch} (not in the chain)")],
                };
            }
        }

        /// <summary>An initial packing row for one harvest lot that went into it (§1.1330(a)(1)–(10)).</summary>
        private FsmaRow WithInput(FsmaRow packed, FsmaLot input, string packedLot, Quantity used, int takeSequence)
        {
            var farm = input.Farm is { } code && farms.TryGetValue(code, out var f) ? f : null;
            var before = input.Events.Where(e => e.Sequence < takeSequence).ToList();
            var received = before.LastOrDefault(e => BizStep.Receiving.Is(e.BizStep));
            var cooled = before.LastOrDefault(IsCooling);
            return packed with
            {
                Commodity = input.Product,
                Variety = input.Variety,
                Farm = FarmPlace(input.Farm, farm),
                GrowingAreaName = farm?.Name,
                Harvester = farm is null ? null : PartyName(farm.Owner),
                HarvestDate = DateOf(input.Events[0]),
                CooledAt = cooled is null ? null : Place(cooled, null),
                CoolingDate = cooled is null ? null : DateOf(cooled),
                ReceivedDate = received is null ? null : DateOf(received),
                InputTlc = Tlc(input.Code, input.Gtin, input.Lot),
                InputProductDescription = ProductDescription(input),
                InputQuantityReceived = received is null ? null
                    : received.Quantity?.Amount ?? RemainingBefore(input, received.Sequence).Amount,
                InputQuantityUsed = used.Amount,
                InputUnit = used.Unit,
                NotRecorded =
                    [.. packed.NotRecorded, .. Note(received is null && input.Code != packedLot, "date the packer received the food")],
            };
        }

        /// <summary>Shipping and receiving events of a lot once it is packed (§1.1340, §1.1345).</summary>
        private IEnumerable<FsmaRow> Movements(FsmaLot lot)
        {
            if (PackedAt(lot) is not { } packed) yield break;
            var source = TlcSource(lot);
            string? lastShipper = null;
            foreach (var e in lot.Events.Where(e => e.Sequence >= packed))
            {
                var quantity = e.Quantity ?? RemainingBefore(lot, e.Sequence);
                if (BizStep.Shipping.Is(e.BizStep))
                {
                    lastShipper = e.Actor;
                    var row = Row(lot, Cte.Shipping, e, quantity, Place(e, e.Actor));
                    yield return row with
                    {
                        SubsequentRecipient = e.Destination is null ? null : PartyPlace(e.Destination),
                        TlcSource = source,
                        NotRecorded = [.. row.NotRecorded, .. Note(e.Destination is null, "immediate subsequent recipient")],
                    };
                }
                else if (BizStep.Receiving.Is(e.BizStep))
                {
                    var row = Row(lot, Cte.Receiving, e, quantity, Place(e, e.Actor));
                    yield return row with
                    {
                        PreviousSource = lastShipper is null ? null : PartyPlace(lastShipper),
                        TlcSource = source,
                        NotRecorded =
                            [.. row.NotRecorded, .. Note(lastShipper is null, "immediate previous source (no shipment recorded)")],
                    };
                }
            }
        }

        /// <summary>The fields every row has: the lot, the event, where, how much, the reference document.</summary>
        private FsmaRow Row(FsmaLot lot, Cte cte, FsmaEvent e, Quantity quantity, FsmaPlace location)
        {
            var (docType, docNumber) = ReferenceDocument(lot, e);
            var product = ProductOf(lot);
            return new FsmaRow
            {
                Event = cte,
                Time = e.EventTime,
                Tlc = Tlc(lot.Code, lot.Gtin, lot.Lot),
                Gtin = lot.Gtin is null ? null : Gtin.ToGtin14(lot.Gtin),
                Lot = lot.Lot,
                ProductDescription = ProductDescription(lot),
                Commodity = lot.Product,
                Variety = lot.Variety,
                Quantity = quantity.Amount,
                Unit = quantity.Unit,
                Location = location,
                TlcSource = TlcSource(lot),
                ReferenceDocumentType = docType,
                ReferenceDocumentNumber = docNumber,
                Batch = lot.Code,
                NguonEvent = $"{lot.Code}#{e.Sequence}",
                NotRecorded = [NoPhone, .. Note(product?.NetContent is null && cte is not (Cte.Harvesting or Cte.Cooling),
                    "packaging size and style (no product master data with a net content for the lot's GTIN)")],
            };
        }

        // ---- KDE values ------------------------------------------------------------------------------------------

        private const string NoRecipient = "immediate subsequent recipient (no shipment recorded)";

        /// <summary>A key data element the records lack, when <paramref name="missing"/>.</summary>
        private static IEnumerable<string> Note(bool missing, string what) => missing ? [what] : [];

        private FsmaProduct? ProductOf(FsmaLot lot) =>
            lot.Gtin is { } gtin && products.TryGetValue(Gtin.ToGtin14(gtin), out var p) ? p : null;

        /// <summary>§1.1310: the product's name (brand, commodity, variety), packaging size and style, as far as recorded.</summary>
        private string ProductDescription(FsmaLot lot)
        {
            var commodity = lot.Variety is null ? lot.Product : $"{lot.Product} ({lot.Variety})";
            return ProductOf(lot) is { } p
                ? $"{p.Name}: {commodity}" + (p.NetContent is { } net ? $", {net} per trade unit" : "")
                : commodity;
        }

        /// <summary>The documents the event cites (type and name), else the event's own record: a database record is a
        /// reference document (§1.1310), numbered "{batch}#{sequence}".</summary>
        private static (string Type, string Number) ReferenceDocument(FsmaLot lot, FsmaEvent e) =>
            e.Documents.Count > 0
                ? (string.Join("; ", e.Documents.Select(d => d.Type ?? "document")),
                    string.Join("; ", e.Documents.Select(d => d.Name ?? d.Sha256)))
                : ("Nguon event record", $"{lot.Code}#{e.Sequence}");

        private static bool IsCooling(FsmaEvent e) =>
            BizStep.Storing.Is(e.BizStep) && e.Sensors.Any(s => s.Type.Equals("Temperature", StringComparison.OrdinalIgnoreCase));

        /// <summary>The destination of the first shipment after <paramref name="after"/> among <paramref name="events"/>.</summary>
        private FsmaPlace? NextRecipient(IReadOnlyList<FsmaEvent> events, int after) =>
            events.FirstOrDefault(e => e.Sequence > after && BizStep.Shipping.Is(e.BizStep) && e.Destination is not null) is { } shipped
                ? PartyPlace(shipped.Destination!)
                : null;

        /// <summary>What the lot held just before event <paramref name="sequence"/>: its quantity less what earlier events
        /// took out of it for other lots.</summary>
        private static Quantity RemainingBefore(FsmaLot lot, int sequence)
        {
            var taken = lot.Events.Where(e => e.Sequence < sequence).SelectMany(e => e.Outputs)
                .Where(o => Units.Compatible(o.Quantity.Unit, lot.Quantity.Unit)).Sum(o => Units.AmountIn(o.Quantity, lot.Quantity.Unit));
            return lot.Quantity with { Amount = lot.Quantity.Amount - taken };
        }

        private static DateOnly DateOf(FsmaEvent e) => DateOnly.FromDateTime(e.EventTime.DateTime);

        // ---- location descriptions ---------------------------------------------------------------------------------

        /// <summary>Where an event happened: its read point (a farm, or a facility code of <paramref name="organisation"/> or
        /// the event's actor), else its business location, else the organisation itself.</summary>
        private FsmaPlace Place(FsmaEvent e, string? organisation)
        {
            var at = e.ReadPoint ?? e.BizLocation;
            if (at is not null && farms.TryGetValue(at, out var farm)) return FarmPlace(at, farm);
            var party = PartyPlace(organisation ?? e.Actor);
            return at is null ? party : new FsmaPlace(at, $"{at}, {party.Description}");
        }

        private FsmaPlace FarmPlace(string? code, FsmaFarm? farm)
        {
            if (farm is null) return new FsmaPlace(code ?? "", code is null ? "" : $"farm {code}");
            var a = farm.Address;
            var country = parties.GetValueOrDefault(farm.Owner)?.Country;
            var coordinates = Geo.TryParseStored(farm.LocationGeoJson, Geo.LocationTypes, out var g, out _)
                ? FormattableString.Invariant($", {g.Centroid.Y:0.00000}, {g.Centroid.X:0.00000} (latitude, longitude)") : "";
            return new FsmaPlace(farm.Code, $"{farm.Name}, {PartyName(farm.Owner)}, {a.Commune}, {a.District}, {a.Province}"
                + (country is null ? "" : $", {country}") + coordinates);
        }

        private FsmaPlace PartyPlace(string organisation) =>
            new(organisation, string.Join(", ", new[]
            {
                PartyName(organisation), parties.GetValueOrDefault(organisation)?.Commune, parties.GetValueOrDefault(organisation)?.Country,
            }.OfType<string>()));

        private string PartyName(string organisation) =>
            parties.TryGetValue(organisation, out var p) ? $"{p.Name} ({organisation})" : organisation;
    }
}
