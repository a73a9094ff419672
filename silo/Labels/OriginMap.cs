using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Labels;

/// <summary>A small inline SVG map of a lot's origin farms inside the GI's protected area, drawn on the server
/// from the stored geometry (no tile server): the area filled, each farm a dot, green inside and red outside.</summary>
public static class OriginMap
{
    private const double Width = 320, Height = 220, Margin = 14;

    public static string? Svg(PublicVerification v, LabelText text)
    {
        Geometry? area = v.GiAreaGeoJson is { } a && Geo.TryParseStored(a, Geo.AreaTypes, out var parsed, out _) ? parsed : null;
        var farms = (v.OriginFarms ?? [])
            .Select(f => (Farm: f, Geometry: Geo.TryParseStored(f.LocationGeoJson, Geo.LocationTypes, out var g, out _) ? g : null))
            .Where(f => f.Geometry is not null).ToList();
        // Without a claimed GI there is no area to place the farms in, and a lone dot on a blank map says nothing.
        if (area is null || farms.Count == 0) return null;

        var bounds = new Envelope(area.EnvelopeInternal);
        foreach (var f in farms) bounds.ExpandToInclude(f.Geometry!.EnvelopeInternal);
        bounds.ExpandBy(Math.Max(0.02, Math.Max(bounds.Width, bounds.Height) * 0.05));
        // Equirectangular, with longitude shrunk by cos(latitude) so shapes keep their proportions at this scale.
        var shrink = Math.Cos(bounds.Centre.Y * Math.PI / 180);
        var scale = Math.Min((Width - 2 * Margin) / (bounds.Width * shrink), (Height - 2 * Margin) / bounds.Height);
        var offsetX = (Width - bounds.Width * shrink * scale) / 2;
        var offsetY = (Height - bounds.Height * scale) / 2;
        string X(double lon) => N(offsetX + (lon - bounds.MinX) * shrink * scale);
        string Y(double lat) => N(offsetY + (bounds.MaxY - lat) * scale);

        var svg = new StringBuilder($"<svg class=\"map\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{H(text["map"])}\" "
            + $"xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append($"<rect width=\"{Width}\" height=\"{Height}\" class=\"sea\"/>");
        svg.Append("<path class=\"area\" fill-rule=\"evenodd\" d=\"");
        for (var i = 0; i < area.NumGeometries; i++)
            if (area.GetGeometryN(i) is Polygon polygon)
                foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
                    svg.Append('M').AppendJoin('L', ring.Coordinates.Select(c => $"{X(c.X)},{Y(c.Y)}")).Append('Z');
        svg.Append($"\"><title>{H(text["map.area"])}</title></path>");
        // Farms are numbered dots (their names are in the legend under the map): nearby farms' names would overlap.
        for (var i = 0; i < farms.Count; i++)
        {
            var (farm, geometry) = farms[i];
            var centre = geometry!.Centroid.Coordinate;
            svg.Append($"<g class=\"{(farm.InsideGiArea ? "farm" : "farm outside")}\"><circle cx=\"{X(centre.X)}\" cy=\"{Y(centre.Y)}\" "
                + $"r=\"8\"/>")
               .Append($"<text x=\"{X(centre.X)}\" y=\"{N(double.Parse(Y(centre.Y), CultureInfo.InvariantCulture) + 3.5)}\">{i + 1}</text>")
               .Append($"<title>{H(farm.Name)}, {H(farm.Commune)}</title></g>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
    private static string H(string s) => Nguon.Client.Html.Escape(s);
}
