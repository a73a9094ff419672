using System.CommandLine;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class FarmCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var code = Arg("code", "growing-area code, e.g. VNBG-LN-PS-001");
        var gi = Arg("gi", "GI registration number");
        var season = Arg("season", "season, e.g. 2026");
        var file = Required("--file", "JSON body (see the OpenAPI document), or - for standard input");
        var giOption = Required("--gi", "GI registration number");
        var from = Required("--from", "valid from, e.g. 2024-01-01T00:00+07:00");
        var to = Optional("--to", "valid to");
        var decision = Required("--decision", "the authority's decision reference");
        var status = Required("--status", "active, suspended or revoked");
        var reason = Required("--reason", "why");
        var batch = Required("--batch", "code of the new batch");
        var product = Required("--product", "product, e.g. lychee");
        var quantity = Required("--quantity", "e.g. '1200 kg'");
        var at = At();
        var claim = Optional("--claim", "GI claimed for the harvest");
        var gtin = Optional("--gtin", "GTIN printed on the label");
        var lot = Optional("--lot", "lot printed on the label");
        var variety = Optional("--variety", "variety");

        yield return Group("farm", "Farms, authorisations and harvests",
            ListCommands.Farms(output),
            Make("register", "Register a farm (its producer, or the authority)", output, async (c, ct) =>
            {
                c.Print(await c.Client().RegisterFarm(c.Value(code), await Parse.JsonFile<RegisterFarm>(c.Value(file)), ct), PrintFarm);
                return 0;
            }, code, file),
            Make("get", "Show a farm with its authorisations and seasons", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetFarm(c.Value(code), ct), PrintFarm);
                return 0;
            }, code),
            Make("authorise", "Authorise a farm to use a GI (authority)", output, async (c, ct) =>
            {
                var body = new AuthoriseFarm(c.Value(giOption), Parse.Time(c.Value(from)), c.Value(decision), c.Parse.GetValue(to) is { } t
                    ? Parse.Time(t) : null);
                c.Print(await c.Client().AuthoriseFarm(c.Value(code), body, ct), PrintFarm);
                return 0;
            }, code, giOption, from, to, decision),
            Make("authorisation-status", "Suspend, reinstate or revoke a farm's GI authorisation (authority)", output, async (c, ct) =>
            {
                c.Print(await c.Client().ChangeAuthorisation(c.Value(code), c.Value(gi),
                    new ChangeStatus(CertificateCommands.Status(c.Value(status)), c.Value(reason)), ct), PrintFarm);
                return 0;
            }, code, gi, status, reason),
            Make("harvest", "Record a harvest: creates the batch and checks its GI claim (the farm's producer)", output, async (c, ct) =>
            {
                var body = new RecordHarvest(c.Value(batch), c.Value(product), Parse.Quantity(c.Value(quantity)),
                    Parse.Time(c.Parse.GetValue(at)),
                    c.Parse.GetValue(claim), c.Parse.GetValue(gtin), c.Parse.GetValue(lot), c.Parse.GetValue(variety));
                c.Print(await c.Client().RecordHarvest(c.Value(code), body, ct), BatchCommands.PrintBatch);
                return 0;
            }, code, batch, product, quantity, at, claim, gtin, lot, variety),
            Make("season", "A farm's harvests and total in one season", output, async (c, ct) =>
            {
                c.Print(await c.Client().GetSeason(c.Value(code), c.Value(season), ct),
                    (con, s) => con.WriteLine($"{s.Farm} {s.Season}: {s.HarvestedKg} kg in {s.Batches.Count} "
                        + $"harvests: {string.Join(", ", s.Batches)}"));
                return 0;
            }, code, season),
            Make("recall", "Recall every harvest of a farm's season, and so everything it reached (an inspector or the authority)",
                output, async (c, ct) =>
                {
                    var done = await c.Client().RecallSeason(c.Value(code), c.Value(season), new RecallBatch(c.Value(reason)), ct);
                    c.Print(done, (con, r) => con.WriteLine($"{r.Farm} {r.Season} recalled ({r.Reason}): "
                        + $"{r.Recalled.Count} harvests recalled now: {string.Join(", ", r.Recalled)}"
                        + (r.AlreadyRecalled.Count > 0 ? $"; recalled before: {string.Join(", ", r.AlreadyRecalled)}" : "")));
                    return 0;
                }, code, season, reason),
            Make("recall-scope", "Every batch downstream of a farm's season", output, async (c, ct) =>
            {
                c.Print(await c.Client().RecallScope(c.Value(code), c.Value(season), ct), QueryCommands.PrintDescendants);
                return 0;
            }, code, season));
    }

    private static void PrintFarm(IAnsiConsole con, Farm f)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("farm", Markup.Escape($"{f.Code} — {f.Name}"));
        table.AddRow("owner", Markup.Escape(f.Owner));
        table.AddRow("address", Markup.Escape($"{f.Address.Commune}, {f.Address.District}, {f.Address.Province}"));
        table.AddRow("area", $"{f.AreaHa} ha");
        table.AddRow("crops", Markup.Escape(string.Join(", ", f.Crops)));
        foreach (var a in f.Authorisations)
            table.AddRow("authorised",
                Markup.Escape($"GI {a.GiNumber} {Context.Format(a.ValidFrom)} – {Context.Format(a.ValidTo)} "
                    + $"({a.DecisionReference}) {a.Status.ToString().ToLowerInvariant()}"));
        foreach (var s in f.Seasons) table.AddRow("season", $"{s.Season}: {s.HarvestedKg} kg in {s.HarvestCount} harvests");
        con.Write(table);
    }
}
