using System.CommandLine;
using Nguon.Model;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

internal static class QueryCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var code = Arg("code", "batch code");
        var claim = Optional("--claim", "the GI the label claims (default: the batch's own claim)");
        var full = new Option<bool>("--full") { Description = "every internal reason (needs a key that may read the batch)" };
        var market = Optional("--market",
            "with --full: also judge the import rules of this market, e.g. JP (default: the country the batch is shipped to)");

        yield return Make("trace", "Backward trace of a batch, drawn as a tree down to its farms", output, async (c, ct) =>
        {
            c.Print(await c.Client().Trace(c.Value(code), ct), PrintTrace);
            return 0;
        }, code);

        yield return Make("descendants", "Forward trace: every batch downstream of a batch", output, async (c, ct) =>
        {
            c.Print(await c.Client().Descendants(c.Value(code), ct), PrintDescendants);
            return 0;
        }, code);

        yield return Make("verify", "Verify a batch's GI claim; exits 1 when it is not verified", output, async (c, ct) =>
        {
            var client = c.Client();
            if (c.Parse.GetValue(full))
            {
                var v = await client.VerifyFull(c.Value(code), c.Parse.GetValue(claim), ct, c.Parse.GetValue(market));
                c.Print(v, (con, x) =>
                {
                    PrintVerdict(con, x.Batch, x.GiClaim, x.Verdict, x.Reasons.Select(r => r.Message), x.RootHash);
                    if (x.Market is { } m)
                    {
                        con.WriteLine($"  {m.Market} import rules ({m.RuleSet}): {(m.Passed ? "PASSED" : "FAILED")}");
                        foreach (var r in m.Rules) con.WriteLine($"    {(r.Passed ? "ok  " : "FAIL")} {r.Rule}: {r.Message}");
                    }
                });
                return v.Verdict == Verdict.Verified ? 0 : NguonCli.NotVerified;
            }
            var p = await client.Verify(c.Value(code), c.Parse.GetValue(claim), ct);
            c.Print(p, (con, x) =>
            {
                PrintVerdict(con, x.Batch, x.GiNumber, x.Verdict, x.Reasons.Select(r => r.Message), x.RootHash);
                foreach (var producer in x.Producers) con.WriteLine($"  from {producer.Name}, {producer.Commune}, {producer.District},"
                    + $" {producer.Province}");
                if (x.HarvestDates.Count > 0) con.WriteLine($"  harvested"
                    + $" {string.Join(", ", x.HarvestDates.Select(d => d.ToString("yyyy-MM-dd")))}");
            });
            return p.Verdict == Verdict.Verified ? 0 : NguonCli.NotVerified;
        }, code, claim, full, market);
    }

    private static void PrintVerdict(IAnsiConsole con, string batch, string? gi, Verdict verdict, IEnumerable<string> reasons,
        string rootHash)
    {
        var word = verdict switch { Verdict.Verified => "VERIFIED", Verdict.Recalled => "RECALLED", _ => "NOT VERIFIED" };
        con.WriteLine($"{batch}: {word}{(gi is null ? "" : $" (GI {gi})")}");
        foreach (var reason in reasons) con.WriteLine($"  - {reason}");
        con.WriteLine($"  root hash {rootHash}");
    }

    private static void PrintTrace(IAnsiConsole con, ProvenanceGraph graph)
    {
        var nodes = graph.Batches.ToDictionary(n => n.Batch.Code);
        var farms = graph.Farms.ToDictionary(f => f.Code);
        var tree = new Tree(Markup.Escape(Label(nodes[graph.Root].Batch)));
        void Grow(IHasTreeNodes parent, Batch batch, int depth)
        {
            if (batch.Origin.Kind == OriginKind.Harvest)
            {
                var farm = batch.Origin.Farm is { } code && farms.TryGetValue(code, out var f) ? $"{f.Code} {f.Name}, {f.Address.Commune}"
                    : batch.Origin.Farm;
                parent.AddNode(Markup.Escape($"farm {farm}"));
                return;
            }
            foreach (var link in batch.Origin.Parents)
            {
                var text = nodes.TryGetValue(link.Batch, out var n) ? $"{Label(n.Batch)} — took {link.Taken}" : $"{link.Batch} (missing)";
                var child = parent.AddNode(Markup.Escape(text));
                if (n is not null && depth < 64) Grow(child, n.Batch, depth + 1);
            }
        }
        Grow(tree, nodes[graph.Root].Batch, 0);
        con.Write(tree);
        foreach (var cert in graph.Certificates) con.WriteLine($"GI {cert.Number} {cert.Name.En}:"
            + $" {cert.Status.ToString().ToLowerInvariant()}");
        con.WriteLine($"root hash {graph.RootHash}");
    }

    private static string Label(Batch b) =>
        $"{b.Code} {b.Product} {b.Quantity} [{b.Status.ToString().ToLowerInvariant()},"
            + $" {b.Custodian}{(b.GiClaim is null ? "" : ", GI " + b.GiClaim)}]";

    public static void PrintDescendants(IAnsiConsole con, DescendantGraph graph)
    {
        var table = new Table().AddColumns("depth", "batch", "quantity", "status", "custodian", "GI", "parents");
        foreach (var n in graph.Batches.OrderBy(n => n.Depth).ThenBy(n => n.Code))
            table.AddRow(n.Depth.ToString(), n.Code, Context.Format(n.Quantity), n.Status.ToString().ToLowerInvariant(), n.Custodian,
                n.GiClaim ?? "", string.Join(", ", n.Parents));
        con.Write(table);
    }
}
