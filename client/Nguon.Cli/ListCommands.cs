using System.CommandLine;
using System.Globalization;
using Nguon.Client;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

/// <summary>The lists over the server's read model (`search`, `batch list`, `farm list`, `cert list`, `org list`): a table
/// and a footer with the watermark and the next page's cursor, or the page as JSON; and the read model's own commands
/// (`admin read-model`, `admin reindex`). Filters go to the server as typed: it says what is wrong with a bad one.</summary>
internal static class ListCommands
{
    /// <summary>The most items --all gathers before it stops (and says where to go on).</summary>
    public const int AllCap = 10_000;

    public static IEnumerable<Command> Build(TextWriter output)
    {
        yield return Batches("search", "Search the batches you may read (an inspector: every one) by GI, season, farm, custodian, "
            + "status, business step, destination, time, GTIN or text", output);

        yield return Group("admin", "The read model behind the lists",
            Make("read-model", "How fresh the lists are: the watermark, what is not projected yet, the last sweep", output,
                async (c, ct) =>
                {
                    c.Print(await c.Client().GetReadModelStatus(ct), PrintStatus);
                    return 0;
                }),
            Make("reindex", "Rebuild the read model from the grains, fixing and reporting every difference (admin)", output,
                async (c, ct) =>
                {
                    c.Print(await c.Client().Reindex(ct), PrintReport);
                    return 0;
                }));
    }

    /// <summary>The batch list with every filter of GET /api/batches: `nguon search` and `nguon batch list`.</summary>
    public static Command Batches(string name, string description, TextWriter output)
    {
        var gi = Optional("--gi", "GI the batch claims, e.g. VN-GI-00017");
        var season = Optional("--season", "harvest season, e.g. 2026");
        var farm = Optional("--farm", "a farm the batch comes from (also through splits, merges and transformations)");
        var custodian = Optional("--custodian", "organisation holding the batch");
        var status = Optional("--status", "active, inTransit, consumed or recalled");
        var step = Optional("--step", "a business step the batch has an event of (--from/--to then bound that event)");
        var destination = Optional("--destination", "an organisation or country (e.g. JP) the batch was shipped to");
        var from = Optional("--from", "from a day (2026-06-01) or a time with its offset (created then or later, or see --step)");
        var to = Optional("--to", "before a day or a time with its offset");
        var gtin = Optional("--gtin", "GTIN on the label");
        var q = Optional("--q", "text the code, lot or product starts with");
        var paging = new Paging("batch", "batches");
        return Make(name, description, output, (c, ct) => paging.Run(c, (client, limit, cursor, t) => client.ListBatches(
                new BatchFilter(c.Parse.GetValue(gi), c.Parse.GetValue(season), c.Parse.GetValue(farm), c.Parse.GetValue(custodian),
                    c.Parse.GetValue(status), c.Parse.GetValue(step), c.Parse.GetValue(destination), c.Parse.GetValue(from),
                    c.Parse.GetValue(to), c.Parse.GetValue(gtin), c.Parse.GetValue(q)), limit, cursor, t),
            BatchTable, ct), [gi, season, farm, custodian, status, step, destination, from, to, gtin, q, .. paging.Options]);
    }

    public static Command Farms(TextWriter output)
    {
        var commune = Optional("--commune", "commune the farm lies in, e.g. Phượng Sơn");
        var gi = Optional("--gi", "GI the farm holds an authorisation for");
        var authorised = Optional("--authorised", "true: authorised now (for --gi if given); false: not");
        var paging = new Paging("farm", "farms");
        return Make("list", "List the farms you may read, by commune, GI and authorisation", output, (c, ct) =>
        {
            var filter = new FarmFilter(c.Parse.GetValue(commune), c.Parse.GetValue(gi), c.Parse.GetValue(authorised) switch
            {
                null => null,
                "true" => true,
                "false" => false,
                var other => throw new FormatException($"--authorised is true or false, not '{other}'"),
            });
            return paging.Run(c, (client, limit, cursor, t) => client.ListFarms(filter, limit, cursor, t), FarmTable, ct);
        }, [commune, gi, authorised, .. paging.Options]);
    }

    public static Command Certificates(TextWriter output)
    {
        var status = Optional("--status", "active, suspended or revoked");
        var paging = new Paging("certificate", "certificates");
        return Make("list", "List GI certificates (public records)", output, (c, ct) => paging.Run(c, (client, limit, cursor, t) =>
            client.ListCertificates(c.Parse.GetValue(status), limit, cursor, t), CertificateTable, ct), [status, .. paging.Options]);
    }

    public static Command Organisations(TextWriter output)
    {
        var role = Optional("--role", "authority, producer, operator, inspector, retailer or admin");
        var paging = new Paging("organisation", "organisations");
        return Make("list", "List organisations (admin)", output, (c, ct) => paging.Run(c, (client, limit, cursor, t) =>
            client.ListOrganisations(c.Parse.GetValue(role), limit, cursor, t), OrganisationTable, ct), [role, .. paging.Options]);
    }

    private static Table BatchTable(IReadOnlyList<BatchSummary> batches)
    {
        var table = new Table().AddColumns("batch", "GTIN / lot", "product", "quantity", "GI", "custodian", "status", "created");
        foreach (var b in batches)
            table.AddRow(Markup.Escape(b.Code), Markup.Escape(string.Join(" / ", new[] { b.Gtin, b.Lot }.OfType<string>())),
                Markup.Escape(b.Product + (b.Variety is null ? "" : $" ({b.Variety})")), Context.Format(b.Quantity),
                Markup.Escape(b.GiClaim ?? ""), Markup.Escape(b.Custodian),
                Context.Name(b.Status) + (b.Destination is null ? "" : Markup.Escape($" → {b.Destination}")),
                Context.Format(b.CreatedAt));
        return table;
    }

