using System.CommandLine;
using Nguon.Client;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class LabelCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var code = Arg("code", "batch code (it must carry a GTIN and lot)");
        var resolver = Optional("--resolver", "base URL printed in the QR code (default: the server URL)");
        var png = Optional("--png", "write the QR code as PNG to this file");
        var svg = Optional("--svg", "write the QR code as SVG to this file");
        var gtin = Arg("gtin", "GTIN (8, 12, 13 or 14 digits)");
        var lot = Arg("lot", "lot");

        yield return Make("label", "Print a batch's GS1 Digital Link and write its QR code (PNG and/or SVG)", output, async (c, ct) =>
        {
            var batch = await c.Client().Verify(c.Value(code), null, ct);
            if (batch.Gtin is null || batch.Lot is null) throw new InvalidOperationException($"batch {batch.Batch} carries no GTIN and lot, so it has no label");
            var uri = Labels.DigitalLinkUri(c.Parse.GetValue(resolver) ?? c.ServerUrl, batch.Gtin, batch.Lot);
            if (c.Parse.GetValue(png) is { } pngPath) await File.WriteAllBytesAsync(pngPath, Labels.QrPng(uri), ct);
            if (c.Parse.GetValue(svg) is { } svgPath) await File.WriteAllTextAsync(svgPath, Labels.QrSvg(uri), ct);
            c.Print(new { batch = batch.Batch, gtin = batch.Gtin, lot = batch.Lot, digitalLink = uri, png = c.Parse.GetValue(png), svg = c.Parse.GetValue(svg) },
                (con, l) => con.WriteLine(l.digitalLink));
            return 0;
        }, code, resolver, png, svg);

        yield return Make("resolve", "Resolve a label (GTIN + lot) to its lot's verification; exits 1 when not verified", output, async (c, ct) =>
        {
            var v = await c.Client().Resolve(c.Value(gtin), c.Value(lot), ct);
            c.Print(v, (con, x) => con.WriteLine($"{x.Batch}: {x.Verdict.ToString().ToLowerInvariant()}{(x.GiNumber is null ? "" : $" (GI {x.GiNumber})")}{string.Concat(x.Reasons.Select(r => Environment.NewLine + "  - " + r.Message))}"));
            return v.Verdict == Model.Verdict.Verified ? 0 : NguonCli.NotVerified;
        }, gtin, lot);
    }
}
