using System.Text;
using Nguon.Model;
using static Nguon.Silo.Inspect.InspectHtml;

namespace Nguon.Silo.Inspect;

/// <summary>A GI certificate's page (a public record): name, product, holder, status and its history, validity, the
/// specification the rules check, registrations abroad, and its documents. A certificate keeps no list of its
/// authorised farms (each farm holds its own authorisations), so farms are reached from lots and the find box.</summary>
internal static class CertificateFragment
{
    public static string Render(Certificate c, IReadOnlyList<DocumentInfo> documents, Actor reader,
        IReadOnlyList<string> seasons)
    {
        var html = new StringBuilder();
        SignedIn(html, reader);
        html.Append($"<section class=\"record\" data-title=\"GI {H(c.Number)}\" data-status=\"{Word(c.Status)}\">")
            .Append($"<h1 class=\"page\">GI {H(c.Number)}</h1><dl>")
            .Append(Row("Name", $"{c.Name.Vi} · {c.Name.En}{(c.Name.Ja is { } ja ? $" · {ja}" : "")}"))
            .Append(Row("Product", c.Varieties.Count == 0 ? c.Product : $"{c.Product} ({string.Join(", ", c.Varieties)})"))
            .Append(Row("Holder", c.Holder))
            .Append(Row("Status", Word(c.Status)))
            .Append(Row("Valid", $"{Day(c.ValidFrom)} to {Day(c.ValidTo)}"))
            .Append(Row("Most yield", $"{Number(c.Specification.MaxYieldKgPerHaPerSeason)} kg/ha a season"));
        if (c.Specification.QualityCriteria is { Count: > 0 } criteria) html.Append(Row("Quality criteria", string.Join("; ", criteria)));
        foreach (var r in c.ForeignRegistrations)
            html.Append(Row($"Registered in {r.Country}", $"{r.Number}{(r.RegisteredOn is { } on ? $" ({on:yyyy-MM-dd})" : "")}"));
        html.Append(RowHtml("Registered here", Time(c.RegisteredAt)))
            .Append(RowHtml("Seasons", string.Join(" · ", seasons.Select(s =>
                $"<a href=\"/inspect/gi/{Segment(c.Number)}/seasons/{Segment(s)}\" data-season=\"{H(s)}\">{H(s)}</a>"))))
            .Append("</dl></section>");

        html.Append($"<section class=\"history\"><h2>Status history ({c.StatusHistory.Count})</h2>");
        if (c.StatusHistory.Count == 0) html.Append("<p>Active since registration.</p>");
        else
        {
            html.Append("<ol class=\"changes\">");
            foreach (var s in c.StatusHistory)
                html.Append($"<li>{Time(s.At)} <b>{Word(s.Status)}</b> by {H(s.Actor)}: {H(s.Reason)}</li>");
            html.Append("</ol>");
        }
        html.Append("</section>");

        html.Append($"<section class=\"docs\"><h2>Documents ({documents.Count})</h2>");
        if (documents.Count == 0) html.Append("<p>No document is attached to this certificate.</p>");
        else DocumentList(html, documents.Select(d => ($"certificate {c.Number}", d,
            $"/api/certificates/{Segment(c.Number)}/documents/{d.Sha256}")));
        return html.Append("</section>").ToString();
    }
}
