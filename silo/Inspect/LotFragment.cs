using System.Text;
using Nguon.Model;
using Nguon.Silo.Labels;
using static Nguon.Silo.Inspect.InspectHtml;

namespace Nguon.Silo.Inspect;

/// <summary>A lot's page for inspectors, from its dossier content (one trace call: the backward chain, the full
/// verification with the destination market's rules, and the documents attached along the chain): the verdict with
/// every reason, the lot's record, the chain as a picture, the journey (every event of the chain in time order with
/// what, when, where, why, how and who), the documents, and the recall form when the key may recall.</summary>
internal static class LotFragment
{
    /// <summary>Past this many batches the picture is not drawn inline (the chain.svg endpoint still draws it).</summary>
    public const int MaxDrawnBatches = 200;

    /// <summary>Past this many events the journey shows the lot's own and the newest of the rest, and says so.</summary>
    public const int MaxJourneyEvents = 500;

    public static string Render(DossierContent content, Actor reader, bool mayRecall)
    {
        var (graph, v) = (content.Graph, content.Verification);
        var lot = graph.Batches.First(n => n.Batch.Code == graph.Root).Batch;
        var html = new StringBuilder();
        SignedIn(html, reader);
        Verdict(html, v, lot);
        Record(html, lot);
        if (mayRecall) RecallForm(html, lot);
        Chain(html, graph, v);
        Journey(html, graph);
        ChainDocuments(html, lot.Code, content.Documents);
        return html.ToString();
    }

    private static void Verdict(StringBuilder html, Verification v, Batch lot)
    {
        var verdict = Word(v.Verdict);
        var words = v.Verdict switch { Model.Verdict.Verified => "Verified", Model.Verdict.Recalled => "Recalled", _ => "Not verified" };
        html.Append($"<section class=\"verdict\" data-verdict=\"{H(verdict)}\" data-title=\"{H(lot.Code)} · {H(words)}\">")
            .Append($"<h1>{H(words)}</h1><p>{H(lot.Code)} · GI claim {H(v.GiClaim ?? "none")} · "
                + $"{Count(v.BatchesChecked, "batch", "batches")} checked · {Time(v.CheckedAt)}</p>");
        if (v.Reasons.Count > 0) Reasons(html, v.Reasons);
        if (v.Market is { } market)
        {
            html.Append($"<h2>Import rules of {H(market.Market)} ({H(market.RuleSet)}): {(market.Passed ? "passed" : "failed")}</h2>")
                .Append($"<ul class=\"market\" data-passed=\"{(market.Passed ? "true" : "false")}\">");
            foreach (var rule in market.Rules)
                html.Append($"<li data-rule=\"{H(rule.Rule)}\" data-passed=\"{(rule.Passed ? "true" : "false")}\">"
                    + $"<strong>{(rule.Passed ? "✔" : "✖")} {H(rule.Rule)}</strong> <small>{H(rule.Message)}</small></li>");
            html.Append("</ul>");
        }
        html.Append($"<p class=\"code\">root hash {H(v.RootHash)}</p></section>");
    }