    private static Table FarmTable(IReadOnlyList<FarmSummary> farms)
    {
        var table = new Table().AddColumns("farm", "name", "owner", "commune", "area", "GI authorisations", "registered");
        foreach (var f in farms)
            table.AddRow(Markup.Escape(f.Code), Markup.Escape(f.Name), Markup.Escape(f.Owner), Markup.Escape(f.Address.Commune),
                $"{f.AreaHa.ToString("0.##", CultureInfo.InvariantCulture)} ha",
                Markup.Escape(string.Join(", ", f.Authorisations.Select(a => $"{a.Gi} {Context.Name(a.Status)}"))),
                Context.Format(f.RegisteredAt));
        return table;
    }

    private static Table CertificateTable(IReadOnlyList<CertificateSummary> certificates)
    {
        var table = new Table().AddColumns("GI", "name", "product", "holder", "status", "valid");
        foreach (var x in certificates)
            table.AddRow(Markup.Escape(x.Number), Markup.Escape($"{x.Name.Vi} / {x.Name.En}"), Markup.Escape(x.Product),
                Markup.Escape(x.Holder), Context.Name(x.Status), $"{Context.Format(x.ValidFrom)} – {Context.Format(x.ValidTo)}");
        return table;
    }

    private static Table OrganisationTable(IReadOnlyList<OrganisationSummary> organisations)
    {
        var table = new Table().AddColumns("organisation", "name", "roles", "commune", "country", "batch codes", "registered");
        foreach (var o in organisations)
            table.AddRow(Markup.Escape(o.Id), Markup.Escape(o.Name), string.Join(", ", o.Roles.Select(Context.Name)),
                Markup.Escape(o.Commune ?? ""), Markup.Escape(o.Country ?? ""), Markup.Escape(o.CodeSpace ?? ""),
                Context.Format(o.RegisteredAt));
        return table;
    }

    private static void PrintReport(IAnsiConsole con, RepairReport report)
    {
        var table = new Table().AddColumns("kind", "checked", "missing", "different", "extra");
        foreach (var k in report.Kinds)
            table.AddRow(Markup.Escape(k.Kind), Count(k.Checked), Count(k.Missing), Count(k.Different), Count(k.Extra));
        con.Write(table);
        con.WriteLine($"fixed {Count(report.Fixed)} (started {Context.Format(report.StartedAt)}, "
            + $"{report.Seconds.ToString("0.##", CultureInfo.InvariantCulture)} s)");
    }

    private static void PrintStatus(IAnsiConsole con, ReadModelStatus s)
    {
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("as of", Context.Format(s.AsOf));
        table.AddRow("swept", s.SweptAt is { } swept ? Context.Format(swept) : "not yet");
        table.AddRow("behind", $"{Count(s.Behind)} records not projected yet");
        table.AddRow("written", $"{Count(s.Projections)} projections in {Count(s.Transactions)} transactions");
        con.Write(table);
        if (s.LastSweep is { } sweep)
        {
            con.WriteLine("last sweep:");
            PrintReport(con, sweep);
        }
    }

    private static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>--limit, --cursor and --all of one list command, and how it prints a page.</summary>
    internal sealed class Paging(string one, string many)
    {
        private readonly Option<int?> limit = new("--limit")
        {
            Description = $"items per page, 1–{NguonClient.MaxPageSize} (default: 50; with --all {NguonClient.MaxPageSize})",
        };
        private readonly Option<string?> cursor = Optional("--cursor", "start where the previous page ended (its 'next' cursor)");
        private readonly Option<bool> all = new("--all") { Description = $"follow every page (at most {Count(AllCap)} items)" };

        public Symbol[] Options => [limit, cursor, all];

        public async Task<int> Run<T>(Context c, Func<NguonClient, int?, string?, CancellationToken, Task<ListPage<T>>> fetch,
            Func<IReadOnlyList<T>, Table> table, CancellationToken ct)
        {
            var client = c.Client();
            var (size, after, every) = (c.Parse.GetValue(limit), c.Parse.GetValue(cursor), c.Parse.GetValue(all));
            if (every && size < 1) throw new FormatException($"--limit is a number from 1 to {NguonClient.MaxPageSize}, not {size}");
            var page = every
                ? await NguonClient.Follow((n, next, t) => fetch(client, n, next, t), AllCap, after, size ?? NguonClient.MaxPageSize, ct)
                : await fetch(client, size, after, ct);
            c.Print(page, (con, p) =>
            {
                if (p.Items.Count > 0) con.Write(table(p.Items));
                con.WriteLine($"{Count(p.Items.Count)} {(p.Items.Count == 1 ? one : many)}, as of {Context.Format(p.AsOf)}"
                    + (p.SweptAt is { } swept ? $" (swept {Context.Format(swept)})" : ""));
                if (p.Next is not { } next) return;
                con.WriteLine(every
                    ? $"stopped at {Count(AllCap)} {many} (the most --all fetches); go on with --cursor {next}"
                    : $"more: the next page is --cursor {next} (or --all for every page)");
            });
            return 0;
        }
    }
}
