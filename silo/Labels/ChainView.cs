using System.Globalization;
using System.Text;
using Nguon.Model;

namespace Nguon.Silo.Labels;

/// <summary>The provenance graph of a batch drawn as an SVG picture for inspectors: GI certificates at the top, then
/// the origin farms, then the batches tier by tier down to the batch asked about; edges carry the quantities taken;
/// nodes the verification names (or that are recalled, suspended, revoked) are drawn in red with the reasons listed.</summary>
public static class ChainView
{
    private const int BoxWidth = 176, BoxHeight = 52, ColumnGap = 24, RowGap = 58, Top = 64, Side = 16;

    /// <summary>The picture's own stylesheet, constant so a page that draws it inline can allow it by its CSP hash.</summary>
    public const string Style = ".n rect{fill:#fff;stroke:#2e7d43;stroke-width:1.5}.n.certificate rect{fill:#fff8e1;stroke:#b08d1a}"
        + ".n.farm rect{fill:#e6f4ea}.n.failing rect{fill:#fbe9e7;stroke:#b3261e;stroke-width:3}.n .t{font-weight:bold}"
        + ".e{stroke:#777;fill:none;stroke-width:1.4}.q{fill:#333;font-size:10px;paint-order:stroke;stroke:#fff;stroke-width:3px}";

    private sealed record Node(string Id, string Kind, string Title, string Line1, string Line2, bool Failing);

