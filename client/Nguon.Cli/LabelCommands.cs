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
        var png = Optional("--png", "write the printable label as PNG to this file");
        var svg = Optional("--svg", "write the printable label as SVG to this file");
        var gtin = Arg("gtin", "GTIN (8, 12, 13 or 14 digits)");
        var lot = Arg("lot", "lot");

        yield return Make("label",
            "Print a batch's GS1 Digital Link and write its printable label (QR code, GTIN, lot, GI name) as PNG and/or SVG", output,
            async (c, ct) =>
        {
            var label = Labels.For(await c.Client().Verify(c.Value(code), null, ct), c.Parse.GetValue(resolver) ?? c.ServerUrl);
            if (c.Parse.GetValue(png) is { } pngPath) await File.WriteAllBytesAsync(pngPath, Labels.LabelPng(label), ct);
            if (c.Parse.GetValue(svg) is { } svgPath) await File.WriteAllTextAsync(svgPath, Labels.LabelSvg(label), ct);
            c.Print(new
            {
                batch = c.Value(code), gtin = label.Gtin, lot = label.Lot, digitalLink = label.DigitalLink,
                png = c.Parse.GetValue(png), svg = c.Parse.GetValue(svg)
            },
                (con, l) => con.WriteLine(l.digitalLink));
            return 0;
        }, code, resolver, png, svg);

        yield return Make("resolve", "Resolve a label (GTIN + lot) to its lot's verification; exits 1 when not verified", output,
            async (c, ct) =>
        {
            var v = await c.Client().Resolve(c.Value(gtin), c.Value(lot), ct);
            c.Print(v, (con, x)
                => con.WriteLine($"{x.Batch}: {x.Verdict.ToString().ToLowerInvariant()}{(x.GiNumber is null ? "" : $" (GI {x.GiNumber})")}"
                    + $"{string.Concat(x.Reasons.Select(r => Environment.NewLine + "  - " + r.Message))}"));
            return v.Verdict == Model.Verdict.Verified ? 0 : NguonCli.NotVerified;
        }, gtin, lot);
    }
}
