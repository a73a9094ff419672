using System.Globalization;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Demo;

/// <summary>An illustrative data set: the Lục Ngạn lychee GI (with a Japanese registration), the Lục Nam custard
/// apple GI, twenty Lục Ngạn farms, a harvest → packing → fumigation → export chain with a merge and a split,
/// and one counterfeit. Registration numbers, areas and coordinates are plausible, not official.</summary>
public sealed class DemoData(IGrainFactory grains)
{
    public const string LycheeGi = "VN-GI-00017";
    public const string CustardAppleGi = "VN-GI-00084";
    public const string Authority = "dost-bacgiang";
    public const string Packer = "ph-lucngan-01";
    public const string Importer = "jp-importer-tokyo";
    public const string Retailer = "vn-retail-hanoi";
    public const string ExportLot = "LN26-EXP-0001";
    public const string RetailLot = "LN26-RT-0001";
    public const string Counterfeit = "FAKE-LN-0001";

    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);
    private static readonly Actor AuthorityActor = new(Authority);

    private static readonly (string Code, string Commune, double Lon, double Lat)[] Communes =
    [
        ("PS", "Phượng Sơn", 106.52, 21.33), ("QS", "Quý Sơn", 106.60, 21.35), ("HG", "Hồng Giang", 106.57, 21.30),
        ("TH", "Thanh Hải", 106.55, 21.37), ("ND", "Nam Dương", 106.48, 21.30), ("TQ", "Tân Quang", 106.66, 21.40),
        ("GS", "Giáp Sơn", 106.63, 21.42), ("BD", "Biển Động", 106.72, 21.44), ("KT", "Kiên Thành", 106.50, 21.41),
        ("MA", "Mỹ An", 106.58, 21.39),
    ];

    public const string LucNganArea = """{"type":"Polygon","coordinates":[[[106.38,21.22],[106.62,21.20],[106.86,21.28],[106.90,21.45],[106.78,21.58],[106.52,21.56],[106.40,21.45],[106.38,21.22]]]}""";
    public const string LucNamArea = """{"type":"Polygon","coordinates":[[[106.20,21.15],[106.36,21.14],[106.37,21.32],[106.22,21.33],[106.20,21.15]]]}""";

    public static string FarmCode(string commune, int n) => $"VNBG-LN-{commune}-{n:000}";

    public async Task<List<string>> LoadAsync()
    {
        var log = new List<string>();
        if (await grains.GetGrain<ICertificateGrain>(LycheeGi).Get() is not null)
        {
            log.Add("demo data already loaded");
            return log;
        }
        await Certificates();
        await Farms();
        await LycheeChain();
        await CounterfeitChain(log);
        log.Add($"loaded 2 GI certificates, {Communes.Length * 2 + 2} farms and the chain; try GET /api/batches/{ExportLot}/verification, /api/batches/{RetailLot}/trace and /api/batches/{Counterfeit}/verification?claim={LycheeGi}");
        return log;
    }

    private async Task Certificates()
    {
        Must(await grains.GetGrain<ICertificateGrain>(LycheeGi).Register(new RegisterCertificate(
            new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"), "lychee", ["thiều", "thiều Phú Hộ"],
            "Sở Khoa học và Công nghệ tỉnh Bắc Giang", LucNganArea, At(2008, 3, 19),
            new Specification(12_000m, ["fruit ≥ 10 % heavier than ordinary thiều lychee", "Brix 2–3 % above ordinary lychee"]),
            ForeignRegistrations: [new ForeignRegistration("JP", "GI-104", new DateOnly(2021, 3, 12))]), AuthorityActor));
        Must(await grains.GetGrain<ICertificateGrain>(CustardAppleGi).Register(new RegisterCertificate(
            new LocalizedText("Na dai Lục Nam", "Luc Nam custard apple", "ルックナム・カスタードアップル"), "custard apple", ["na dai"],
            "UBND huyện Lục Nam", LucNamArea, At(2020, 5, 1), new Specification(15_000m)), AuthorityActor));
    }

    private async Task Farms()
    {
        var farms = Communes.SelectMany(c => new[] { 1, 2 }.Select(n => (c, n))).ToList();
        await Task.WhenAll(farms.Select(async f =>
        {
            var (c, n) = f;
            var code = FarmCode(c.Code, n);
            var lon = (c.Lon + n * 0.004).ToString("0.000", CultureInfo.InvariantCulture);
            var lat = (c.Lat - n * 0.003).ToString("0.000", CultureInfo.InvariantCulture);
            var farm = grains.GetGrain<IFarmGrain>(code);
            Must(await farm.Register(new RegisterFarm($"Vườn vải {c.Commune} {n}", $"htx-{c.Code.ToLowerInvariant()}",
                new AdminArea(c.Commune, "Lục Ngạn", "Bắc Giang"), $$"""{"type":"Point","coordinates":[{{lon}},{{lat}}]}""",
                0.8m + n * 0.6m, ["lychee"]), AuthorityActor));
            Must(await farm.Authorise(new AuthoriseFarm(LycheeGi, At(2024, 1, 1), $"QĐ-{c.Code}{n:00}/2024/SKHCN", At(2028, 12, 31)), AuthorityActor));
        }));
        var custard = grains.GetGrain<IFarmGrain>("VNBG-LNA-CL-001");
        Must(await custard.Register(new RegisterFarm("Vườn na Cẩm Lý", "htx-cam-ly", new AdminArea("Cẩm Lý", "Lục Nam", "Bắc Giang"),
            """{"type":"Point","coordinates":[106.30,21.25]}""", 1.5m, ["custard apple"]), AuthorityActor));
        Must(await custard.Authorise(new AuthoriseFarm(CustardAppleGi, At(2024, 1, 1), "QĐ-CL01/2024/UBND"), AuthorityActor));
    }

    private async Task LycheeChain()
    {
        var harvests = new[] { ("PS", "LN26-H-0001", 1200m), ("QS", "LN26-H-0002", 800m), ("HG", "LN26-H-0003", 600m) };
        foreach (var (commune, code, kg) in harvests)
        {
            Must(await grains.GetGrain<IFarmGrain>(FarmCode(commune, 1)).RecordHarvest(
                new RecordHarvest(code, "lychee", new Quantity(kg, "kg"), At(2026, 6, 10, 6), LycheeGi, Variety: "thiều"), new Actor($"htx-{commune.ToLowerInvariant()}")));
            await ShipAndReceive(code, $"htx-{commune.ToLowerInvariant()}", Packer, At(2026, 6, 10, 9), At(2026, 6, 10, 11));
        }
        var packer = new Actor(Packer);
        Must(await grains.GetGrain<IBatchGrain>("LN26-P-0001").Combine(new CombineBatches("LN26-P-0001", At(2026, 6, 10, 13),
            [new("LN26-H-0001", new(1200m, "kg")), new("LN26-H-0002", new(800m, "kg")), new("LN26-H-0003", new(400m, "kg"))],
            GiClaim: LycheeGi, ReadPoint: "PH-BG-LN-001"), packer));
        var packed = grains.GetGrain<IBatchGrain>("LN26-P-0001");
        Must(await packed.RecordEvent(Event("packing", At(2026, 6, 10, 15), "PH-BG-LN-001"), packer));
        Must(await packed.RecordEvent(Event(BatchRules.Fumigating, At(2026, 6, 10, 17), "FUM-BG-01") with
        {
            Sensors = [new("urn:nguon:sensor:methyl-bromide-dose", 32m, "g/m3"), new("urn:nguon:sensor:exposure-duration", 2m, "h"), new("Temperature", 24.5m, "CEL")],
        }, packer));
        Must(await packed.Split(new SplitBatch(At(2026, 6, 11, 7),
            [new SplitPart(ExportLot, new(1500m, "kg"), Label(1), "LN26EXP01"), new SplitPart("LN26-DOM-0001", new(900m, "kg"), null, null)], "PH-BG-LN-001"), packer));
        var export = grains.GetGrain<IBatchGrain>(ExportLot);
        Must(await export.RecordEvent(Event("inspecting", At(2026, 6, 11, 9), "PH-BG-LN-001") with
        {
            Disposition = "conformant",
            Documents = [new DocumentRef("3f0c8e5b8a1d4c2e9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e", "phytosanitary-certificate", "PC-2026-BG-00871.pdf")],
        }, packer));
        await ShipAndReceive(ExportLot, Packer, Importer, At(2026, 6, 11, 12), At(2026, 6, 13, 10));
        await ShipAndReceive("LN26-DOM-0001", Packer, Retailer, At(2026, 6, 11, 12), At(2026, 6, 11, 18));
        Must(await grains.GetGrain<IBatchGrain>("LN26-DOM-0001").Split(new SplitBatch(At(2026, 6, 12, 8),
            [new SplitPart(RetailLot, new(50m, "kg"), Label(2), "LN26RT01")], "VN-HN-STORE-01"), new Actor(Retailer)));
    }

    private async Task CounterfeitChain(List<string> log)
    {
        const string farmCode = "VNHD-TH-TH-001";
        var trader = new Actor("trader-thanhha");
        var farm = grains.GetGrain<IFarmGrain>(farmCode);
        Must(await farm.Register(new RegisterFarm("Vườn vải Thanh Hà", "trader-thanhha", new AdminArea("Thanh Hà", "Thanh Hà", "Hải Dương"),
            """{"type":"Point","coordinates":[106.43,20.90]}""", 1.2m, ["lychee"]), AuthorityActor));
        var refused = await farm.RecordHarvest(new RecordHarvest("TH26-H-0000", "lychee", new(500m, "kg"), At(2026, 6, 12, 6), LycheeGi), trader);
        log.Add($"counterfeit harvest claiming {LycheeGi} refused: {string.Join("; ", refused.Violations)}");
        Must(await farm.RecordHarvest(new RecordHarvest("TH26-H-0001", "lychee", new(500m, "kg"), At(2026, 6, 12, 6)), trader));
        // Relabelled as Lục Ngạn lychee: the label claims the GI the batch does not carry.
        Must(await grains.GetGrain<IBatchGrain>("TH26-H-0001").Split(new SplitBatch(At(2026, 6, 12, 9),
            [new SplitPart(Counterfeit, new(500m, "kg"), Label(1), "LN26FAKE1")], null), trader));
    }

    private async Task ShipAndReceive(string batch, string from, string to, DateTimeOffset shipped, DateTimeOffset received)
    {
        var grain = grains.GetGrain<IBatchGrain>(batch);
        Must(await grain.RecordEvent(Event("shipping", shipped, null) with { Destination = to, Disposition = "in_transit" }, new Actor(from)));
        Must(await grain.RecordEvent(Event("receiving", received, null) with { Disposition = "active" }, new Actor(to)));
    }

    /// <summary>A demo GTIN-14 under an illustrative company prefix, with its real check digit.</summary>
    public static string Label(int item)
    {
        var body = $"0893500010{item:000}";
        return body + Gtin.CheckDigit(body);
    }

    private static RecordEvent Event(string bizStep, DateTimeOffset at, string? readPoint) => new(bizStep, at, ReadPoint: readPoint);

    private static DateTimeOffset At(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, Hanoi);

    private static void Must<T>(Outcome<T> outcome)
    {
        if (!outcome.IsOk) throw new InvalidOperationException("demo data refused: " + string.Join("; ", outcome.Violations));
    }
}
