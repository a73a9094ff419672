using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nguon.Domain.Epcis;

/// <summary>How CBV 2.0's pre-hash writes one value: trimmed; CBV URN vocabulary as its Web URI; CURIEs expanded;
/// EPC URNs and Digital Links as the canonical Digital Link; numbers without trailing zeros; times in UTC at
/// millisecond precision with a 'Z'.</summary>
public static partial class PreHashValues
{
    /// <summary>CBV 1.x URN vocabularies and the Web URI each became in CBV 2.0.</summary>
    private static readonly (string Urn, string Web)[] UrnVocabularies =
    [
        ("urn:epcglobal:cbv:bizstep:", EpcisNamespaces.Cbv + "BizStep-"),
        ("urn:epcglobal:cbv:disp:", EpcisNamespaces.Cbv + "Disp-"),
        ("urn:epcglobal:cbv:btt:", EpcisNamespaces.Cbv + "BTT-"),
        ("urn:epcglobal:cbv:sdt:", EpcisNamespaces.Cbv + "SDT-"),
        ("urn:epcglobal:cbv:er:", EpcisNamespaces.Cbv + "ER-"),
    ];

    /// <summary>A JSON scalar as text (trimmed; a number normalised), or null for null, an object or an array.</summary>
    public static string? Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!.Trim(),
        JsonValueKind.Number => Number(v.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>Any value but a time: identifiers in their canonical form, and a number written as text (XML has no
    /// other kind, and the same event in XML must hash alike) normalised as a number.</summary>
    public static string Canonical(string text, EpcisNamespaces ns) => ns.Canonical(text, Write);

    private static string Write(string text, EpcisNamespaces ns)
    {
        foreach (var (urn, web) in UrnVocabularies)
            if (text.StartsWith(urn, StringComparison.Ordinal)) return web + text[urn.Length..];
        text = ns.ExpandValue(text);
        if (text.StartsWith("urn:epc:", StringComparison.Ordinal)) return EpcUrn.ToDigitalLink(text) ?? text;
        if (text.StartsWith("http", StringComparison.Ordinal)) return CanonicalDigitalLink.Normalise(text) ?? text;
        return NumberText().IsMatch(text) ? Number(text) : text;
    }

    /// <summary>A field whose value is a CBV (or GS1 Web vocabulary) term: JSON's bare word (<c>shipping</c>) is the
    /// term under <paramref name="termPrefix"/>; a CURIE or URI is read as any value.</summary>
    public static string Term(string text, string termPrefix, EpcisNamespaces ns) =>
        text.Contains(':') ? Canonical(text, ns) : termPrefix + text;

    /// <summary>No trailing zeros, no leading '+' or zeros ("1.50" → "1.5", "2E2" → "200"); a number beyond decimal's
    /// range keeps its shortest round-trip double form.</summary>
    public static string Number(string text)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d == 0 ? "0" : d.ToString("0.############################", CultureInfo.InvariantCulture);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)
            ? f.ToString("R", CultureInfo.InvariantCulture) : text;
    }

    /// <summary>An xsd:dateTimeStamp in UTC at millisecond precision ("2023-01-18T12:04:03.1415+01:00" →
    /// "2023-01-18T11:04:03.142Z": the third decimal rounded up when the fourth is 5–9). Text that is no such time
    /// is kept as it is (validation is the capture's job, not the hash's).</summary>
    public static string Time(string text)
    {
        var m = DateTimeStamp().Match(text);
        if (!m.Success) return text;
        int N(int group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
        var fraction = m.Groups[7].Value;
        var millis = int.Parse((fraction + "000")[..3], CultureInfo.InvariantCulture) + (fraction.Length > 3 && fraction[3] >= '5' ? 1 : 0);
        var zone = m.Groups[8].Value;
        var offset = zone is "Z" or "z" ? TimeSpan.Zero
            : TimeSpan.ParseExact(zone[1..], @"hh\:mm", CultureInfo.InvariantCulture) * (zone[0] == '-' ? -1 : 1);
        try
        {
            var t = new DateTimeOffset(N(1), N(2), N(3), N(4), N(5), N(6), offset).AddMilliseconds(millis);
            return UtcMillis(t.UtcDateTime);
        }
        catch (ArgumentException) // no such day, or an offset beyond ±14 h
        {
            return text;
        }
    }

    /// <summary>"yyyy-MM-dd'T'HH:mm:ss.fff'Z'" of a UTC time, written digit by digit (every event's times are).</summary>
    internal static string UtcMillis(DateTime t) => string.Create(24, t, static (s, t) =>
    {
        static void Digits(Span<char> s, int at, int value, int width)
        {
            for (var i = width - 1; i >= 0; i--, value /= 10) s[at + i] = (char)('0' + value % 10);
        }
        Digits(s, 0, t.Year, 4);
        Digits(s, 5, t.Month, 2);
        Digits(s, 8, t.Day, 2);
        Digits(s, 11, t.Hour, 2);
        Digits(s, 14, t.Minute, 2);
        Digits(s, 17, t.Second, 2);
        Digits(s, 20, t.Millisecond, 3);
        (s[4], s[7], s[10], s[13], s[16], s[19], s[23]) = ('-', '-', 'T', ':', ':', '.', 'Z');
    });

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?$")]
    private static partial Regex NumberText();

    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeStamp();
}
