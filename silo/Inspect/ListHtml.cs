using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Nguon.Model;
using Nguon.Silo.ReadModel;
using static Nguon.Silo.Inspect.InspectHtml;

namespace Nguon.Silo.Inspect;

/// <summary>A page of a list as the inspectors' pages show it: its rows, how fresh the read model was, and the URL
/// of the next page (null on the last).</summary>
internal sealed record Listed<T>(IReadOnlyList<T> Items, Watermark Mark, string? NextHref);

/// <summary>The pieces the search pages' filter forms and result tables are written with. The filters are read by the
/// API's own <see cref="Api.ListParameters"/> (same rules, same messages); the only difference is that a form's empty
/// field is no filter (a form sends every field).</summary>
internal static class ListHtml
{
    /// <summary>What the form sent that holds something, trimmed: an empty field is no filter.</summary>
    public static QueryCollection Given(IQueryCollection query) =>
        new(query
            .Select(p => (p.Key, Values: p.Value.Select(v => v?.Trim()).Where(v => !string.IsNullOrEmpty(v)).ToArray()))
            .Where(p => p.Values.Length > 0)
            .ToDictionary(p => p.Key, p => new StringValues(p.Values), StringComparer.Ordinal));

    /// <summary>The value a field shows again (the first one given).</summary>
    public static string? Value(IQueryCollection given, string name) =>
        given.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The search pages' tabs: lots and farms.</summary>
    public static void Tabs(StringBuilder html, string current)
    {
        html.Append("<nav class=\"tabs\" aria-label=\"Search\">");
        foreach (var (name, href) in new[] { ("Lots", InspectEndpoints.PagePath), ("Farms", InspectEndpoints.PagePath + "/farms") })
            html.Append($"<a href=\"{href}\"{(name == current ? " aria-current=\"page\"" : "")}>{name}</a>");
        html.Append("</nav>");
    }

    public static string Input(IQueryCollection given, string name, string label, string placeholder, string type = "text",
        string extra = "") =>
        $"<label>{H(label)} <input name=\"{name}\" type=\"{type}\" value=\"{H(Value(given, name))}\" placeholder=\"{H(placeholder)}\" "
        + $"autocomplete=\"off\" spellcheck=\"false\"{extra}></label>";

    /// <summary>A select whose first option, "any", is no filter.</summary>
    public static string Select(IQueryCollection given, string name, string label, IEnumerable<(string Value, string Text)> options)
    {
        var chosen = Value(given, name);
        var html = new StringBuilder($"<label>{H(label)} <select name=\"{name}\"><option value=\"\">any</option>");
        foreach (var (value, text) in options)
            html.Append($"<option value=\"{H(value)}\"{(value == chosen ? " selected" : "")}>{H(text)}</option>");
        return html.Append("</select></label>").ToString();
    }

    /// <summary>Why the search was not run: each bad filter in the API's words (the page shows no rows then).</summary>
    public static void Problems(StringBuilder html, IReadOnlyList<Violation> bad)
    {
        html.Append("<div class=\"problem\" role=\"alert\"><p>Nothing was listed: a filter is not valid.</p>");
        Reasons(html, bad);
        html.Append("</div>");
    }

    /// <summary>A list's results: how many rows are shown ("on this page" when there are more), the table of
    /// <paramref name="columns"/> with a row each (or <paramref name="none"/>), how fresh it is, and the next page's link.</summary>
    public static void Table<T>(StringBuilder html, Listed<T> listed, (string One, string Many) noun, string none, string[] columns,
        Action<StringBuilder, T> row)
    {
        html.Append($"<h2>{Count(listed.Items.Count, noun.One, noun.Many)}{(listed.NextHref is null ? "" : " on this page")}</h2>");
        if (listed.Items.Count == 0) html.Append($"<p>{H(none)}</p>");
        else
        {
            html.Append($"<div class=\"scroll\"><table class=\"list {noun.Many}\"><thead><tr>")
                .Append(string.Concat(columns.Select(c => $"<th scope=\"col\">{H(c)}</th>")))
                .Append("</tr></thead><tbody>");
            foreach (var item in listed.Items) row(html, item);
            html.Append("</tbody></table></div>");
        }
        Footer(html, listed);
    }

    private static void Footer<T>(StringBuilder html, Listed<T> listed)
    {
        if (listed.NextHref is { } next) html.Append($"<p class=\"next\"><a rel=\"next\" href=\"{H(next)}\">Next page</a></p>");
        html.Append($"<p class=\"asof\">Listed from the read model as of {Time(listed.Mark.AsOf)}");
        if (listed.Mark.SweptAt is { } swept) html.Append($" · last full sweep {Time(swept)}");
        html.Append("</p>");
    }

    /// <summary>The next page's URL: the same filters, and the cursor the list gave.</summary>
    public static string? NextHref(string path, IQueryCollection given, string? cursor) => cursor is null ? null
        : QueryHelpers.AddQueryString(path, given.Where(p => p.Key != "cursor")
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create("cursor", (string?)cursor)));

    /// <summary>A cell labelled for the phone layout, where each row is a card of labelled lines (its value one piece).</summary>
    public static string Cell(string label, string valueHtml) => $"<td data-label=\"{H(label)}\"><span>{valueHtml}</span></td>";
}
