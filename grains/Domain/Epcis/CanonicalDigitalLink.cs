using System.Text;

namespace Nguon.Domain.Epcis;

/// <summary>The constrained canonical GS1 Digital Link that CBV 2.0's event hash asks for: on https://id.gs1.org,
/// numeric AIs (no short names), GTINs of 14 digits, no query string, and only the most fine-grained level of
/// identification (01, 01/21, 01/10, 01/235, 8006, 8006/21, 8006/10, 414, 414/254, 8010, 8010/8011, and the keys
/// that take no qualifier: 00, 253, 255, 401, 402, 417, 8003, 8004, 8017, 8018). A CPV (22) is dropped, and so is a
/// lot when a serial is present. Parsing and validation are <see cref="DigitalLinkUri"/>'s.</summary>
public static class CanonicalDigitalLink
{
    /// <summary>Qualifiers kept per primary key, finest first: the first one present is the only one kept.</summary>
    private static readonly Dictionary<string, string[]> Finest = new()
    {
        ["01"] = ["21", "235", "10"],
        ["8006"] = ["21", "10"],
        ["414"] = ["254"],
        ["8010"] = ["8011"],
    };

    /// <summary>Any date serves: the keys and qualifiers kept here have no date linters.</summary>
    private static readonly DateOnly AnyDay = new(2000, 1, 1);

    /// <summary>The canonical form of an http(s) URI that is a valid GS1 Digital Link (any domain, any path prefix
    /// before the primary key), or null when it is not one.</summary>
    public static string? Normalise(string uri)
    {
        if (!uri.StartsWith("https://", StringComparison.Ordinal) && !uri.StartsWith("http://", StringComparison.Ordinal)) return null;
        var afterScheme = uri.IndexOf("//", StringComparison.Ordinal) + 2;
        var pathStart = uri.IndexOf('/', afterScheme);
        if (pathStart < 0) return null;
        var end = uri.IndexOfAny(['?', '#'], pathStart);
        var segments = uri[(pathStart + 1)..(end < 0 ? uri.Length : end)].Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (SyntaxDictionary.Instance.FindByKey(segments[i]) is not { IsPrimaryKey: true }) continue;
            if (DigitalLinkUri.TryParse(segments[i..], [], AnyDay, out var link, out _)) return Canonical(link);
        }
        return null;
    }

    private static string Canonical(DigitalLinkUri link)
    {
        var path = new StringBuilder("https://id.gs1.org/").Append(link.PrimaryKey.Ai).Append('/')
            .Append(DigitalLinkText.Encode(link.PrimaryKey.Value));
        var kept = Finest.GetValueOrDefault(link.PrimaryKey.Ai, []).Select(q => (Ai: q, Value: link.Qualifier(q)))
            .FirstOrDefault(q => q.Value is not null);
        if (kept.Value is not null) path.Append('/').Append(kept.Ai).Append('/').Append(DigitalLinkText.Encode(kept.Value));
        return path.ToString();
    }
}

/// <summary>How a value is written in a canonical Digital Link path: letters, digits and <c>- . _ ~ ' ; =</c> as they
/// are, every other character percent-encoded (UTF-8, upper-case hex), so one value has one spelling whatever
/// escaping the input used (an EPC URN's %2F, a Digital Link's %21 or a bare '!').</summary>
public static class DigitalLinkText
{
    private const string Literal = "-._~';=";

    public static string Encode(string value)
    {
        var sb = new StringBuilder(value.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || Literal.Contains((char)rune.Value)))
            {
                sb.Append((char)rune.Value);
                continue;
            }
            var n = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..n]) sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
