using Nguon.Domain;
using QRCoder;

namespace Nguon.Client;

/// <summary>GS1 Digital Link QR codes for labels.</summary>
public static class Labels
{
    public static string DigitalLinkUri(string resolverBase, string gtin, string lot, string? serial = null) =>
        new DigitalLink(Gtin.ToGtin14(gtin), lot, serial).ToUri(resolverBase);

    /// <summary>PNG bytes; error correction M suits printed labels that get scuffed.</summary>
    public static byte[] QrPng(string uri, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string QrSvg(string uri, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(pixelsPerModule);
    }
}
