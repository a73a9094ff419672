using System.Globalization;

namespace Nguon.Client.Demo;

/// <summary>The demo's geography, in GeoJSON: the GI areas and the points the demo (and the test worlds, which take
/// them from here) place farms at. Plausible, not official.</summary>
public sealed partial class DemoData
{
    /// <summary>The Lục Ngạn lychee GI's protected area (Lục Ngạn district, Bắc Giang).</summary>
    public const string LucNganArea =
        """{"type":"Polygon","coordinates":[[[106.38,21.22],[106.62,21.20],[106.86,21.28],[106.90,21.45],"""
        + """[106.78,21.58],[106.52,21.56],[106.40,21.45],[106.38,21.22]]]}""";

    /// <summary>The Lục Nam custard apple GI's protected area.</summary>
    public const string LucNamArea =
        """{"type":"Polygon","coordinates":[[[106.20,21.15],[106.36,21.14],[106.37,21.32],[106.22,21.33],[106.20,21.15]]]}""";

    /// <summary>An orchard well inside the Lục Ngạn area, between Phượng Sơn and Hồng Giang.</summary>
    public const string InsideLucNgan = """{"type":"Point","coordinates":[106.55,21.33]}""";

    /// <summary>The Thanh Hà orchard (Hải Dương) of the counterfeit chain: outside the Lục Ngạn area.</summary>
    public const string ThanhHaOrchard = """{"type":"Point","coordinates":[106.43,20.90]}""";

    /// <summary>The Cẩm Lý orchard, inside the Lục Nam area.</summary>
    public const string CamLyOrchard = """{"type":"Point","coordinates":[106.30,21.25]}""";

    /// <summary>A GeoJSON point, to the metre or so.</summary>
    public static string Point(double lon, double lat) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"type":"Point","coordinates":[{{lon:0.000}},{{lat:0.000}}]}""");
}
