using Nguon.Client.Demo;
using Nguon.Model;

namespace Nguon.Tests.Infrastructure;

/// <summary>The data every test world is built from, in one place: the demo's Lục Ngạn area and places (from the
/// client's demo data, so the product and the tests share one polygon), the certificate and farm bodies as
/// commands (grain-level worlds) and as plain JSON bodies (HTTP and CLI worlds, which pin the wire contract).
/// Also compiled into the benchmark. Domain/ChainBuilder keeps a rectangle of its own: its farm outlines straddle
/// that rectangle's edge on purpose.</summary>
public static class WorldData
{
    public static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    /// <summary>The demo's Lục Ngạn protected area; every point below but <see cref="Outside"/> lies in it.</summary>
    public const string Area = DemoData.LucNganArea;
    public const string Inside = DemoData.InsideLucNgan;
    /// <summary>The demo's Phượng Sơn commune.</summary>
    public const string PhuongSon = """{"type":"Point","coordinates":[106.52,21.33]}""";
    /// <summary>The demo's Quý Sơn commune.</summary>
    public const string QuySon = """{"type":"Point","coordinates":[106.60,21.35]}""";
    /// <summary>The demo's Thanh Hà orchard, outside the area.</summary>
    public const string Outside = DemoData.ThanhHaOrchard;

    public static readonly AdminArea PhuongSonAddress = new("Phượng Sơn", "Lục Ngạn", "Bắc Giang");
    public static readonly DateTimeOffset CertificateValidFrom = new(2008, 1, 1, 0, 0, 0, Hanoi);
    public static readonly DateTimeOffset AuthorisedFrom = new(2024, 1, 1, 0, 0, 0, Hanoi);

    // --- commands (grain-level worlds) ---------------------------------------------------------------------

    public static RegisterCertificate Certificate(decimal maxYield) =>
        new(new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee"), "lychee", ["thiều"], "DOST Bắc Giang", Area,
            CertificateValidFrom, new Specification(maxYield));

    public static RegisterFarm Farm(string name, string owner, string location = Inside, decimal areaHa = 1m) =>
        new(name, owner, PhuongSonAddress, location, areaHa, ["lychee"]);

    public static AuthoriseFarm Authorisation(string gi) => new(gi, AuthorisedFrom, "QĐ-1/2024");

    // --- plain JSON bodies (HTTP and CLI worlds) -----------------------------------------------------------

    public static object CertificateBody(
        string product = "lychee", string area = Area, string holder = "Sở KH&CN Bắc Giang", decimal maxYield = 12_000m) => new
        {
            name = new { vi = "Vải thiều thử nghiệm", en = "Test lychee", ja = "テスト" },
            product,
            varieties = new[] { "thiều" },
            holder,
            protectedAreaGeoJson = area,
            validFrom = "2020-01-01T00:00:00+07:00",
            specification = new { maxYieldKgPerHaPerSeason = maxYield, qualityCriteria = new[] { "Brix ≥ 18" } },
        };

    /// <summary>The demo's wording of the Lục Ngạn certificate, with Japan's registration of the GI.</summary>
    public static object CertificateRegisteredInJapanBody() => new
    {
        name = new { vi = "Vải thiều Lục Ngạn (thử)", en = "Luc Ngan lychee (test)", ja = "ルックガン・ライチ" },
        product = "lychee",
        varieties = new[] { "thiều", "thiều Phú Hộ" },
        holder = "Sở Khoa học và Công nghệ tỉnh Bắc Giang",
        protectedAreaGeoJson = Area,
        validFrom = "2008-03-19T00:00:00+07:00",
        specification = new { maxYieldKgPerHaPerSeason = 12_000m, qualityCriteria = new[] { "Brix 2–3 % above ordinary lychee" } },
        foreignRegistrations = new[] { new { country = "JP", number = "GI-104", registeredOn = "2021-03-12" } },
    };

    public static object FarmBody(string name, string owner, string location = Inside, decimal areaHa = 2m) => new
    {
        name,
        owner,
        address = new { commune = PhuongSonAddress.Commune, district = PhuongSonAddress.District, province = PhuongSonAddress.Province },
        locationGeoJson = location,
        areaHa,
        crops = new[] { "lychee" },
    };

    public static object AuthorisationBody(string gi, string reference = "QĐ-1") =>
        new { giNumber = gi, validFrom = "2024-01-01T00:00:00+07:00", decisionReference = reference };
}