    private static void Record(StringBuilder html, Batch lot)
    {
        html.Append($"<section class=\"record\"><h2>Lot {H(lot.Code)}</h2><dl>")
            .Append(Row("Product", lot.Variety is null ? lot.Product : $"{lot.Product} ({lot.Variety})"))
            .Append(Row("Quantity", $"{Amount(lot.Quantity)} ({Number(lot.Remaining)} {lot.Quantity.Unit} remaining)"))
            .Append(Row("Status", Word(lot.Status)))
            .Append(lot.GiClaim is { } gi ? RowHtml("GI claim", CertificateLink(gi)) : Row("GI claim", "none"))
            .Append(Row("Custodian", lot.Custodian))
            .Append(Row("Shipped to", lot.Destination));
        if (lot.Gtin is { } gtin && lot.Lot is { } number)
            html.Append(RowHtml("Label",
                $"<a href=\"/label/01/{Segment(gtin)}/10/{Segment(number)}\">(01) {H(gtin)} (10) {H(number)}</a>"));
        var origin = lot.Origin;
        html.Append(origin.Kind == OriginKind.Harvest && origin.Farm is { } farm
            ? RowHtml("Origin", $"harvest at {FarmLink(farm)}, season {H(origin.Season)}")
            : RowHtml("Origin", $"{H(Word(origin.Kind))} of " + string.Join(", ",
                origin.Parents.Select(p => $"{LotLink(p.Batch)} ({H(Amount(p.Taken))})"))));
        if (lot.Children.Count > 0)
            html.Append(RowHtml("Went into", string.Join(", ", lot.Children.Select(c => $"{LotLink(c.Batch)} ({H(Amount(c.Quantity))})"))));
        html.Append(RowHtml("Created", Time(lot.CreatedAt)))
            .Append(Row("Events", lot.EventCount.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(RowHtml("Head hash", $"<code>{H(lot.HeadHash)}</code>"))
            .Append("</dl></section>");
    }

    /// <summary>The recall form: a reason, then a confirmation step (the script's), then the existing recall API.</summary>
    private static void RecallForm(StringBuilder html, Batch lot)
    {
        if (lot.Status == BatchStatus.Recalled)
        {
            html.Append("<section class=\"recall\" data-recalled=\"true\"><h2>Recall</h2><p>This lot is recalled.</p></section>");
            return;
        }
        html.Append($"<section class=\"recall\"><h2>Recall</h2><form id=\"recall\" data-batch=\"{H(lot.Code)}\">")
            .Append($"<p>A recall is recorded on {H(lot.Code)} (consumed or not) and every lot made from it verifies as recalled.</p>")
            .Append($"<label>Reason <input name=\"reason\" required maxlength=\"{Domain.TextLimits.Long}\" autocomplete=\"off\"></label>")
            .Append($"<button type=\"submit\">Recall {H(lot.Code)}…</button></form>")
            .Append("<div id=\"recall-confirm\" hidden><p>Recall <b>" + H(lot.Code) + "</b> and everything made from it, because "
                + "“<span class=\"reason\"></span>”? This cannot be undone.</p>")
            .Append("<button type=\"button\" class=\"danger\" data-recall-confirm>Confirm recall</button> ")
            .Append("<button type=\"button\" data-recall-cancel>Cancel</button></div></section>");
    }

    private static void Chain(StringBuilder html, ProvenanceGraph graph, Verification v)
    {
        html.Append($"<section class=\"chain\"><h2>Chain ({Count(graph.Batches.Count, "batch", "batches")}, "
            + $"{Count(graph.Farms.Count, "farm", "farms")}, {Count(graph.Certificates.Count, "GI certificate", "GI certificates")})</h2>");
        html.Append(graph.Batches.Count <= MaxDrawnBatches
            ? $"<div id=\"chain\">{ChainView.Svg(graph, v)}</div>"
            : $"<p>Too many batches to draw here (more than {MaxDrawnBatches}): GET /api/batches/{H(graph.Root)}/chain.svg draws it.</p>");
        if (graph.Missing.Count > 0) html.Append($"<p class=\"missing\">Missing from the store: {H(string.Join(", ", graph.Missing))}</p>");
        html.Append("<ul class=\"links\">")
            .Append(string.Concat(graph.Farms.Select(f => $"<li>farm {FarmLink(f.Code)} · {H(f.Name)}, {H(f.Address.Commune)}</li>")))
            .Append(string.Concat(graph.Certificates.Select(c
                => $"<li>GI {CertificateLink(c.Number)} · {H(c.Name.En)} · {Word(c.Status)}</li>")))
            .Append(string.Concat(graph.Batches.Where(n => n.Batch.Code != graph.Root)
                .Select(n => $"<li>lot {LotLink(n.Batch.Code)} · {H(Word(n.Batch.Status))}</li>")))
            .Append("</ul></section>");
    }

    private static void Journey(StringBuilder html, ProvenanceGraph graph)
    {
        var all = graph.Batches.SelectMany(n => n.Events.Select(e => (n.Batch.Code, Event: e))).ToList();
        var shown = all.Count <= MaxJourneyEvents ? all
            : [.. all.Where(e => e.Code == graph.Root)
                .Concat(all.Where(e => e.Code != graph.Root).OrderByDescending(e => e.Event.EventTime))
                .Take(MaxJourneyEvents)];
        html.Append($"<section class=\"journey\"><h2>Journey ({Count(all.Count, "event", "events")})</h2>");
        if (shown.Count < all.Count)
            html.Append($"<p>The {shown.Count} newest events are shown (the lot's own first); the trace API has all {all.Count}.</p>");
        html.Append("<ol class=\"events\">");
        var ordered = shown.OrderBy(e => e.Event.EventTime).ThenBy(e => e.Code, StringComparer.Ordinal).ThenBy(e => e.Event.Sequence);
        foreach (var (code, e) in ordered)
        {
            html.Append($"<li data-batch=\"{H(code)}\" data-step=\"{H(e.BizStep)}\"{(code == graph.Root ? " class=\"own\"" : "")}>")
                .Append($"<h3>{H(e.BizStep)}{(e.Disposition is { } d ? $" · {H(d)}" : "")} ")
                .Append($"<small>{LotLink(code)} #{e.Sequence}</small></h3><dl>")
                .Append(RowHtml("What", H(What(e))))
                .Append(RowHtml("When", $"{Time(e.EventTime)} <small>recorded {Time(e.RecordTime)}</small>"))
                .Append(Row("Where", Joined(e.ReadPoint, e.BizLocation)))
                .Append(Row("Why", Joined(e.BizStep, e.Disposition, e.Reason)));
            var how = e.Sensors.Select(s => $"{s.Type} {Number(s.Value)} {s.Unit}")
                .Concat(e.Documents.Select(d => $"document {d.Type ?? ""} {d.Name ?? d.Sha256[..12]}".Replace("  ", " "))).ToList();
            if (how.Count > 0) html.Append(Row("How", string.Join(" · ", how)));
            html.Append(Row("Who", e.Actor)).Append("</dl></li>");
        }
        html.Append("</ol></section>");
    }

    /// <summary>The values given, joined; null (shown as a dash) when none is.</summary>
    private static string? Joined(params string?[] values) =>
        values.OfType<string>().ToList() is { Count: > 0 } given ? string.Join(" · ", given) : null;

    private static string What(BatchEvent e)
    {
        var parts = new List<string> { e.EventType };
        if (e.Quantity is { } q) parts.Add(Amount(q));
        if (e.Inputs.Count > 0) parts.Add("from " + string.Join(", ", e.Inputs.Select(i => $"{i.Batch} {Amount(i.Quantity)}")));
        if (e.Outputs.Count > 0) parts.Add("into " + string.Join(", ", e.Outputs.Select(o => $"{o.Batch} {Amount(o.Quantity)}")));
        if (e.Destination is { } to) parts.Add("to " + to);
        return string.Join(" · ", parts);
    }

    /// <summary>The documents along the chain, downloaded through the lot's dossier route: whoever may read the lot may
    /// read every document its dossier lists (also those on a parent lot, farm or certificate).</summary>
    private static void ChainDocuments(StringBuilder html, string root, IReadOnlyList<SubjectDocuments> documents)
    {
        var count = documents.Sum(s => s.Documents.Count);
        html.Append($"<section class=\"docs\"><h2>Documents ({count})</h2>");
        if (count == 0) html.Append("<p>No document is attached along this chain.</p>");
        else DocumentList(html, documents.SelectMany(s => s.Documents.Select(d =>
            ($"{Word(s.Kind)} {s.Id}", d, $"/api/batches/{Segment(root)}/dossier/documents/{d.Sha256}"))));
        html.Append("</section>");
    }
}
