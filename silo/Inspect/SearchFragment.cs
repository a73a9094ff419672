using System.Text;
using Nguon.Model;
using static Nguon.Silo.Inspect.InspectHtml;

namespace Nguon.Silo.Inspect;

/// <summary>The search page: the find form (an exact code goes straight to its page) and the results frame. The frame
/// is where the read model's filtered lists (issue 14: by GI, season, farm, custodian, status, step, destination,
/// dates) will be rendered, as rows of <c>#results</c>, from the same query string.</summary>
internal static class SearchFragment
{
    /// <summary>One thing the query names (when it names several, the inspector chooses).</summary>
    public sealed record Match(string Kind, string Href, string Label);

    public static string Render(Actor reader, string? query, string? problem, IReadOnlyList<Match> matches)
    {
        var html = new StringBuilder();
        SignedIn(html, reader);
        html.Append("<section class=\"search\" data-title=\"Find\"><h1 class=\"page\">Find</h1>")
            .Append("<form class=\"find\" action=\"/inspect\" method=\"get\" role=\"search\">")
            .Append($"<label>Code <input name=\"q\" value=\"{H(query)}\" maxlength=\"{ExactCode.MaxLength}\" autocomplete=\"off\" "
                + "placeholder=\"PH01-LN26-EXP-0001 · (01)08935000100011(10)LN26EXP01 · VNBG-LN-HG-001 · VN-GI-00017\" required></label>")
            .Append("<button type=\"submit\">Find</button></form>")
            .Append("<p class=\"hint\">An exact batch code, a GS1 element string or Digital Link of GTIN and lot, a farm's growing-area "
                + "code, or a GI certificate number opens its page.</p></section>");
        html.Append("<section id=\"results\" aria-live=\"polite\">");
        if (problem is not null) html.Append($"<p class=\"problem\" role=\"alert\">{H(problem)}</p>");
        if (matches.Count > 0)
        {
            html.Append($"<h2>{matches.Count} records answer to {H(query)}</h2><ul class=\"matches\">");
            foreach (var m in matches)
                html.Append($"<li data-kind=\"{H(m.Kind)}\"><a href=\"{H(m.Href)}\">{H(m.Kind)} {H(m.Label)}</a></li>");
            html.Append("</ul>");
        }
        return html.Append("</section>").ToString();
    }
}
