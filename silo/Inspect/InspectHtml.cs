using System.Globalization;
using System.Text;
using Nguon.Model;

namespace Nguon.Silo.Inspect;

/// <summary>The small pieces every inspector's fragment is written with: escaping, definition rows, links to the other
/// pages, times and quantities in one spelling, and the refusal a reader without permission sees instead of data.</summary>
internal static class InspectHtml
{
    public static string H(string? s) => Nguon.Client.Html.Escape(s);

    /// <summary>A path segment, encoded (codes are validated ids, but a page never trusts that).</summary>
    public static string Segment(string id) => Uri.EscapeDataString(id);

    public static string LotLink(string code) => $"<a href=\"/inspect/batches/{Segment(code)}\">{H(code)}</a>";
    public static string FarmLink(string code) => $"<a href=\"/inspect/farms/{Segment(code)}\">{H(code)}</a>";
    public static string CertificateLink(string number) => $"<a href=\"/inspect/certificates/{Segment(number)}\">{H(number)}</a>";

    public static string Time(DateTimeOffset at) =>
        $"<time datetime=\"{at:O}\">{at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}"
        + $" {(at.Offset == TimeSpan.Zero ? "UTC" : at.ToString("zzz", CultureInfo.InvariantCulture))}</time>";

    public static string Day(DateTimeOffset? at) => at is { } t ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    public static string Number(decimal d) => d.ToString("#,0.###", CultureInfo.InvariantCulture);

    /// <summary>"1 batch", "3 batches": a count with its noun.</summary>
    public static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public static string Amount(Quantity q) => $"{Number(q.Amount)} {q.Unit}";

    public static string Word<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>A definition row whose value is already HTML (links, times).</summary>
    public static string RowHtml(string term, string valueHtml) => $"<div><dt>{H(term)}</dt><dd>{valueHtml}</dd></div>";

    public static string Row(string term, string? value) => RowHtml(term, H(value ?? "—"));

    /// <summary>Who the page was rendered for: the key's organisation and roles, never the key.</summary>
    public static void SignedIn(StringBuilder html, Actor actor) =>
        html.Append($"<p class=\"who\">Signed in as <b>{H(actor.Organisation)}</b> · "
            + $"{H(string.Join(", ", (actor.Roles ?? []).Select(r => Word(r))))}</p>");

    /// <summary>The page a refused read gets (with the refusal's status): what was asked, and the rules that said no.</summary>
    public static string Refusal(Actor actor, int status, string what, IReadOnlyList<Violation> why)
    {
        var html = new StringBuilder();
        SignedIn(html, actor);
        var title = status switch { 403 => "Not allowed", 404 => "Not found", 400 => "Not a valid request", _ => "Refused" };
        html.Append($"<section class=\"refusal\" data-status=\"{status}\" data-title=\"{H(title)}\"><h1>{H(title)}</h1>")
            .Append($"<p>{H(what)}</p>");
        Reasons(html, why);
        return html.Append("</section>").ToString();
    }

    /// <summary>Each rule that said no (or that a verification names): its message, and its rule code in small print.</summary>
    public static void Reasons(StringBuilder html, IReadOnlyList<Violation> why)
    {
        html.Append("<ul class=\"reasons\">");
        foreach (var v in why) html.Append($"<li data-rule=\"{H(v.Rule)}\"><strong>{H(v.Message)}</strong><small>{H(v.Rule)}</small></li>");
        html.Append("</ul>");
    }

    /// <summary>A list of documents with a download link each (the script fetches it with the key).</summary>
    public static void DocumentList(StringBuilder html, IEnumerable<(string Subject, DocumentInfo Document, string Href)> documents)
    {
        html.Append("<ul class=\"documents\">");
        foreach (var (subject, d, href) in documents)
            html.Append($"<li data-sha256=\"{H(d.Sha256)}\"><a href=\"{H(href)}\" data-download=\"{H(d.Name)}\">{H(d.Name)}</a>")
                .Append($" <span class=\"tag\">{H(d.Type ?? "document")}</span>")
                .Append($"<small>{H(subject)} · {H(d.MediaType)} · {Number(d.Size)} bytes · by {H(d.Uploader)} · {Time(d.UploadedAt)}")
                .Append($" · <code title=\"SHA-256 {H(d.Sha256)}\">{H(d.Sha256[..12])}…</code></small></li>");
        html.Append("</ul>");
    }
}
