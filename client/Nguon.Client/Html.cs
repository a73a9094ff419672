namespace Nguon.Client;

/// <summary>HTML and SVG text escaping shared by the silo's pages and the client's labels.</summary>
public static class Html
{
    /// <summary>Escapes markup characters only: &amp;, &lt;, &gt;, quotes. Unlike WebUtility.HtmlEncode it leaves
    /// other letters as they are (it would turn Vietnamese letters such as "à" into entities).</summary>
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? ""
            : text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
}
