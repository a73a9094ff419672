using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Client.Demo;

public sealed partial class DemoData
{
    private async Task LycheeChain(CancellationToken ct)
    {
        var harvests = new[] { ("PS", "PS-LN26-H-0001", 1200m), ("QS", "QS-LN26-H-0002", 800m), ("HG", "HG-LN26-H-0003", 600m) };
        foreach (var (commune, code, kg) in harvests)
        {
            await As(Producer(commune)).RecordHarvest(FarmCode(commune, 1),
                new RecordHarvest(code, "lychee", new Quantity(kg, "kg"), At(2026, 6, 10, 6), LycheeGi, Variety: "thiều"), ct);
            await ShipAndReceive(code, Producer(commune), Packer, At(2026, 6, 10, 9), At(2026, 6, 10, 11), ct);
        }
        var packer = As(Packer);
        await packer.Merge(new CombineBatches("PH01-LN26-P-0001", At(2026, 6, 10, 13),
            [new("PS-LN26-H-0001", new(1200m, "kg")), new("QS-LN26-H-0002", new(800m, "kg")), new("HG-LN26-H-0003", new(400m, "kg"))],
            GiClaim: LycheeGi, ReadPoint: "PH-BG-LN-001"), ct);
        await packer.RecordEvent("PH01-LN26-P-0001", Event(BizStep.Packing, At(2026, 6, 10, 15), "PH-BG-LN-001"), ct);
        var fumigationRecord = await Upload(packer, "PH01-LN26-P-0001", DemoDocuments.Fumigation(), "application/pdf",
            DemoDocuments.FumigationName, "fumigation-record", ct);
        await packer.RecordEvent("PH01-LN26-P-0001", Event(BizStep.Fumigating, At(2026, 6, 10, 17), "FUM-BG-01") with
        {
            Sensors = [new("urn:nguon:sensor:methyl-bromide-dose", 32m, "g/m3"), new("urn:nguon:sensor:exposure-duration", 2m, "h"),
                new("Temperature", 24.5m, "CEL")],
            Documents = [fumigationRecord],
        }, ct);
        // The inspector samples the packed lot; the laboratory's residue report and its results go on the record.
        var residueReport = await Upload(As(Inspector), "PH01-LN26-P-0001", DemoDocuments.ResidueReport(), "application/json",
            DemoDocuments.ResidueName, "residue-report", ct);
        await As(Inspector).RecordEvent("PH01-LN26-P-0001", Event(BizStep.Sampling, At(2026, 6, 10, 18), "PH-BG-LN-001") with
        {
            Sensors = [.. DemoDocuments.Residues.Select(r => new SensorReading("urn:nguon:residue:" + r.Substance, r.MgPerKg, "mg/kg"))],
            Documents = [residueReport],
        }, ct);
        await packer.Split("PH01-LN26-P-0001", new SplitBatch(At(2026, 6, 11, 7),
            [new SplitPart(ExportLot, new(1500m, "kg"), Label(1), "LN26EXP01"), new SplitPart("PH01-LN26-DOM-0001", new(900m, "kg"))],
                "PH-BG-LN-001"), ct);
        var phytosanitary = await Upload(As(Inspector), ExportLot, DemoDocuments.Phytosanitary(), "application/pdf",
            DemoDocuments.PhytosanitaryName, "phytosanitary-certificate", ct);
        await As(Inspector).RecordEvent(ExportLot, Event(BizStep.Inspecting, At(2026, 6, 11, 9), "PH-BG-LN-001") with
        {
            Disposition = Disposition.Conformant.Value,
            Documents = [phytosanitary],
        }, ct);
        await ShipAndReceive(ExportLot, Packer, Importer, At(2026, 6, 11, 12), At(2026, 6, 13, 10), ct);
        await ShipAndReceive("PH01-LN26-DOM-0001", Packer, Retailer, At(2026, 6, 11, 12), At(2026, 6, 11, 18), ct);
        await As(Retailer).Split("PH01-LN26-DOM-0001", new SplitBatch(At(2026, 6, 12, 8),
            [new SplitPart(RetailLot, new(50m, "kg"), Label(2), "LN26RT01")], "VN-HN-STORE-01"), ct);
    }

