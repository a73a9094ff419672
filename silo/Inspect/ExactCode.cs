using System.Text.RegularExpressions;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Silo.Inspect;

/// <summary>What an inspector typed into the find box, read exactly (no search): a lot's label — a GS1 Digital Link
/// (<c>https://…/01/{GTIN}/10/{lot}</c>) or a GS1 element string of GTIN and lot, bracketed as printed under a barcode
/// (<c>(01)08935000100011(10)LN26EXP01</c>) or as a scanner sends it (<c>0108935000100011 10LN26EXP01</c>, FNC1 as the
/// GS character, an optional symbology identifier such as <c>]C1</c>) — or a code (batch, farm, GI certificate).</summary>
public sealed partial record ExactCode(string? Code, string? Gtin, string? Lot)
{
    /// <summary>The longest text the find box takes (a Digital Link with a long domain fits well).</summary>
    public const int MaxLength = 512;

    private const char GroupSeparator = '\u001d';

    public bool IsLabel => Gtin is not null;

    /// <summary>Reads <paramref name="text"/>; false with one sentence saying why when it is none of the forms.</summary>
    public static bool TryParse(string text, DateOnly today, out ExactCode found, out string error)
    {
        found = null!;
        var q = text.Trim();
        if (q.Length == 0) return Fail("type a batch code, a farm code, a GI certificate number, a GS1 element string or a Digital Link",
            out error);
        if (q.Length > MaxLength) return Fail($"at most {MaxLength} characters", out error);

        List<AiElement> elements;
        if (q.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || q.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(q, UriKind.Absolute, out var uri)) return Fail($"'{q}' is not a URL", out error);
            var segments = uri.AbsolutePath.Split('/', StringSplitOptions.None).Skip(1).ToList();
            // A Digital Link may sit under a path of its own (https://example.com/label/01/…): it starts at its (01).
            var start = segments.IndexOf("01");
            if (start < 0) return Fail("the link holds no GTIN: a Digital Link of a lot is …/01/{GTIN}/10/{lot}", out error);
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query)
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")));
            if (!DigitalLinkUri.TryParse(segments[start..], query, today, out var link, out error)) return false;
            elements = [link.PrimaryKey, .. link.Qualifiers];
        }
        else if (q.StartsWith('('))
        {
            if (Bracketed(q) is not { } bracketed)
                return Fail("a bracketed element string is (AI)value(AI)value…, e.g. (01)08935000100011(10)LN26EXP01", out error);
            elements = bracketed;
        }
        else
        {
            // Digits that read as a GTIN and lot are a label; anything else that is a valid id is a code.
            if (Unbracketed(q) is { } raw && Label(raw, today, out found, out error)) return true;
            if (Ids.IsValid(q)) { found = new ExactCode(q, null, null); error = ""; return true; }
            return Fail($"'{q}' is not a batch code, farm code or certificate number (letters, digits, '.', '_' and '-'), "
                + "nor a GS1 element string or Digital Link", out error);
        }
        return Label(elements, today, out found, out error);
    }

    /// <summary>A GTIN and lot from the elements, each checked as the Digital Link resolver checks them.</summary>
    private static bool Label(List<AiElement> elements, DateOnly today, out ExactCode found, out string error)
    {
        found = null!;
        var gtin = elements.FirstOrDefault(e => e.Ai == "01")?.Value;
        var lot = elements.FirstOrDefault(e => e.Ai == "10")?.Value;
        if (gtin is null) return Fail("the element string holds no GTIN (01)", out error);
        if (lot is null) return Fail("a GTIN alone names a product, not a lot: add its lot (10)", out error);
        if (!DigitalLinkUri.TryParse(["01", Uri.EscapeDataString(gtin), "10", Uri.EscapeDataString(lot)], [], today, out var link,
            out error)) return false;
        found = new ExactCode(null, link.PrimaryKey.Value, link.Qualifier("10"));
        return true;
    }

    [GeneratedRegex(@"\G\((\d{2,4})\)([^()]+)")]
    private static partial Regex BracketedElement();

    private static List<AiElement>? Bracketed(string q)
    {
        var elements = new List<AiElement>();
        var at = 0;
        for (var m = BracketedElement().Match(q); m.Success; m = m.NextMatch())
        {
            elements.Add(new AiElement(m.Groups[1].Value, m.Groups[2].Value.Trim()));
            at = m.Index + m.Length;
        }
        return at == q.Length && elements.Count > 0 ? elements : null;
    }

    /// <summary>The raw form: AIs one after another, a fixed-length AI's value by its length in the GS1 Barcode Syntax
    /// Dictionary, a variable-length one up to the GS character (FNC1), a space or the end. Null unless it starts with a
    /// GTIN (01) and every AI is in the dictionary: anything else is read as a code.</summary>
    private static List<AiElement>? Unbracketed(string q)
    {
        if (q.Length > 3 && q[0] == ']') q = q[3..]; // a symbology identifier: ]C1 (GS1-128), ]d2 (DataMatrix), ]Q3 (QR)
        if (!q.StartsWith("01", StringComparison.Ordinal)) return null;
        var dictionary = SyntaxDictionary.Instance;
        var elements = new List<AiElement>();
        var i = 0;
        while (i < q.Length)
        {
            if (q[i] is GroupSeparator or ' ') { i++; continue; }
            var ai = Enumerable.Range(2, 3).Where(n => i + n <= q.Length).Select(n => dictionary.Find(q.Substring(i, n)))
                .FirstOrDefault(a => a is not null);
            if (ai is null) return null;
            i += ai.Ai.Length;
            var fixedLength = ai.Components.All(c => !c.Optional && c.MinLength == c.MaxLength);
            var separator = q.IndexOfAny([GroupSeparator, ' '], i);
            var end = fixedLength ? Math.Min(q.Length, i + ai.MaxLength) : separator >= 0 ? separator : q.Length;
            if (end <= i) return null;
            elements.Add(new AiElement(ai.Ai, q[i..end]));
            i = end;
        }
        return elements.Count > 0 && elements[0].Ai == "01" ? elements : null;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
