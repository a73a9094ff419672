using System.Net.Http.Headers;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Client.Demo;

/// <summary>An illustrative data set, loaded through the API as its users would: organisations and their keys,
/// the Lục Ngạn lychee GI (with a Japanese registration) and the Lục Nam custard apple GI, twenty Lục Ngạn farms,
/// a harvest → packing → fumigation → export chain with a merge and a split, and one counterfeit.
/// Registration numbers, areas and coordinates are plausible, not official.</summary>
public sealed partial class DemoData(HttpClient http, string? adminKey)
{
    public const string LycheeGi = "VN-GI-00017";
    public const string CustardAppleGi = "VN-GI-00084";
    public const string Authority = "dost-bacgiang";
    public const string Inspector = "ppd-inspector";
    public const string Packer = "ph-lucngan-01";
    public const string Importer = "jp-importer-tokyo";
    public const string Retailer = "vn-retail-hanoi";
    public const string Trader = "trader-thanhha";
    public const string ExportLot = "PH01-LN26-EXP-0001";
    public const string RetailLot = "RTHN-LN26-RT-0001";
    public const string Counterfeit = "TRTH-FAKE-0001";

    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    public static readonly (string Code, string Commune, double Lon, double Lat)[] Communes =
    [
        ("PS", "Phượng Sơn", 106.52, 21.33), ("QS", "Quý Sơn", 106.60, 21.35), ("HG", "Hồng Giang", 106.57, 21.30),
        ("TH", "Thanh Hải", 106.55, 21.37), ("ND", "Nam Dương", 106.48, 21.30), ("TQ", "Tân Quang", 106.66, 21.40),
        ("GS", "Giáp Sơn", 106.63, 21.42), ("BD", "Biển Động", 106.72, 21.44), ("KT", "Kiên Thành", 106.50, 21.41),
        ("MA", "Mỹ An", 106.58, 21.39),
    ];


    public static string FarmCode(string commune, int n) => $"VNBG-LN-{commune}-{n:000}";
    public static string Producer(string commune) => $"htx-{commune.ToLowerInvariant()}";

    private readonly Dictionary<string, NguonClient> clients = [];

    /// <summary>Loads everything unless it is already there; writes each demo organisation's key to
    /// <paramref name="keysFile"/> (NGUON_KEY_… lines, for <c>source</c>). Returns what it did, line by line.</summary>
    public async Task<List<string>> LoadAsync(string keysFile, CancellationToken ct = default)
    {
        var log = new List<string>();
        var open = new NguonClient(http);
        try
        {
            // The counterfeit is loaded last: if it is there, everything is.
            await open.Verify(Counterfeit, null, ct);
            log.Add("demo data already loaded");
            return log;
        }
        catch (NguonApiException e) when (e.Status == 404)
        {
            // Not (completely) loaded yet.
        }
        if (adminKey is null)
            throw new InvalidOperationException("the demo data needs an administrator key: run `nguon demo --key <admin key>` (the key "
                + "printed on the silo's first start), or set Nguon:BootstrapKey");
        // Fail before changing anything if the keys cannot be written.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keysFile))!);
        await LoadRegistriesAsync(keysFile, ct);
        await LycheeChain(ct);
        log.Add(await CounterfeitChain(ct));
        log.Add($"loaded {clients.Count} organisations, 2 GI certificates, {Communes.Length * 2 + 2} farms and the chain; keys "
            + $"in {keysFile}");
        log.Add($"try: nguon verify {ExportLot} · nguon trace {RetailLot} · nguon verify {Counterfeit} --claim {LycheeGi}");
        return log;
    }

    /// <summary>Registers only what the demo chain needs before its first harvest — organisations and their keys, prefixes,
    /// certificates, products, farms — and records no batch: a silo into which the chain is then captured (an EPCIS round
    /// trip) starts from the same registries.</summary>
    public async Task LoadRegistriesAsync(string keysFile, CancellationToken ct = default)
    {
        await File.WriteAllTextAsync(keysFile, "", ct);
        await Organisations(keysFile, ct);
        await Prefixes(ct);
        await Certificates(ct);
        await Products(ct);
        await Farms(ct);
    }