    /// <summary>A Thanh Hà farm outside the GI area: its harvest claiming the GI is refused, and so is putting the
    /// exporter's GTIN on its lot (not its prefix); so it harvests without a claim and labels the fruit with its own
    /// GTIN, which it registered as Lục Ngạn lychee — the label page says the lot does not verify for that GI, and why.</summary>
    private async Task<string> CounterfeitChain(CancellationToken ct)
    {
        const string farm = "VNHD-TH-TH-001";
        var trader = As(Trader);
        await trader.RegisterFarm(farm, new RegisterFarm("Vườn vải Thanh Hà", Trader, new AdminArea("Thanh Hà", "Thanh Hà", "Hải Dương"),
            ThanhHaOrchard, 1.2m, ["lychee"]), ct);
        var refusal = await Refusal(() => trader.RecordHarvest(farm,
            new RecordHarvest("TRTH-TH26-H-0000", "lychee", new(500m, "kg"), At(2026, 6, 12, 6), LycheeGi), ct));
        var codeSquat = await Refusal(() => trader.RecordHarvest(farm,
            new RecordHarvest("PS-LN26-H-0004", "lychee", new(500m, "kg"), At(2026, 6, 12, 6)), ct));
        await trader.RecordHarvest(farm, new RecordHarvest("TRTH-TH26-H-0001", "lychee", new(500m, "kg"), At(2026, 6, 12, 6)), ct);
        var squat = await Refusal(() => trader.Split("TRTH-TH26-H-0001",
            new SplitBatch(At(2026, 6, 12, 9), [new SplitPart(Counterfeit, new(500m, "kg"), Label(1), "LN26FAKE1")]), ct));
        await trader.Split("TRTH-TH26-H-0001",
            new SplitBatch(At(2026, 6, 12, 9), [new SplitPart(Counterfeit, new(500m, "kg"), TraderLabel, "LN26FAKE1")]), ct);
        return $"counterfeit harvest claiming {LycheeGi} refused: {refusal}; the exporter's GTIN on its lot refused: {squat}; "
            + $"a batch code in a cooperative's code space refused: {codeSquat}";
    }

    /// <summary>Why the API refused what <paramref name="attempt"/> tried (the demo shows that these are refused).</summary>
    private static async Task<string> Refusal<T>(Func<Task<T>> attempt)
    {
        try
        {
            await attempt();
            return "unexpectedly accepted";
        }
        catch (NguonApiException e)
        {
            return e.Message;
        }
    }

    private async Task ShipAndReceive(string batch, string from, string to, DateTimeOffset shipped, DateTimeOffset received,
        CancellationToken ct)
    {
        await As(from).RecordEvent(batch,
            Event(BizStep.Shipping, shipped, null) with { Destination = to, Disposition = Disposition.InTransit.Value }, ct);
        await As(to).RecordEvent(batch, Event(BizStep.Receiving, received, null) with { Disposition = Disposition.Active.Value }, ct);
    }

    /// <summary>Uploads a document to a batch and returns the reference an event records.</summary>
    private static async Task<DocumentRef> Upload(NguonClient client, string batch, byte[] bytes, string mediaType, string name,
        string type, CancellationToken ct)
    {
        var stored = await client.UploadDocument(DocumentSubjectKind.Batch, batch, new MemoryStream(bytes), mediaType, name, type, ct);
        return new DocumentRef(stored.Sha256, type, name);
    }

    private static RecordEvent Event(string bizStep, DateTimeOffset at, string? readPoint) => new(bizStep, at, ReadPoint: readPoint);
}
