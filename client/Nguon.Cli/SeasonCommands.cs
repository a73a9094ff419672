using System.CommandLine;
using System.Globalization;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

/// <summary>`nguon gi season` (a GI's season ledger: tables and bar charts) and `nguon alerts` (the alert rules' findings
/// and their workflow).</summary>
internal static class SeasonCommands
{
    /// <summary>Farm lines a table shows unless --farms asks for every one.</summary>
    public const int TopFarms = 10;

    public static IEnumerable<Command> Build(TextWriter output)
    {
        var number = Arg("number", "GI registration number, e.g. VN-GI-00017");
        var season = Arg("season", "harvest season (year), e.g. 2026");
        var farms = new Option<bool>("--farms") { Description = $"every farm's line (default: the {TopFarms} of highest yield per ha)" };
        yield return Group("gi", "A GI's seasons",
            Make("season", "The season ledger: capacity against harvest by commune and week, and where the season's mass is now",
                output, async (c, ct) =>
                {
                    var all = c.Parse.GetValue(farms);
                    c.Print(await c.Client().GetSeasonLedger(c.Value(number), c.Value(season), ct), (con, l) => PrintLedger(con, l, all));
                    return 0;
                }, number, season, farms));

        var gi = Optional("--gi", "GI registration number");
        var inSeason = Optional("--season", "season (year)");
        var rule = Optional("--rule", "rule, e.g. yield.commune-outlier");
        var state = Optional("--state", "open, acknowledged or closed");
        var paging = new ListCommands.Paging("alert", "alerts");
        var alerts = Make("alerts", "The alert rules' findings (authority and inspectors): list, or show, ack, close, reopen one",
            output, (c, ct) => paging.Run(c, (client, limit, cursor, t) => client.ListAlerts(c.Parse.GetValue(gi),
                c.Parse.GetValue(inSeason), c.Parse.GetValue(rule), c.Parse.GetValue(state), limit, cursor, t), AlertTable, ct),
            [gi, inSeason, rule, state, .. paging.Options]);
        var id = Arg("id", "alert id, AL-…");
        var note = Required("--note", "what was done or found (recorded with your organisation)");
        var reason = Required("--reason", "why it is closed (recorded with your organisation)");
        alerts.Subcommands.Add(Make("show", "An alert with its evidence, links and changes", output, async (c, ct) =>
        {
            c.Print(await c.Client().GetAlert(c.Value(id), ct), PrintAlert);
            return 0;
        }, id));
        alerts.Subcommands.Add(Change("ack", "Acknowledge an alert", AlertState.Acknowledged, id, note, output));
        alerts.Subcommands.Add(Change("close", "Close an alert", AlertState.Closed, id, reason, output));
        alerts.Subcommands.Add(Change("reopen", "Open an acknowledged or closed alert again", AlertState.Open, id, note, output));
        var evalGi = Required("--gi", "GI registration number");
        var evalSeason = Required("--season", "season (year)");
        alerts.Subcommands.Add(Make("evaluate", "Run the alert rules over one GI season now", output, async (c, ct) =>
        {
            c.Print(await c.Client().EvaluateAlerts(c.Value(evalGi), c.Value(evalSeason), ct), (con, e) =>
                con.WriteLine($"{e.Gi} {e.Season}: {e.Findings} findings, {e.Raised.Values.Sum()} new alerts"
                    + (e.Raised.Count == 0 ? "" : $" ({string.Join(", ", e.Raised.Select(r => $"{r.Key} {r.Value}"))})")
                    + $", {e.Updated} updated{(e.Capped > 0 ? $", {e.Capped} over the season's cap" : "")} in {e.Milliseconds} ms"));
            return 0;
        }, evalGi, evalSeason));
        yield return alerts;
    }

    private static Command Change(string name, string description, AlertState to, Argument<string> id, Option<string> note,
        TextWriter output) =>
        Make(name, description, output, async (c, ct) =>
        {
            c.Print(await c.Client().ChangeAlert(c.Value(id), new ChangeAlert(to, c.Value(note)), ct), PrintAlert);
            return 0;
        }, id, note);

    private static void PrintLedger(IAnsiConsole con, SeasonLedger l, bool allFarms)
    {
        var f = l.Farms;
        con.WriteLine($"GI {l.Gi}, season {l.Season}, as of {Context.Format(l.AsOf)}; maximum yield {Kg(l.MaxYieldKgPerHa)} kg/ha");
        con.WriteLine($"{f.Authorised} authorised farms ({f.Harvesting} harvesting), {Ha(f.AreaHa)} ha: capacity {Kg(f.CapacityKg)} kg, "
            + $"harvested {Kg(f.HarvestedKg)} kg ({Percent(f.HarvestedKg, f.CapacityKg)} of capacity)");
        var b = l.Balance;
        var places = new (string Name, decimal Kg)[]
        {
            ("unpacked", b.UnpackedKg), ("packed", b.PackedKg), ("fumigated", b.FumigatedKg), ("domestic market", b.DomesticMarketKg),
            ("exported", b.ExportedKg), ("recalled", b.RecalledKg), ("transformation losses", b.TransformationLossKg),
            ("left the GI claim", b.LeftClaimKg), ("unaccounted", b.UnaccountedKg),
        };
        var balance = new Table().AddColumns("where the harvest is", "kg", "share");
        foreach (var (name, kg) in places) balance.AddRow(name, Kg(kg), Percent(kg, b.HarvestedKg));
        balance.AddRow("harvested", Kg(b.HarvestedKg), "100 %");
        con.Write(balance);
        con.WriteLine(b.UnaccountedKg == 0
            ? "the season adds up: harvested = every place above"
            : $"the season does not add up: {Kg(b.UnaccountedKg)} kg unaccounted");
        if (l.ExportedByCountry.Count > 0)
            con.WriteLine("exported: " + string.Join(", ", l.ExportedByCountry.Select(x => $"{x.Country} {Kg(x.Kg)} kg")));
        if (l.LotsInOtherUnits > 0) con.WriteLine($"{l.LotsInOtherUnits} lots counted in other units than mass are not in the balance");
        con.Write(Bars("where the harvest is (kg)", places.Where(p => p.Kg > 0)));
        var communes = new Table().AddColumns("commune", "farms", "area ha", "capacity kg", "harvested kg", "kg/ha", "median farm kg/ha");
        foreach (var x in l.Communes)
            communes.AddRow(Markup.Escape(x.Commune), x.Farms.ToString(CultureInfo.InvariantCulture), Ha(x.AreaHa), Kg(x.CapacityKg),
                Kg(x.HarvestedKg), Kg(x.YieldKgPerHa), Kg(x.MedianFarmYieldKgPerHa));
        con.Write(communes);
        if (l.Weeks.Count > 0) con.Write(Bars("harvest by week (kg)", l.Weeks.Select(w => (w.Week, w.HarvestedKg))));
        var lines = allFarms ? l.FarmLines : [.. l.FarmLines.OrderByDescending(x => x.YieldKgPerHa).Take(TopFarms)];
        if (lines.Count == 0) return;
        var table = new Table().AddColumns("farm", "owner", "commune", "area ha", "cap kg", "harvested kg", "harvests", "kg/ha");
        foreach (var x in lines)
            table.AddRow(Markup.Escape(x.Farm), Markup.Escape(x.Owner), Markup.Escape(x.Commune), Ha(x.AreaHa), Kg(x.CapacityKg),
                Kg(x.HarvestedKg), x.Harvests.ToString(CultureInfo.InvariantCulture), Kg(x.YieldKgPerHa));
        con.Write(table);
        if (lines.Count < l.FarmLines.Count)
            con.WriteLine($"{lines.Count} of {l.FarmLines.Count} farm lines (highest yield per ha first; --farms for every one)");
    }

    private static BarChart Bars(string label, IEnumerable<(string Name, decimal Kg)> bars)
    {
        var chart = new BarChart().Label(label).Width(100);
        foreach (var (name, kg) in bars) chart.AddItem(name, (double)Math.Round(kg), Color.Default);
        return chart;
    }

    private static Table AlertTable(IReadOnlyList<Alert> alerts)
    {
        var table = new Table().AddColumns("alert", "rule", "GI / season", "subject", "state", "summary");
        foreach (var a in alerts)
            table.AddRow(a.Id, a.Rule, $"{a.Gi} {a.Season}", Markup.Escape(a.Subject), Context.Name(a.State), Markup.Escape(a.Summary));
        return table;
    }

    private static void PrintAlert(IAnsiConsole con, Alert a)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("alert", a.Id);
        table.AddRow("rule", a.Rule);
        table.AddRow("GI season", $"{a.Gi} {a.Season}");
        table.AddRow("subject", Markup.Escape(a.Subject));
        table.AddRow("state", Context.Name(a.State));
        table.AddRow("found", Markup.Escape(a.Summary));
        table.AddRow("raised", $"{Context.Format(a.RaisedAt)} (updated {Context.Format(a.UpdatedAt)})");
        foreach (var (name, value) in a.Evidence.Figures) table.AddRow(Markup.Escape(name), value.ToString(CultureInfo.InvariantCulture));
        if (a.Evidence.Lots.Count > 0) table.AddRow("lots", Markup.Escape(string.Join(", ", a.Evidence.Lots)));
        if (a.Evidence.Farms.Count > 0) table.AddRow("farms", Markup.Escape(string.Join(", ", a.Evidence.Farms)));
        if (a.Evidence.Events.Count > 0) table.AddRow("events", Markup.Escape(string.Join(", ", a.Evidence.Events)));
        foreach (var link in a.Links) table.AddRow(link.Rel, Markup.Escape(link.Href));
        foreach (var change in a.Changes)
            table.AddRow("", Markup.Escape($"{Context.Format(change.At)} {Context.Name(change.State)} by {change.Actor}: {change.Note}"));
        con.Write(table);
    }

    private static string Kg(decimal kg) => kg.ToString("#,0.###", CultureInfo.InvariantCulture);

    private static string Ha(decimal ha) => ha.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Percent(decimal part, decimal whole) =>
        whole == 0 ? "–" : (100 * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
