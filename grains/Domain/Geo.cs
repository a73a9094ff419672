using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using Nguon.Infrastructure;

namespace Nguon.Domain;

/// <summary>GeoJSON parsing and containment through NetTopologySuite (WGS 84 longitude/latitude).</summary>
public static class Geo
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Bytes the parsed-geometry cache may hold (its entries' GeoJSON and coordinates, estimated).</summary>
    public const long CacheBytes = 32L * 1024 * 1024;

    /// <summary>Bytes the simplified-area cache may hold.</summary>
    public const long SimplifiedCacheBytes = 8L * 1024 * 1024;

    // Parsed geometries are immutable once built: the cache spares re-parsing protected areas and farm locations on every
    // check. It holds only geometry of stored records (TryParseStored), never a command's input before it is accepted,
    // and is bounded by bytes (least recently used out first).
    private static readonly BoundedCache<string, Geometry> Cache = new(CacheBytes);
    // Simplified areas for maps, by area and vertex budget: simplification runs once per area, not per verification.
    private static readonly BoundedCache<(string Area, int MaxPoints), string> SimplifiedCache = new(SimplifiedCacheBytes);

    /// <summary>Whether the geometry of <paramref name="geoJson"/> is in the cache (for tests and diagnostics).</summary>
    public static bool IsCached(string geoJson) => Cache.Contains(geoJson);

    /// <summary>The estimated bytes the geometry cache holds.</summary>
    public static long CachedBytes => Cache.Bytes;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new GeoJsonConverterFactory());
        return options;
    }

    /// <summary>Parses a GeoJSON geometry of one of the allowed types, or says why it cannot. For a command's input: it
    /// reads the cache but never adds to it (a refused command must leave nothing behind).</summary>
    public static bool TryParse(string? geoJson, IReadOnlyCollection<string> allowedTypes, out Geometry geometry, out string error) =>
        TryParse(geoJson, allowedTypes, remember: false, out geometry, out error);

    /// <summary>As <see cref="TryParse(string?, IReadOnlyCollection{string}, out Geometry, out string)"/>, for the geometry
    /// of a stored record (a registered farm's location, a certificate's protected area, a map drawn from them): kept in
    /// the cache once parsed.</summary>
    public static bool TryParseStored(
        string? geoJson, IReadOnlyCollection<string> allowedTypes, out Geometry geometry, out string error) =>
        TryParse(geoJson, allowedTypes, remember: true, out geometry, out error);

    private static bool TryParse(string? geoJson, IReadOnlyCollection<string> allowedTypes, bool remember, out Geometry geometry,
        out string error)
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
        if (remember) Cache.Set(geoJson, geometry, Size(geoJson, geometry));
        error = "";
        return true;
    }

    public static readonly string[] AreaTypes = ["Polygon", "MultiPolygon"];
    public static readonly string[] LocationTypes = ["Point", "Polygon"];

    /// <summary>True when the location (point or polygon) lies wholly inside the area: both are stored records' geometry
    /// (a registered farm, a registered certificate), so both are cached.</summary>
    public static bool Inside(string locationGeoJson, string areaGeoJson) =>
        TryParseStored(locationGeoJson, LocationTypes, out var location, out _)
        && TryParseStored(areaGeoJson, AreaTypes, out var area, out _)
        && area.Covers(location);

    /// <summary>The area as GeoJSON with at most about <paramref name="maxPoints"/> vertices, for drawing a map
    /// (never for rules); null when it is not a valid area.</summary>
    public static string? SimplifiedArea(string areaGeoJson, int maxPoints = 300)
    {
        if (SimplifiedCache.TryGetValue((areaGeoJson, maxPoints), out var cached)) return cached;
        if (!TryParseStored(areaGeoJson, AreaTypes, out var area, out _)) return null;
        var simplified = area;
        var size = Math.Max(area.EnvelopeInternal.Width, area.EnvelopeInternal.Height);
        for (var tolerance = size / 2000; simplified.NumPoints > maxPoints && tolerance < size; tolerance *= 2)
            simplified = NetTopologySuite.Simplify.TopologyPreservingSimplifier.Simplify(area, tolerance);
        var json = JsonSerializer.Serialize(simplified, Options);
        SimplifiedCache.Set((areaGeoJson, maxPoints), json, 2L * (areaGeoJson.Length + json.Length) + EntryOverhead);
        return json;
    }

    private const long EntryOverhead = 256;

    /// <summary>An entry's estimated bytes: the GeoJSON key (UTF-16) and the geometry's coordinates (an object of three
    /// doubles each, and the arrays holding them).</summary>
    private static long Size(string geoJson, Geometry geometry) => 2L * geoJson.Length + 64L * geometry.NumPoints + EntryOverhead;

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
