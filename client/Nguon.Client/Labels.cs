using System.Globalization;
using System.Text;
using Nguon.Domain;
using QRCoder;

namespace Nguon.Client;

/// <summary>What a printed label shows: the QR code of the lot's GS1 Digital Link and, for people, the GTIN (01),
/// the lot (10), the product and the GI name and number.</summary>
public sealed record LabelContent(string DigitalLink, string Gtin, string Lot, string Product, string? GiName, string? GiNumber);

/// <summary>GS1 Digital Link QR codes and printable labels, one rendering shared by the silo's label endpoint and
/// <c>nguon label</c>.</summary>
public static class Labels
{
    /// <summary>Quiet zone around the code, in modules (ISO/IEC 18004 asks for 4).</summary>
    private const int QuietZone = 4;

    /// <summary>Longest human-readable line printed (a GS1 line is at most 25 characters; a GI name or product name is cut
    /// with an ellipsis), so the image's width is bounded whatever text is stored.</summary>
    public const int MaxLineLength = 40;

    /// <summary>Longest Digital Link encoded (QR version ≤ 13 at error correction M), so the image's height is bounded:
    /// the silo's base URL and Host are bounded (<c>PublicUrl</c>), a GTIN is 14 digits and a lot at most 20 characters.</summary>
    public const int MaxLinkLength = 300;

    public static string DigitalLinkUri(string resolverBase, string gtin, string lot, string? serial = null) =>
        new DigitalLink(Gtin.ToGtin14(gtin), lot, serial).ToUri(resolverBase);

    /// <summary>A lot's label from its public verification, its Digital Link under <paramref name="resolverBase"/>.</summary>
    public static LabelContent For(Model.PublicVerification v, string resolverBase) =>
        v.Gtin is null || v.Lot is null
            ? throw new InvalidOperationException($"batch {v.Batch} carries no GTIN and lot, so it has no label")
            : new(DigitalLinkUri(resolverBase, v.Gtin, v.Lot), v.Gtin, v.Lot, v.Product, v.GiName?.Vi, v.GiNumber);

    /// <summary>A lot's label from its batch record and the certificate of the GI it claims (null if none), its
    /// Digital Link under <paramref name="resolverBase"/>.</summary>
    public static LabelContent For(Model.Batch batch, Model.Certificate? gi, string resolverBase) =>
        batch.Gtin is null || batch.Lot is null
            ? throw new InvalidOperationException($"batch {batch.Code} carries no GTIN and lot, so it has no label")
            : new(DigitalLinkUri(resolverBase, batch.Gtin, batch.Lot), batch.Gtin, batch.Lot, batch.Product, gi?.Name.Vi, batch.GiClaim);

    /// <summary>The human-readable lines under the code, GS1 style: application identifiers in brackets.</summary>
    public static IReadOnlyList<string> TextLines(LabelContent label) =>
        [
            .. new[] { $"(01) {label.Gtin}", $"(10) {label.Lot}" }
                .Concat(label.GiName is null ? [label.Product] : [label.GiName, $"GI {label.GiNumber}"])
                .Select(Fit),
        ];

    /// <summary>A line of at most <see cref="MaxLineLength"/> characters: longer text is cut (never inside a surrogate
    /// pair), ending in "..." (the pixel font has no ellipsis character).</summary>
    public static string Fit(string line)
    {
        if (line.Length <= MaxLineLength) return line;
        var cut = MaxLineLength - 3;
        if (char.IsHighSurrogate(line[cut - 1])) cut--;
        return line[..cut].TrimEnd() + "...";
    }

    /// <summary>A printable label as SVG, 50 mm wide: the QR code (one path) with the text lines under it.</summary>
    public static string LabelSvg(LabelContent label)
    {
        var modules = Modules(label.DigitalLink);
        var size = modules.Count;
        var lines = TextLines(label);
        const double lineHeight = 3.2; // in modules
        var height = size + lines.Count * lineHeight + 1.5;
        static string N(double d) => d.ToString("0.##", CultureInfo.InvariantCulture);
        var path = new StringBuilder();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (modules[y][x]) path.Append('M').Append(x).Append(',').Append(y).Append("h1v1h-1z");
        var svg = new StringBuilder()
            .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"50mm\" height=\"{N(50 * height / size)}mm\" viewBox=\"0 "
                + $"0 {size} {N(height)}\" role=\"img\">")
            .Append($"<title>{Html.Escape(string.Join(" · ", lines))}</title>")
            .Append($"<rect width=\"{size}\" height=\"{N(height)}\" fill=\"#fff\"/>")
            .Append($"<path fill=\"#000\" shape-rendering=\"crispEdges\" d=\"{path}\"/>")
            .Append($"<g font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"2.4\" fill=\"#000\" text-anchor=\"middle\">");
        for (var i = 0; i < lines.Count; i++)
            svg.Append($"<text x=\"{N(size / 2.0)}\" "
                + $"y=\"{N(size - QuietZone / 2.0 + (i + 1) * lineHeight)}\""
                    + $"{(i < 2 ? " font-family=\"DejaVu Sans Mono, monospace\"" : "")}>{Html.Escape(lines[i])}</text>");
        return svg.Append("</g></svg>").ToString();
    }

    /// <summary>A printable label as PNG: the QR code with the text lines under it in a built-in pixel font (so no
    /// font or graphics library is needed; letters are printed without diacritics, e.g. "VAI THIEU LUC NGAN").</summary>
    public static byte[] LabelPng(LabelContent label, int pixelsPerModule = 8)
    {
        var modules = Modules(label.DigitalLink);
        var lines = TextLines(label).Select(PixelFont.Fold).ToList();
        var scale = Math.Max(2, pixelsPerModule * 3 / 8);
        var qrSide = modules.Count * pixelsPerModule;
        var lineHeight = (PixelFont.Height + 3) * scale;
        var width = Math.Max(qrSide, lines.Max(PixelFont.Width) * scale + 2 * QuietZone * pixelsPerModule);
        var height = qrSide + lines.Count * lineHeight + QuietZone * pixelsPerModule / 2;
        var image = new bool[height, width];
        var left = (width - qrSide) / 2;
        for (var y = 0; y < qrSide; y++)
            for (var x = 0; x < qrSide; x++)
                image[y, left + x] = modules[y / pixelsPerModule][x / pixelsPerModule];
        for (var i = 0; i < lines.Count; i++)
            PixelFont.Draw(image, lines[i], (width - PixelFont.Width(lines[i]) * scale) / 2, qrSide - QuietZone * pixelsPerModule / 2
                + i * lineHeight + 3 * scale, scale);

        var grey = new byte[width * height];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                grey[y * width + x] = image[y, x] ? (byte)0 : (byte)255;
        using var stream = new MemoryStream();
        new StbImageWriteSharp.ImageWriter().WritePng(grey, width, height, StbImageWriteSharp.ColorComponents.Grey, stream);
        return stream.ToArray();
    }

    private static QRCodeData Encode(string uri)
    {
        if (uri.Length > MaxLinkLength)
            throw new ArgumentException($"a label's Digital Link has at most {MaxLinkLength} characters (got {uri.Length})", nameof(uri));
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
    }

    /// <summary>The module matrix including the quiet zone.</summary>
    private static List<bool[]> Modules(string uri)
    {
        using var data = Encode(uri);
        return [.. data.ModuleMatrix.Select(row => row.Cast<bool>().ToArray())];
    }
}
