using System.Text;

namespace Nguon.Domain.Epcis;

/// <summary>EPC URNs (GS1 EPC Tag Data Standard: <c>urn:epc:id:…</c>, <c>urn:epc:class:lgtin:…</c>,
/// <c>urn:epc:idpat:…</c>) to the canonical GS1 Digital Link on id.gs1.org, and back. A URN carries the GS1 Company
/// Prefix's length (the first dot), so the way to a Digital Link needs nothing else; the way back needs that length
/// from whoever knows the prefix (a Digital Link does not show it).</summary>
public static class EpcUrn
{
    /// <summary>The canonical Digital Link (CBV 2.0: the most fine-grained key level only) of an EPC URN, or null
    /// when <paramref name="urn"/> is not a well-formed EPC URN of a scheme known here.</summary>
    public static string? ToDigitalLink(string urn)
    {
        var kind = urn.StartsWith("urn:epc:id:", StringComparison.Ordinal) ? "id"
            : urn.StartsWith("urn:epc:class:", StringComparison.Ordinal) ? "class"
            : urn.StartsWith("urn:epc:idpat:", StringComparison.Ordinal) ? "idpat" : null;
        if (kind is null) return null;
        var rest = urn[$"urn:epc:{kind}:".Length..];
        var colon = rest.IndexOf(':');
        if (colon < 0) return null;
        var scheme = rest[..colon];
        if (kind == "class" && scheme != "lgtin") return null;
        var parts = rest[(colon + 1)..].Split('.', Arity(scheme));
        if (parts.Length != Arity(scheme) || !parts[0].All(char.IsAsciiDigit) || parts[0].Length is < 6 or > 12) return null;
        if (kind == "idpat" && parts[^1] != "*") return null;
        var serial = kind == "idpat" || parts.Length == 2 ? null : Decode(parts[^1]); // two-part keys have no serial
        if (serial is "") return null;
        return Build(kind == "class" ? "lgtin" : scheme, parts, serial) is { } path ? "https://id.gs1.org" + path : null;
    }

    /// <summary>How many dot-separated parts a scheme's URN body has (the serial, last, may itself hold dots).</summary>
    private static int Arity(string scheme) => scheme switch
    {
        "sgtin" or "lgtin" or "sgln" or "grai" or "gdti" or "sgcn" or "cpi" or "upui" => 3,
        "itip" => 5,
        _ => 2,
    };

    private static string? Build(string scheme, string[] p, string? serial) => scheme switch
    {
        "sgtin" => Gtin(p[0], p[1]) is { } g ? $"/01/{g}" + Qualifier("21", serial) : null,
        "lgtin" => Gtin(p[0], p[1]) is { } g ? $"/01/{g}" + Qualifier("10", serial) : null,
        "upui" => Gtin(p[0], p[1]) is { } g ? $"/01/{g}" + Qualifier("235", serial) : null,
        "itip" => Gtin(p[0], p[1]) is { } g && Digits(p[2], 2) && Digits(p[3], 2) ? $"/8006/{g}{p[2]}{p[3]}" + Qualifier("21", serial)
            : null,
        "sscc" => Digits(p[0] + p[1], 17) ? "/00/" + Checked(p[1][..1] + p[0] + p[1][1..]) : null,
        "sgln" => Digits(p[0] + p[1], 12) ? "/414/" + Checked(p[0] + p[1]) + (serial is null or "0" ? "" : Qualifier("254", serial))
            : null,
        "pgln" => Digits(p[0] + p[1], 12) ? "/417/" + Checked(p[0] + p[1]) : null,
        "grai" => Digits(p[0] + p[1], 12) ? "/8003/" + Checked("0" + p[0] + p[1]) + DigitalLinkText.Encode(serial ?? "") : null,
        "gdti" => Digits(p[0] + p[1], 12) ? "/253/" + Checked(p[0] + p[1]) + DigitalLinkText.Encode(serial ?? "") : null,
        "sgcn" => Digits(p[0] + p[1], 12) ? "/255/" + Checked(p[0] + p[1]) + DigitalLinkText.Encode(serial ?? "") : null,
        "gsrn" => Digits(p[0] + p[1], 17) ? "/8018/" + Checked(p[0] + p[1]) : null,
        "gsrnp" => Digits(p[0] + p[1], 17) ? "/8017/" + Checked(p[0] + p[1]) : null,
        "gsin" => Digits(p[0] + p[1], 16) ? "/402/" + Checked(p[0] + p[1]) : null,
        "giai" => "/8004/" + DigitalLinkText.Encode(p[0] + Decode(p[1])),
        "ginc" => "/401/" + DigitalLinkText.Encode(p[0] + Decode(p[1])),
        "cpi" => "/8010/" + DigitalLinkText.Encode(p[0] + Decode(p[1])) + Qualifier("8011", serial),
        _ => null,
    };

