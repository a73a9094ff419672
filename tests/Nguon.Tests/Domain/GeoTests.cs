using Nguon.Domain;
using Xunit;
using static Nguon.Tests.Domain.Fixtures;

namespace Nguon.Tests.Domain;

public class GeoTests
{
    /// <summary>Two parts: Lục Ngạn and, separately, Sơn Động further east.</summary>
    private const string TwoDistricts =
        """{"type":"MultiPolygon","coordinates":[[[[106.45,21.25],[106.75,21.25],[106.75,21.50],[106.45,21.50],[106.45,21.25]]],[[[106.80,21.20],[107.00,21.20],[107.00,21.40],[106.80,21.40],[106.80,21.20]]]]}""";

    /// <summary>The Lục Ngạn area with a hole (a town excluded) around lon 106.55–106.60, lat 21.35–21.40.</summary>
    private const string AreaWithHole =
        """{"type":"Polygon","coordinates":[[[106.45,21.25],[106.75,21.25],[106.75,21.50],[106.45,21.50],[106.45,21.25]],[[106.55,21.35],[106.60,21.35],[106.60,21.40],[106.55,21.40],[106.55,21.35]]]}""";

    private static (bool Ok, string Error) Parse(string? geoJson, IReadOnlyCollection<string> types)
    {
        var ok = Geo.TryParse(geoJson, types, out _, out var error);
        return (ok, error);
    }

    private static string Point(double lon, double lat) => $$"""{"type":"Point","coordinates":[{{lon.ToString(System.Globalization.CultureInfo.InvariantCulture)}},{{lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}}]}""";

    [Fact]
    public void Valid_polygon_parses_as_an_area()
    {
        Assert.True(Geo.TryParse(LucNganArea, Geo.AreaTypes, out var geometry, out var error));
        Assert.Equal("Polygon", geometry.GeometryType);
        Assert.Equal("", error);
    }

    [Fact]
    public void Valid_multipolygon_parses_as_an_area()
    {
        Assert.True(Geo.TryParse(TwoDistricts, Geo.AreaTypes, out var geometry, out _));
        Assert.Equal("MultiPolygon", geometry.GeometryType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Missing_geojson_is_refused(string? geoJson)
    {
        Assert.Equal((false, "GeoJSON is missing"), Parse(geoJson, Geo.AreaTypes));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("""{"type":"Polygon","coordinates":"here"}""")]
    [InlineData("""{"type":"Circle","coordinates":[106.5,21.3]}""")]
    public void Malformed_geojson_is_refused(string geoJson)
    {
        var (ok, error) = Parse(geoJson, Geo.AreaTypes);
        Assert.False(ok);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Point_is_not_an_area()
    {
        var (ok, error) = Parse(OrchardInLucNgan, Geo.AreaTypes);
        Assert.False(ok);
        Assert.Equal("GeoJSON must be Polygon or MultiPolygon, got Point", error);
    }

    [Fact]
    public void Type_is_checked_again_for_a_cached_geometry()
    {
        const string point = """{"type":"Point","coordinates":[106.5123,21.3456]}""";
        Assert.True(Parse(point, Geo.LocationTypes).Ok);
        Assert.Equal((false, "GeoJSON must be Polygon or MultiPolygon, got Point"), Parse(point, Geo.AreaTypes));
        Assert.True(Parse(point, Geo.LocationTypes).Ok);
    }

    [Fact]
    public void Line_is_neither_an_area_nor_a_farm_location()
    {
        const string line = """{"type":"LineString","coordinates":[[106.5,21.3],[106.6,21.4]]}""";
        Assert.False(Parse(line, Geo.AreaTypes).Ok);
        Assert.Contains("got LineString", Parse(line, Geo.LocationTypes).Error);
    }

    [Theory]
    [InlineData(186.55, 21.37)]
    [InlineData(-180.5, 21.37)]
    [InlineData(106.55, 91)]
    [InlineData(106.55, -90.01)]
    public void Coordinates_out_of_range_are_refused(double lon, double lat)
    {
        var (ok, error) = Parse(Point(lon, lat), Geo.LocationTypes);
        Assert.False(ok);
        Assert.Contains("longitude in [-180, 180]", error);
    }

    [Fact]
    public void Latitude_and_longitude_swapped_is_out_of_range_or_elsewhere()
    {
        Assert.False(Geo.Inside(Point(21.37, 106.55), LucNganArea));
    }

    [Fact]
    public void Self_intersecting_polygon_is_refused()
    {
        const string bowtie =
            """{"type":"Polygon","coordinates":[[[106.45,21.25],[106.75,21.50],[106.75,21.25],[106.45,21.50],[106.45,21.25]]]}""";
        var (ok, error) = Parse(bowtie, Geo.AreaTypes);
        Assert.False(ok);
        Assert.Contains("not valid", error);
    }

    [Fact]
    public void Unclosed_ring_is_refused()
    {
        const string open = """{"type":"Polygon","coordinates":[[[106.45,21.25],[106.75,21.25],[106.75,21.50],[106.45,21.50]]]}""";
        Assert.False(Parse(open, Geo.AreaTypes).Ok);
    }

    [Fact]
    public void Empty_polygon_is_refused()
    {
        Assert.False(Parse("""{"type":"Polygon","coordinates":[]}""", Geo.AreaTypes).Ok);
    }

    [Fact]
    public void Point_inside_and_outside_the_area()
    {
        Assert.True(Geo.Inside(OrchardInLucNgan, LucNganArea));
        Assert.False(Geo.Inside(HaNoi, LucNganArea));
    }

    [Fact]
    public void Point_on_the_boundary_counts_as_inside()
    {
        Assert.True(Geo.Inside(Point(106.45, 21.3), LucNganArea));
    }

    [Fact]
    public void Polygon_location_must_lie_wholly_inside()
    {
        Assert.True(Geo.Inside(OrchardPolygonInLucNgan, LucNganArea));
        Assert.False(Geo.Inside(OrchardPolygonAcrossBoundary, LucNganArea));
    }

    [Fact]
    public void Point_in_any_part_of_a_multipolygon_is_inside()
    {
        Assert.True(Geo.Inside(OrchardInLucNgan, TwoDistricts));
        Assert.True(Geo.Inside(Point(106.9, 21.3), TwoDistricts));
        Assert.False(Geo.Inside(Point(106.77, 21.3), TwoDistricts));
    }

    [Fact]
    public void Point_in_a_hole_is_outside()
    {
        Assert.False(Geo.Inside(Point(106.57, 21.37), AreaWithHole));
        Assert.True(Geo.Inside(Point(106.50, 21.30), AreaWithHole));
    }

    [Fact]
    public void Invalid_location_or_area_is_never_inside()
    {
        Assert.False(Geo.Inside("{", LucNganArea));
        Assert.False(Geo.Inside(OrchardInLucNgan, "{"));
        Assert.False(Geo.Inside(OrchardInLucNgan, OrchardInLucNgan));
    }
}
