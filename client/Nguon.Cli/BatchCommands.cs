using System.CommandLine;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class BatchCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var code = Arg("code", "batch code");
        var output_ = Arg("output", "code of the new batch");
        var at = At();
        var step = Required("--step", "business step: " + string.Join(", ", BizStep.All.Where(s => s.Recordable)));
        var disposition = Optional("--disposition", "CBV disposition: " + string.Join(", ", Disposition.All));
        var readPoint = Optional("--read-point", "where (read point id)");
        var location = Optional("--location", "business location id");
        var quantity = Optional("--quantity", "observed quantity, e.g. '1200 kg'");
        var sensors = Many("--sensor", "TYPE=VALUE UNIT, e.g. urn:nguon:sensor:methyl-bromide-dose=32g/m3 (repeatable)");
        var documents = Many("--document", "SHA256[:TYPE[:NAME]] (repeatable)");
        var destination = Optional("--destination", "receiving organisation (shipping)");
        var to = Required("--to", "receiving organisation");
        var eventId = Optional("--event-id", "your id for the event: a retry with the same id records it once");
        var reason = Required("--reason", "why the lot is recalled (kept in the hashed recall event)");
        var parts = Many("--part", "CODE=QUANTITY[@GTIN/LOT] (repeatable)", required: true);
        var inputs = Many("--input", "CODE=QUANTITY taken from an input (repeatable)", required: true);
        var claim = Optional("--claim", "GI the output claims (kept only if every input carries it)");
        var gtin = Optional("--gtin", "GTIN printed on the new batch's label");
        var lot = Optional("--lot", "lot printed on the new batch's label");
        var product = Required("--product", "output product");
        var outputQuantity = Required("--output", "output quantity, e.g. '300 kg'");
        var yield = Required("--yield", "declared yield factor, 0 < f ≤ 1");

        RecordEvent EventFrom(Context c, string bizStep) => new(bizStep, Parse.Time(c.Parse.GetValue(at)), c.Parse.GetValue(eventId),
            c.Parse.GetValue(disposition), c.Parse.GetValue(readPoint), c.Parse.GetValue(location),
            c.Parse.GetValue(quantity) is { } q ? Parse.Quantity(q) : null,
            [.. (c.Parse.GetValue(sensors) ?? []).Select(Parse.Sensor)], [.. (c.Parse.GetValue(documents) ?? []).Select(Parse.Document)],
            c.Parse.GetValue(destination));

        async Task<int> Record(Context c, RecordEvent e, CancellationToken ct)
        {
            c.Print(await c.Client().RecordEvent(c.Value(code), e, ct), PrintEvent);
            return 0;
        }

        yield return Group("batch", "Batches and their events",
            ListCommands.Batches("list", "List the batches you may read, with the filters of `nguon search`", output),
            Make("get", "Show a batch", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetBatch(c.Value(code), ct), PrintBatch);
                return 0;
            }, code),
            Make("events", "A batch's EPCIS events with their hashes", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetEvents(c.Value(code), ct), (con, events) =>
                {
                    var table = new Table().AddColumns("#", "time", "type", "step", "disposition", "actor", "where", "hash");
                    foreach (var e in events)
                        table.AddRow(e.Sequence.ToString(), Context.Format(e.EventTime), e.EventType, Markup.Escape(e.BizStep),
                            Markup.Escape(e.Disposition + (e.Reason is null ? "" : $": {e.Reason}")), e.Actor,
                            Markup.Escape(e.ReadPoint ?? ""), e.Hash[..12] + "…");
                    con.Write(table);
                });
                return 0;
            }, code),
            Make("event", "Record an event (the custodian; an inspector for "
                + string.Join("/", BizStep.All.Where(s => s.Inspection)) + ")", output,
                (c, ct) => Record(c, EventFrom(c, c.Value(step)), ct), code, step, at, eventId, disposition, readPoint, location, quantity,
                    sensors, documents, destination),
            Make("ship", "Ship a batch to another organisation", output,
                (c, ct) => Record(c,
                    EventFrom(c, BizStep.Shipping) with { Destination = c.Value(to), Disposition = Disposition.InTransit.Value }, ct), code,
                    to, at, eventId, readPoint),
            Make("receive", "Receive a batch shipped to you (custody passes to you)", output,
                (c, ct) => Record(c, EventFrom(c, BizStep.Receiving) with { Disposition = Disposition.Active.Value }, ct), code, at,
                    eventId, readPoint),
            Make("recall", "Recall a batch, consumed or not (an inspector or the authority): its descendants too are recalled",
                output, async (c, ct) =>
                {
                    var body = new RecallBatch(c.Value(reason), c.Parse.GetValue(at) is { } t ? Parse.Time(t) : null,
                        c.Parse.GetValue(eventId));
                    c.Print(await c.Client().Recall(c.Value(code), body, ct), PrintEvent);
                    return 0;
                }, code, reason, at, eventId),
            Make("split", "Split a batch into new batches", output, async (c, ct) =>
            {
                var body = new SplitBatch(Parse.Time(c.Parse.GetValue(at)), [.. c.Value(parts).Select(Parse.Part)],
                    c.Parse.GetValue(readPoint));
                c.Print(await c.Client().Split(c.Value(code), body, ct), PrintBatches);
                return 0;
            }, code, parts, at, readPoint),
            Make("merge", "Merge batches in your custody into a new batch", output, async (c, ct) =>
            {
                var body = new CombineBatches(c.Value(output_), Parse.Time(c.Parse.GetValue(at)), [.. c.Value(inputs).Select(Parse.Link)],
                    GiClaim: c.Parse.GetValue(claim), Gtin: c.Parse.GetValue(gtin), Lot: c.Parse.GetValue(lot),
                        ReadPoint: c.Parse.GetValue(readPoint));
                c.Print(await c.Client().Merge(body, ct), PrintBatch);
                return 0;
            }, output_, inputs, at, claim, gtin, lot, readPoint),
            Make("transform", "Transform batches into a new product", output, async (c, ct) =>
            {
                if (!decimal.TryParse(c.Value(yield), System.Globalization.NumberStyles.Number,
                    System.Globalization.CultureInfo.InvariantCulture, out var factor))
                    throw new FormatException($"'{c.Value(yield)}' is not a yield factor such as 0.25");
                var body = new CombineBatches(c.Value(output_), Parse.Time(c.Parse.GetValue(at)), [.. c.Value(inputs).Select(Parse.Link)],
                    c.Value(product), Parse.Quantity(c.Value(outputQuantity)), factor, c.Parse.GetValue(claim), c.Parse.GetValue(gtin),
                        c.Parse.GetValue(lot),
                    c.Parse.GetValue(readPoint), OriginKind.Transformation);
                c.Print(await c.Client().Transform(body, ct), PrintBatch);
                return 0;
            }, output_, inputs, product, outputQuantity, yield, at, claim, gtin, lot, readPoint));
    }

    public static void PrintBatch(IAnsiConsole con, Batch b)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("batch", Markup.Escape(b.Code + (b.Gtin is null ? "" : $" (GTIN {b.Gtin} lot {b.Lot})")));
        table.AddRow("product", Markup.Escape(b.Product + (b.Variety is null ? "" : $" ({b.Variety})")));
        table.AddRow("quantity", $"{Context.Format(b.Quantity)}, {b.Remaining} {b.Quantity.Unit} left");
        table.AddRow("status", b.Status.ToString().ToLowerInvariant() + (b.Destination is null ? "" : $" → {b.Destination}"));
        table.AddRow("GI claim", b.GiClaim ?? "none");
        table.AddRow("custodian", b.Custodian);
        if (b.FormerCustodians is { Count: > 0 } former) table.AddRow("held before by", Markup.Escape(string.Join(", ", former)));
        table.AddRow("origin", Markup.Escape(b.Origin.Kind == OriginKind.Harvest
            ? $"harvest on farm {b.Origin.Farm} ({b.Origin.Season})"
            : $"{b.Origin.Kind.ToString().ToLowerInvariant()} "
                + $"of {string.Join(", ", b.Origin.Parents.Select(p => $"{p.Batch} ({p.Taken})"))}"));
        if (b.Children.Count > 0) table.AddRow("children",
            Markup.Escape(string.Join(", ", b.Children.Select(c => $"{c.Batch} ({c.Quantity})"))));
        table.AddRow("events", $"{b.EventCount}, head {b.HeadHash}");
        con.Write(table);
    }

    private static void PrintBatches(IAnsiConsole con, List<Batch> batches)
    {
        foreach (var b in batches) PrintBatch(con, b);
    }

    private static void PrintEvent(IAnsiConsole con, BatchEvent e) =>
        con.WriteLine($"event {e.Sequence} {e.BizStep} at {Context.Format(e.EventTime)} by {e.Actor}, hash {e.Hash}");
}