    /// <summary>GTIN-14 from the company prefix and the indicator digit + item reference (13 digits together):
    /// the indicator moves to the front and the check digit is added.</summary>
    private static string? Gtin(string prefix, string indicatorAndItem) =>
        Digits(prefix + indicatorAndItem, 13) ? Checked(indicatorAndItem[..1] + prefix + indicatorAndItem[1..]) : null;

    private static string Checked(string digits) => digits + Domain.Gtin.CheckDigit(digits);

    private static bool Digits(string s, int length) => s.Length == length && s.All(char.IsAsciiDigit);

    private static string Qualifier(string ai, string? value) => value is null ? "" : $"/{ai}/{DigitalLinkText.Encode(value)}";

    /// <summary>The EPC URN's escapes (%22 %25 %26 %2F %3C %3E %3F, any %xx) back to their characters.</summary>
    private static string Decode(string s) => s.Contains('%') ? Uri.UnescapeDataString(s) : s;

    /// <summary>The EPC URN of a canonical Digital Link (<see cref="CanonicalDigitalLink"/>), given the length of the
    /// GS1 Company Prefix within its key; null for a key or a prefix length this does not cover.</summary>
    public static string? FromDigitalLink(string canonicalLink, int prefixLength)
    {
        const string Host = "https://id.gs1.org/";
        if (!canonicalLink.StartsWith(Host, StringComparison.Ordinal) || prefixLength is < 6 or > 12) return null;
        var s = canonicalLink[Host.Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        if (s.Length is not (2 or 4)) return null;
        var (ai, key, q, qv) = (s[0], s[1], s.Length == 4 ? s[2] : null, s.Length == 4 ? s[3] : null);
        string Cp(int from = 0) => key.Substring(from, prefixLength);
        string Ref(int from, int length) => key.Substring(from + prefixLength, length - prefixLength);
        var urn = (ai, q) switch
        {
            ("01", "21") => $"id:sgtin:{Cp(1)}.{key[0]}{Ref(1, 12)}.{Encode(qv!)}",
            ("01", "10") => $"class:lgtin:{Cp(1)}.{key[0]}{Ref(1, 12)}.{Encode(qv!)}",
            ("01", null) => $"idpat:sgtin:{Cp(1)}.{key[0]}{Ref(1, 12)}.*",
            ("00", null) => $"id:sscc:{Cp(1)}.{key[0]}{Ref(1, 16)}",
            ("414", null) => $"id:sgln:{Cp()}.{Ref(0, 12)}.0",
            ("414", "254") => $"id:sgln:{Cp()}.{Ref(0, 12)}.{Encode(qv!)}",
            ("417", null) => $"id:pgln:{Cp()}.{Ref(0, 12)}",
            ("8003", null) when key.Length > 14 => $"id:grai:{Cp(1)}.{Ref(1, 12)}.{Encode(key[14..])}",
            ("253", null) when key.Length > 13 => $"id:gdti:{Cp()}.{Ref(0, 12)}.{Encode(key[13..])}",
            ("8004", null) => $"id:giai:{Cp()}.{Encode(key[prefixLength..])}",
            ("8018", null) => $"id:gsrn:{Cp()}.{Ref(0, 17)}",
            ("8017", null) => $"id:gsrnp:{Cp()}.{Ref(0, 17)}",
            _ => null,
        };
        return urn is null ? null : "urn:epc:" + urn;
    }

    /// <summary>The characters an EPC URN escapes in a serial or reference (TDS: " % &amp; / &lt; &gt; ?).</summary>
    private const string UrnEscaped = "\"%&/<>?";

    private static string Encode(string value) =>
        string.Concat(value.Select(c => UrnEscaped.Contains(c) ? $"%{(int)c:X2}" : c.ToString()));
}
