using System.Text;
using Nguon.Model;
using Nguon.Silo.ReadModel;
using static Nguon.Silo.Inspect.InspectHtml;
using static Nguon.Silo.Inspect.ListHtml;

namespace Nguon.Silo.Inspect;

/// <summary>The farms tab of the search page: the farms the reader may read, filtered by commune, GI and whether they
/// hold an authorisation that is active now, each linking to its farm page.</summary>
internal static class FarmListFragment
{
    public static string Render(Actor reader, IQueryCollection given, Listed<FarmSummary>? farms, IReadOnlyList<Violation> bad)
    {
        var html = new StringBuilder();
        SignedIn(html, reader);
        html.Append("<section class=\"search\" data-title=\"Farms\">");
        Tabs(html, "Farms");
        html.Append("<h1 class=\"page\">Farms</h1>")
            .Append($"<form class=\"find farms\" action=\"{InspectEndpoints.PagePath}/farms\" method=\"get\" role=\"search\">")
            .Append("<fieldset class=\"filters\"><legend>Filters</legend>")
            .Append(Input(given, "commune", "Commune", "Hồng Giang"))
            .Append(Input(given, "gi", "GI", "VN-GI-00017"))
            .Append(Select(given, "authorised", "Authorised now", [("true", "yes"), ("false", "no")]))
            .Append("</fieldset><button type=\"submit\">List farms</button>")
            .Append($"<a class=\"clear\" href=\"{InspectEndpoints.PagePath}/farms\">Clear</a></form>")
            .Append("<p class=\"hint\">Authorised now: the farm holds an active authorisation valid today (for the GI, if one is "
                + "given); no: it holds none. A GI alone lists the farms ever authorised for it.</p></section>");

        html.Append("<section id=\"results\" aria-live=\"polite\">");
        if (bad.Count > 0) Problems(html, bad);
        if (farms is not null) Farms(html, farms);
        return html.Append("</section>").ToString();
    }

    private static void Farms(StringBuilder html, Listed<FarmSummary> farms) =>
        Table(html, farms, ("farm", "farms"), "No farm this key may read matches these filters.",
            ["Farm", "Name", "Owner", "Address", "Area", "GI authorisations", "Registered"],
            (tr, f) => tr.Append($"<tr data-farm=\"{H(f.Code)}\">")
                .Append(Cell("Farm", FarmLink(f.Code)))
                .Append(Cell("Name", H(f.Name)))
                .Append(Cell("Owner", H(f.Owner)))
                .Append(Cell("Address", H($"{f.Address.Commune}, {f.Address.District}, {f.Address.Province}")))
                .Append(Cell("Area", $"{Number(f.AreaHa)} ha"))
                .Append(Cell("GI authorisations", f.Authorisations.Count == 0 ? "none"
                    : string.Join("<br>", f.Authorisations.Select(a =>
                        $"<span data-gi=\"{H(a.Gi)}\" data-status=\"{Word(a.Status)}\">{CertificateLink(a.Gi)} {Word(a.Status)}"
                        + $" · {Day(a.ValidFrom)} to {Day(a.ValidTo)}</span>"))))
                .Append(Cell("Registered", Time(f.RegisteredAt)))
                .Append("</tr>"));
}
