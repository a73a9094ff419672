using Nguon.Domain;
using Nguon.Infrastructure;
using Nguon.Model;

namespace Nguon.Tests.Domain;

/// <summary>Reference data for the rule tests: the Lục Ngạn lychee GI, a farm inside its protected area and
/// fixed instants in Vietnam time (UTC+7).</summary>
public static class Fixtures
{
    public static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    public static DateTimeOffset At(int year, int month, int day, int hour = 8) => new(year, month, day, hour, 0, 0, Vn);

    /// <summary>"Now" for every test: after the 2025 lychee season.</summary>
    public static readonly DateTimeOffset Now = At(2025, 7, 1, 12);
    public static readonly DateTimeOffset HarvestTime = At(2025, 6, 10, 6);

    /// <summary>The silo key the rule tests sign heads with (as the grains do), and the verifier's check of it.</summary>
    public static readonly IRecordSigner Signer = EcdsaRecordSigner.Ephemeral();
    public static readonly HeadCheck Heads = Signer.HeadCheck();

    public const string GiNumber = "VN-GI-00050";
    public const string FarmCode = "BG-LN-0001";

    /// <summary>Protected area around Lục Ngạn district, Bắc Giang (lon 106.45–106.75, lat 21.25–21.50).</summary>
    public const string LucNganArea =
        """{"type":"Polygon","coordinates":[[[106.45,21.25],[106.75,21.25],[106.75,21.50],[106.45,21.50],[106.45,21.25]]]}""";

    /// <summary>An orchard near Chũ town, Lục Ngạn.</summary>
    public const string OrchardInLucNgan = """{"type":"Point","coordinates":[106.55,21.37]}""";

    /// <summary>An orchard polygon wholly inside the protected area.</summary>
    public const string OrchardPolygonInLucNgan =
        """{"type":"Polygon","coordinates":[[[106.60,21.30],[106.61,21.30],[106.61,21.31],[106.60,21.31],[106.60,21.30]]]}""";

    /// <summary>An orchard polygon straddling the eastern edge of the protected area.</summary>
    public const string OrchardPolygonAcrossBoundary =
        """{"type":"Polygon","coordinates":[[[106.74,21.30],[106.80,21.30],[106.80,21.31],[106.74,21.31],[106.74,21.30]]]}""";

    /// <summary>Hoàn Kiếm, Hà Nội: well outside Lục Ngạn.</summary>
    public const string HaNoi = """{"type":"Point","coordinates":[105.85,21.03]}""";

    public static Certificate Certificate(params StatusChange[] history) => new(
        GiNumber, new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"), "lychee", ["Thiều", "Hùng Long"],
        "UBND huyện Lục Ngạn", LucNganArea, At(2008, 1, 1), null, new Specification(10_000m, ["sugar ≥ 18 °Brix"]),
        [new ForeignRegistration("JP", "211", new DateOnly(2021, 3, 1))],
        history.Length == 0 ? CertificateStatus.Active : history[^1].Status, history, At(2008, 1, 1));

    public static GiAuthorisation Authorisation(params StatusChange[] history) => new(
        GiNumber, At(2020, 1, 1), null, "QĐ-123/UBND", history.Length == 0 ? CertificateStatus.Active : history[^1].Status, history);

    /// <summary>A 2 ha orchard inside the area, authorised for the GI since 2020 (season limit 20 000 kg).</summary>
    public static Farm Farm(string location = OrchardInLucNgan, params GiAuthorisation[] authorisations) => new(
        FarmCode, "Vườn vải ông Hùng", "HTX Vải thiều Phượng Sơn", new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"),
        location, 2m, ["lychee"], authorisations.Length == 0 ? [Authorisation()] : authorisations, [], At(2019, 5, 1));

    public static StatusChange Change(DateTimeOffset at, CertificateStatus status, string reason = "inspection finding") =>
        new(at, status, reason, "Cục Sở hữu trí tuệ");

    public static RecordHarvest Harvest(decimal amount = 1_000m, string unit = "kg", string? gi = GiNumber, string product = "lychee",
        string? variety = "Thiều", DateTimeOffset? at = null) =>
        new("H-2025-001", product, new Quantity(amount, unit), at ?? HarvestTime, GiClaim: gi, Variety: variety);
}
