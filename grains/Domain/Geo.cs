using System.Collections.Concurrent;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Nguon.Domain;

/// <summary>GeoJSON parsing and containment through NetTopologySuite (WGS 84 longitude/latitude).</summary>
public static class Geo
{
    private static readonly JsonSerializerOptions Options = CreateOptions();
    // Parsed geometries are immutable once built; a small cache spares re-parsing protected areas on every check.
    private static readonly ConcurrentDictionary<string, Geometry> Cache = new();
    // Simplified areas for maps, by area and vertex budget: simplification runs once per area, not per verification.
    private static readonly ConcurrentDictionary<(string Area, int MaxPoints), string> SimplifiedCache = new();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }

    /// <summary>Parses a GeoJSON geometry of one of the allowed types, or says why it cannot.</summary>
    public static bool TryParse(string? geoJson, IReadOnlyCollection<string> allowedTypes, out Geometry geometry, out string error)
    {
        geometry = Point.Empty;
        if (string.IsNullOrWhiteSpace(geoJson)) { error = "GeoJSON is missing"; return false; }
        if (Cache.TryGetValue(geoJson, out var cached))
        {
            geometry = cached;
            error = "";
            return allowedTypes.Contains(cached.GeometryType)
                || Fail($"GeoJSON must be {string.Join(" or ", allowedTypes)}, got {cached.GeometryType}", out error);
        }
        try
        {
            geometry = JsonSerializer.Deserialize<Geometry>(geoJson, Options) ?? Point.Empty;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return Fail($"invalid GeoJSON: {e.Message}", out error);
        }
        if (geometry.IsEmpty) return Fail("GeoJSON geometry is empty", out error);
        if (!allowedTypes.Contains(geometry.GeometryType))
            return Fail($"GeoJSON must be {string.Join(" or ", allowedTypes)}, got {geometry.GeometryType}", out error);
        foreach (var c in geometry.Coordinates)
        {
            if (double.IsNaN(c.X) || c.X < -180 || c.X > 180 || double.IsNaN(c.Y) || c.Y < -90 || c.Y > 90)
                return Fail("GeoJSON coordinates must be longitude in [-180, 180] and latitude in [-90, 90]", out error);
        }
        if (!geometry.IsValid) return Fail("GeoJSON geometry is not valid (self-intersecting or unclosed ring)", out error);
        if (Cache.Count < 10_000) Cache.TryAdd(geoJson, geometry);
        error = "";
        return true;
    }

    public static readonly string[] AreaTypes = ["Polygon", "MultiPolygon"];
    public static readonly string[] LocationTypes = ["Point", "Polygon"];

    /// <summary>True when the location (point or polygon) lies wholly inside the area.</summary>
    public static bool Inside(string locationGeoJson, string areaGeoJson) =>
        TryParse(locationGeoJson, LocationTypes, out var location, out _)
        && TryParse(areaGeoJson, AreaTypes, out var area, out _)
        && area.Covers(location);

    /// <summary>The area as GeoJSON with at most about <paramref name="maxPoints"/> vertices, for drawing a map
    /// (never for rules); null when it is not a valid area.</summary>
    public static string? SimplifiedArea(string areaGeoJson, int maxPoints = 300)
    {
        if (SimplifiedCache.TryGetValue((areaGeoJson, maxPoints), out var cached)) return cached;
        if (!TryParse(areaGeoJson, AreaTypes, out var area, out _)) return null;
        var simplified = area;
        var size = Math.Max(area.EnvelopeInternal.Width, area.EnvelopeInternal.Height);
        for (var tolerance = size / 2000; simplified.NumPoints > maxPoints && tolerance < size; tolerance *= 2)
            simplified = NetTopologySuite.Simplify.TopologyPreservingSimplifier.Simplify(area, tolerance);
        var json = JsonSerializer.Serialize(simplified, Options);
        if (SimplifiedCache.Count < 10_000) SimplifiedCache.TryAdd((areaGeoJson, maxPoints), json);
        return json;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