    /// <summary>Runs a registration that may already have happened in an earlier, interrupted load.</summary>
    private static async Task Once(Func<Task> register)
    {
        try
        {
            await register();
        }
        catch (NguonApiException e) when (e.Status == 409)
        {
            // Already there.
        }
    }

    private NguonClient As(string organisation) => clients[organisation];

    private async Task Organisations(string keysFile, CancellationToken ct)
    {
        var admin = new NguonClient(http, adminKey);
        // Every organisation that creates batches holds a code space: its batch codes start with it, and nobody
        // else's can.
        var organisations =
            new List<(string Id, string Name, Role[] Roles, string? Commune, string Country, string KeyName, string? Space)>
        {
            (Authority, "Sở Khoa học và Công nghệ Bắc Giang", [Role.Authority], null, "VN", "AUTHORITY", null),
            (Inspector, "Chi cục Trồng trọt và BVTV Bắc Giang", [Role.Inspector], null, "VN", "INSPECTOR", null),
            (Packer, "Lục Ngạn packing house 01", [Role.Operator], "Phượng Sơn", "VN", "PACKER", "PH01"),
            (Importer, "Tokyo fresh fruit importer", [Role.Operator], null, "JP", "IMPORTER", "JPTK"),
            (Retailer, "Hà Nội fruit retailer", [Role.Retailer], null, "VN", "RETAILER", "RTHN"),
            (Trader, "Thanh Hà trader", [Role.Producer], "Thanh Hà", "VN", "TRADER", "TRTH"),
            ("htx-cam-ly", "HTX na Cẩm Lý", [Role.Producer], "Cẩm Lý", "VN", "PRODUCER_CAM_LY", "CL"),
        };
        organisations.AddRange(Communes.Select(c => (Producer(c.Code), $"HTX vải thiều {c.Commune}", new[] { Role.Producer },
            (string?)c.Commune, "VN", $"PRODUCER_{c.Code}", (string?)c.Code)));
        var lines = new List<string> { "# Nguon demo API keys: `source` this file, then e.g. nguon --key \"$NGUON_KEY_PACKER\" …" };
        foreach (var o in organisations)
        {
            var registration = new RegisterOrganisation(o.Name, o.Roles, o.Commune, o.Country, o.Space);
            await Once(() => admin.RegisterOrganisation(o.Id, registration, ct));
            var issued = await admin.IssueKey(o.Id, new IssueKey("demo"), ct);
            clients[o.Id] = Client(issued.Token);
            lines.Add($"NGUON_KEY_{o.KeyName}={issued.Token}");
        }
        await File.WriteAllLinesAsync(keysFile, lines, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keysFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private NguonClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new NguonClient(client);
    }

    private async Task Certificates(CancellationToken ct)
    {
        var authority = As(Authority);
        await Once(() => authority.RegisterCertificate(LycheeGi, new RegisterCertificate(
            new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"), "lychee", ["thiều", "thiều Phú Hộ"],
            "Sở Khoa học và Công nghệ tỉnh Bắc Giang", LucNganArea, At(2008, 3, 19),
            new Specification(12_000m, ["fruit ≥ 10 % heavier than ordinary thiều lychee", "Brix 2–3 % above ordinary lychee"]),
            ForeignRegistrations: [new ForeignRegistration("JP", "GI-104", new DateOnly(2021, 3, 12))]), ct));
        await Once(() => authority.RegisterCertificate(CustardAppleGi, new RegisterCertificate(
            new LocalizedText("Na dai Lục Nam", "Luc Nam custard apple", "ルックナム・カスタードアップル"), "custard apple", ["na dai"],
            "UBND huyện Lục Nam", LucNamArea, At(2020, 5, 1), new Specification(15_000m)), ct));
    }

    private async Task Farms(CancellationToken ct)
    {
        var authority = As(Authority);
        var farms = Communes.SelectMany(c => new[] { 1, 2 }.Select(n => (c, n))).ToList();
        await Task.WhenAll(farms.Select(async f =>
        {
            var (c, n) = f;
            var code = FarmCode(c.Code, n);
            var location = Point(c.Lon + n * 0.004, c.Lat - n * 0.003);
            await Once(() => As(Producer(c.Code)).RegisterFarm(code, new RegisterFarm($"Vườn vải {c.Commune} {n}", Producer(c.Code),
                new AdminArea(c.Commune, "Lục Ngạn", "Bắc Giang"), location, 0.8m + n * 0.6m, ["lychee"]), ct));
            await authority.AuthoriseFarm(code,
                new AuthoriseFarm(LycheeGi, At(2024, 1, 1), $"QĐ-{c.Code}{n:00}/2024/SKHCN", At(2028, 12, 31)), ct);
        }));
        await Once(() => As("htx-cam-ly").RegisterFarm("VNBG-LNA-CL-001", new RegisterFarm("Vườn na Cẩm Lý", "htx-cam-ly",
            new AdminArea("Cẩm Lý", "Lục Nam", "Bắc Giang"), CamLyOrchard, 1.5m, ["custard apple"]), ct));
        await authority.AuthoriseFarm("VNBG-LNA-CL-001", new AuthoriseFarm(CustardAppleGi, At(2024, 1, 1), "QĐ-CL01/2024/UBND"), ct);
    }

    /// <summary>The packer's (the exporter's brand) illustrative GS1 Company Prefix, and the counterfeiter's own.</summary>
    public const string PackerPrefix = "893500010";
    public const string TraderPrefix = "893599901";

    /// <summary>A demo GTIN-14 under the packer's company prefix, with its real check digit.</summary>
    public static string Label(int item) => Gtin14(PackerPrefix, item);

    /// <summary>The GTIN the Thanh Hà trader prints on its relabelled fruit: its own, sold as Lục Ngạn lychee.</summary>
    public static string TraderLabel => Gtin14(TraderPrefix, 1);

    private static string Gtin14(string prefix, int item)
    {
        var body = $"0{prefix}{item:000}";
        return body + Gtin.CheckDigit(body);
    }

    /// <summary>GS1 Vietnam's licences, as the administrator registers them; the packer lets the retailer label its
    /// retail packs with its GTINs.</summary>
    private async Task Prefixes(CancellationToken ct)
    {
        var admin = new NguonClient(http, adminKey);
        await admin.RegisterPrefix(PackerPrefix, new RegisterPrefix(Packer, "GS1VN-2024-0417"), ct);
        await admin.RegisterPrefix(TraderPrefix, new RegisterPrefix(Trader, "GS1VN-2025-1182"), ct);
        await As(Packer).LicensePrefix(PackerPrefix, new GrantPrefixLicence(Retailer, "HĐ phân phối HN-2026-03"), ct);
    }

    /// <summary>Each brand owner's master data: what its GTINs are, and the GI they are sold as.</summary>
    private async Task Products(CancellationToken ct)
    {
        var lychee = new LocalizedText("Vải thiều Lục Ngạn xuất khẩu", "Luc Ngan lychee, export grade", "ルックガン・ライチ（輸出規格）");
        await As(Packer).RegisterProduct(Label(1), new RegisterProduct(lychee, "lychee", new(5m, "kg"), null, LycheeGi), ct);
        await As(Packer).RegisterProduct(Label(2), new RegisterProduct(
            new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"), "lychee", new(1m, "kg"), null, LycheeGi), ct);
        await As(Trader).RegisterProduct(TraderLabel, new RegisterProduct(
            new LocalizedText("Vải thiều Lục Ngạn loại 1", "Luc Ngan lychee, grade 1", "ルックガン・ライチ 1級"), "lychee", new(1m, "kg"), null,
            LycheeGi), ct);
    }

    private static DateTimeOffset At(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, Hanoi);
}
