using System.CommandLine;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

/// <summary><c>nguon prefix</c> (GS1 Company Prefixes and their licences) and <c>nguon product</c> (GTIN master data).</summary>
internal static class ProductCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var prefix = Arg("prefix", "GS1 Company Prefix, 6–12 digits, e.g. 893500010");
        var organisation = Required("--org", "organisation id");
        var licence = Required("--licence", "reference of the GS1 licence (register) or of the brand owner's agreement (license)");
        yield return Group("prefix", "GS1 Company Prefixes: who may put which GTINs on lots",
            Make("register", "Register a GS1 Company Prefix to the organisation that holds it (admin)", output, async (c, ct) =>
            {
                c.Print(await c.Client().RegisterPrefix(c.Value(prefix), new RegisterPrefix(c.Value(organisation), c.Value(licence)), ct),
                    PrintPrefix);
                return 0;
            }, prefix, organisation, licence),
            Make("license", "Let another organisation label lots with GTINs under a prefix (its holder or admin)", output, async (c, ct) =>
            {
                var body = new GrantPrefixLicence(c.Value(organisation), c.Value(licence));
                c.Print(await c.Client().LicensePrefix(c.Value(prefix), body, ct), PrintPrefix);
                return 0;
            }, prefix, organisation, licence),
            Make("get", "Who holds a prefix and who is licensed to label with it", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetPrefix(c.Value(prefix), ct), PrintPrefix);
                return 0;
            }, prefix));

        var gtin = Arg("gtin", "GTIN (8, 12, 13 or 14 digits with its check digit)");
        var vi = Required("--name-vi", "name in Vietnamese");
        var en = Required("--name-en", "name in English");
        var ja = Optional("--name-ja", "name in Japanese");
        var kind = Required("--product", "product kind, e.g. lychee");
        var net = Optional("--net", "net content, e.g. '5 kg'");
        var image = Optional("--image", "image URL (http or https)");
        var gi = Optional("--gi", "the GI it is sold as, e.g. VN-GI-00017");
        yield return Group("product", "Product master data of GTINs (the brand owner's)",
            Make("register", "Register or correct a GTIN's master data (the holder of its prefix)", output, async (c, ct) =>
            {
                var body = new RegisterProduct(new LocalizedText(c.Value(vi), c.Value(en), c.Parse.GetValue(ja)), c.Value(kind),
                    c.Parse.GetValue(net) is { } n ? Parse.Quantity(n) : null, c.Parse.GetValue(image), c.Parse.GetValue(gi));
                c.Print(await c.Client().RegisterProduct(c.Value(gtin), body, ct), PrintProduct);
                return 0;
            }, gtin, vi, en, ja, kind, net, image, gi),
            Make("get", "Show a GTIN's master data", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetProduct(c.Value(gtin), ct), PrintProduct);
                return 0;
            }, gtin));
    }

    private static void PrintPrefix(IAnsiConsole con, CompanyPrefix p)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("prefix", p.Prefix);
        table.AddRow("holder", Markup.Escape(p.Holder));
        table.AddRow("licence", Markup.Escape(p.Licence));
        foreach (var l in p.Licensees) table.AddRow("licensee", Markup.Escape($"{l.Organisation} ({l.Reference}, by {l.GrantedBy})"));
        con.Write(table);
    }

    private static void PrintProduct(IAnsiConsole con, Product p)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("GTIN", p.Gtin);
        table.AddRow("name", Markup.Escape($"{p.Name.Vi} / {p.Name.En}{(p.Name.Ja is null ? "" : " / " + p.Name.Ja)}"));
        table.AddRow("product", Markup.Escape(p.Kind));
        table.AddRow("brand owner", Markup.Escape(p.BrandOwner));
        if (p.NetContent is { } n) table.AddRow("net content", Markup.Escape(n.ToString()));
        if (p.Image is { } i) table.AddRow("image", Markup.Escape(i));
        table.AddRow("sold as GI", Markup.Escape(p.GiNumber is null ? "none" : $"{p.GiNumber} {p.GiName?.Vi}"));
        con.Write(table);
    }
}