    public static string Svg(ProvenanceGraph graph, Verification verification)
    {
        var failing = verification.Reasons.Select(r => r.Message).ToList();
        bool Named(string id) => failing.Any(m => ContainsWord(m, id));

        var batches = graph.Batches.ToDictionary(b => b.Batch.Code, b => b.Batch);
        var tier = Tiers(batches);
        int Tier(string code) => tier[code];

        var rows = new List<List<Node>>
        {
            graph.Certificates.Select(c
                => new Node("cert:" + c.Number, "certificate", c.Number, c.Name.En, c.Status.ToString().ToLowerInvariant(),
                c.Status != CertificateStatus.Active || Named(c.Number))).ToList(),
            graph.Farms.OrderBy(f => f.Code, StringComparer.Ordinal).Select(f
                => new Node("farm:" + f.Code, "farm", f.Code, f.Name, $"{f.Address.Commune} · {Number(f.AreaHa)} ha",
                Named(f.Code))).ToList(),
        };
        foreach (var group in batches.Values.GroupBy(b => Tier(b.Code)).OrderBy(g => g.Key))
            rows.Add([.. group.OrderBy(b => b.Code, StringComparer.Ordinal).Select(b => new Node("batch:" + b.Code, "batch", b.Code,
                $"{b.Quantity} {b.Product}",
                    $"{b.Status.ToString().ToLowerInvariant()}{(b.GiClaim is null ? " · no GI claim" : $" · GI {b.GiClaim}")}",
                b.Status == BatchStatus.Recalled || Named(b.Code)))]);
        rows.RemoveAll(r => r.Count == 0);

        var width = Math.Max(420, rows.Max(r => r.Count) * (BoxWidth + ColumnGap) - ColumnGap + 2 * Side);
        var place = new Dictionary<string, (double X, double Y)>();
        for (var r = 0; r < rows.Count; r++)
        {
            // Each row in the order of its nodes' parents above (barycentre), so edges cross as little as they can.
            if (r > 0) rows[r] = [.. rows[r].OrderBy(n => Upstream(n.Id)
                .Select(u => place.TryGetValue(u, out var p) ? p.X : (double?)null)
                .OfType<double>().DefaultIfEmpty(double.MaxValue).Average())];
            var rowWidth = rows[r].Count * (BoxWidth + ColumnGap) - ColumnGap;
            for (var i = 0; i < rows[r].Count; i++)
                place[rows[r][i].Id] = ((width - rowWidth) / 2.0 + i * (BoxWidth + ColumnGap), Top + r * (BoxHeight + RowGap));
        }
        var reasonsTop = Top + rows.Count * (BoxHeight + RowGap) - RowGap + 28;
        var height = reasonsTop + 18 * verification.Reasons.Count + 16;

        IEnumerable<string> Upstream(string id) => id.Split(':', 2) switch
        {
            ["farm", var farm] => graph.Farms.First(f => f.Code == farm).Authorisations.Select(a => "cert:" + a.GiNumber),
            ["batch", var code] when batches[code].Origin is { Kind: OriginKind.Harvest, Farm: { } farm } => ["farm:" + farm],
            ["batch", var code] => batches[code].Origin.Parents.Select(p => "batch:" + p.Batch),
            _ => [],
        };

        var svg = new StringBuilder()
            .Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" "
                + $"font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\" role=\"img\">")
            .Append($"<title>Provenance of {H(graph.Root)}: {H(verification.Verdict.ToString())}</title>")
            .Append($"<style>{Style}</style>")
            .Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fafafa\"/>")
            .Append($"<text x=\"{Side}\" y=\"26\" font-size=\"16\" font-weight=\"bold\" "
                + $"fill=\"{VerdictColour(verification.Verdict)}\">{H(graph.Root)}: {H(Word(verification.Verdict))}</text>")
            .Append($"<text x=\"{Side}\" y=\"44\" fill=\"#555\">{verification.BatchesChecked} batches checked · root "
                + $"hash {H(graph.RootHash[..Math.Min(16, graph.RootHash.Length)])}…</text>");

        void Edge(string from, string to, string? label)
        {
            if (!place.TryGetValue(from, out var a) || !place.TryGetValue(to, out var b)) return;
            double x1 = a.X + BoxWidth / 2.0, y1 = a.Y + BoxHeight, x2 = b.X + BoxWidth / 2.0, y2 = b.Y;
            svg.Append($"<path class=\"e\" marker-end=\"url(#arrow)\" d=\"M{N(x1)},{N(y1)} "
                + $"C{N(x1)},{N(y1 + RowGap / 2.0)} {N(x2)},{N(y2 - RowGap / 2.0)} {N(x2)},{N(y2 - 2)}\"/>");
            if (label is not null) svg.Append($"<text class=\"q\" x=\"{N((x1 + x2) / 2)}\" y=\"{N((y1 + y2) / 2 + 4)}\" "
                + $"text-anchor=\"middle\">{H(label)}</text>");
        }
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
            + "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#777\"/></marker></defs>");
        foreach (var farm in graph.Farms)
            foreach (var a in farm.Authorisations)
                Edge("cert:" + a.GiNumber, "farm:" + farm.Code, a.Status == CertificateStatus.Active ? "authorised"
                    : a.Status.ToString().ToLowerInvariant());
        foreach (var b in batches.Values)
        {
            if (b.Origin.Kind == OriginKind.Harvest && b.Origin.Farm is { } farm) Edge("farm:" + farm, "batch:" + b.Code,
                $"harvest {b.Quantity}");
            foreach (var p in b.Origin.Parents) Edge("batch:" + p.Batch, "batch:" + b.Code, p.Taken.ToString());
        }
        foreach (var node in rows.SelectMany(r => r))
        {
            var (x, y) = place[node.Id];
            svg.Append($"<g class=\"n {node.Kind}{(node.Failing ? " failing" : "")}\" data-id=\"{H(node.Id)}\"><rect x=\"{N(x)}\" "
                + $"y=\"{N(y)}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"6\"/>")
               .Append($"<text class=\"t\" x=\"{N(x + 8)}\" y=\"{N(y + 16)}\">{H(Fit(node.Title))}</text>")
               .Append($"<text x=\"{N(x + 8)}\" y=\"{N(y + 31)}\">{H(Fit(node.Line1))}</text>")
               .Append($"<text x=\"{N(x + 8)}\" y=\"{N(y + 45)}\" fill=\"#555\">{H(Fit(node.Line2))}</text></g>");
        }
        for (var i = 0; i < verification.Reasons.Count; i++)
            svg.Append($"<text x=\"{Side}\" y=\"{reasonsTop + 18 * i + 4}\" fill=\"#b3261e\">"
                + $"• {H(verification.Reasons[i].Rule)}: {H(verification.Reasons[i].Message)}</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The row of each batch: 2 (below certificates and farms) for a batch with no parent in the graph, else
    /// one below its lowest parent. Iterative (an explicit stack), so a chain of any depth is laid out without a deep
    /// call stack; a parent that loops back to a batch still being placed (edited state only) is ignored.</summary>
    public static Dictionary<string, int> Tiers(IReadOnlyDictionary<string, Batch> batches)
    {
        var tier = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Code, int Next, int Tier)>();
        foreach (var start in batches.Keys.OrderBy(c => c, StringComparer.Ordinal))
        {
            if (tier.ContainsKey(start)) continue;
            onStack.Add(start);
            stack.Push((start, 0, 2));
            while (stack.Count > 0)
            {
                var (code, next, t) = stack.Pop();
                var parents = batches[code].Origin.Parents;
                if (next == parents.Count)
                {
                    tier[code] = t;
                    onStack.Remove(code);
                    if (stack.TryPop(out var child)) stack.Push(child with { Tier = Math.Max(child.Tier, t + 1) });
                    continue;
                }
                var p = parents[next].Batch;
                stack.Push((code, next + 1, tier.TryGetValue(p, out var known) ? Math.Max(t, known + 1) : t));
                if (!tier.ContainsKey(p) && batches.ContainsKey(p) && onStack.Add(p)) stack.Push((p, 0, 2));
            }
        }
        return tier;
    }

    /// <summary>True when <paramref name="id"/> appears in the message as a whole code, not as part of a longer one.</summary>
    private static bool ContainsWord(string message, string id)
    {
        for (var at = message.IndexOf(id, StringComparison.Ordinal); at >= 0; at = message.IndexOf(id, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !IsCodeChar(message[at - 1]);
            var end = at + id.Length;
            if (before && (end == message.Length || !IsCodeChar(message[end]))) return true;
        }
        return false;
        static bool IsCodeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
    }

    private static string Word(Verdict v)
        => v switch { Verdict.Verified => "verified", Verdict.Recalled => "recalled", _ => "not verified" };
    private static string VerdictColour(Verdict v)
        => v switch { Verdict.Verified => "#1b7f3b", Verdict.Recalled => "#8a3b00", _ => "#b3261e" };
    private static string Fit(string s) => s.Length <= 27 ? s : s[..26] + "…";
    private static string Number(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
    private static string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
    private static string H(string s) => Nguon.Client.Html.Escape(s);
}
