using System.Globalization;

namespace Nguon.Domain;

/// <summary>Checks an AI value against its <see cref="AiDefinition"/>: the components in order (character set,
/// length), then each component's GS1 linters. Returns null when the value is valid, otherwise why not.</summary>
public static class AiSyntax
{
    private const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    private const string Cset39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Linters named in the dictionary that Nguon does not run (they need GS1's company-prefix data, code
    /// lists or the coupon rules); a value is judged on its character set and length there.</summary>
    public static readonly IReadOnlySet<string> NotChecked = new HashSet<string>
    {
        "gcppos1", "gcppos2", "csumalpha", "couponcode", "couponposoffer", "iban", "importeridx", "iso3166", "iso3166999",
        "iso3166alpha2", "iso4217", "iso5218", "mediatype", "packagetype", "latitude", "longitude", "posinseqslash",
    };

    public static string? Check(AiDefinition ai, string value, DateOnly today)
    {
        var at = 0;
        foreach (var c in ai.Components)
        {
            if (at == value.Length && c.Optional) break;
            var length = Math.Min(c.MaxLength, value.Length - at);
            if (length < c.MinLength)
                return $"({ai.Ai}) {ai.Title} is too short: '{value}' (expected {Expected(ai)})";
            var part = value.Substring(at, length);
            if (CharacterSetError(c.CharacterSet, part) is { } bad)
                return $"({ai.Ai}) {ai.Title} may not contain '{bad}' ({SetName(c.CharacterSet)})";
            foreach (var linter in c.Linters)
                if (Lint(linter, part, today) is { } error) return $"({ai.Ai}) {ai.Title} '{value}': {error}";
            at += length;
        }
        return at < value.Length ? $"({ai.Ai}) {ai.Title} is too long: '{value}' (expected {Expected(ai)})" : null;
    }

    private static string Expected(AiDefinition ai) =>
        string.Join(" + ", ai.Components.Select(c =>
            (c.MinLength == c.MaxLength ? $"{c.MaxLength}" : $"up to {c.MaxLength}") + " " + SetName(c.CharacterSet)
            + (c.Optional ? " (optional)" : "")));

    private static string SetName(char set) => set switch
    {
        'N' => "digits",
        'X' => "characters of GS1 set 82",
        'Y' => "characters of GS1 set 39",
        _ => "base64url characters",
    };

    private static char? CharacterSetError(char set, string part)
    {
        foreach (var ch in part)
        {
            var ok = set switch
            {
                'N' => char.IsAsciiDigit(ch),
                'X' => Cset82.Contains(ch),
                'Y' => Cset39.Contains(ch),
                _ => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '=',
            };
            if (!ok) return ch;
        }
        return null;
    }

    private static string? Lint(string linter, string part, DateOnly today) => linter switch
    {
        "csum" => Gtin.CheckDigit(part[..^1]) == part[^1] - '0' ? null
            : $"wrong check digit (expected {Gtin.CheckDigit(part[..^1])})",
        "yymmdd" => Date(Century(part[..2], today) + part, zeroDay: false),
        "yymmd0" => Date(Century(part[..2], today) + part, zeroDay: true),
        "yyyymmdd" => Date(part, zeroDay: false),
        "yyyymmd0" => Date(part, zeroDay: true),
        "hh" => Number(part, 0, 23, "hour"),
        "mi" => Number(part, 0, 59, "minute"),
        "ss" => Number(part, 0, 59, "second"),
        "hhmi" => part.Length != 4 ? "not a time (HHMM)" : Number(part[..2], 0, 23, "hour") ?? Number(part[2..], 0, 59, "minute"),
        "zero" => part == "0" ? null : "must be 0",
        "nonzero" => part.All(c => c == '0') ? "must not be zero" : null,
        "nozeroprefix" => part.Length > 1 && part[0] == '0' ? "must not start with 0" : null,
        "yesno" => part is "0" or "1" ? null : "must be 0 or 1",
        "winding" => part is "0" or "1" or "9" ? null : "must be 0, 1 or 9",
        "hyphen" => part.All(c => c == '-') ? null : "may only be '-'",
        "hasnondigit" => part.All(char.IsAsciiDigit) ? "must contain a non-digit" : null,
        "pcenc" => PercentEncoding(part),
        "pieceoftotal" => PieceOfTotal(part),
        _ => null, // NotChecked, and any linter a newer dictionary adds
    };

    /// <summary>GS1's sliding century: a two-digit year up to 50 years ahead is this century, further ahead the last.</summary>
    private static string Century(string yy, DateOnly today)
    {
        var diff = int.Parse(yy, CultureInfo.InvariantCulture) - today.Year % 100;
        var century = today.Year / 100 + (diff >= 51 ? -1 : diff <= -50 ? 1 : 0);
        return century.ToString(CultureInfo.InvariantCulture);
    }

    private static string? Date(string yyyymmdd, bool zeroDay)
    {
        var year = int.Parse(yyyymmdd[..4], CultureInfo.InvariantCulture);
        var month = int.Parse(yyyymmdd[4..6], CultureInfo.InvariantCulture);
        var day = int.Parse(yyyymmdd[6..8], CultureInfo.InvariantCulture);
        if (month is < 1 or > 12) return $"month {month:00} does not exist";
        if (day == 0 && zeroDay) return null; // day 00: the end of the month
        return day >= 1 && day <= DateTime.DaysInMonth(year, month) ? null : $"day {day:00} does not exist in {year}-{month:00}";
    }

    private static string? Number(string part, int min, int max, string what) =>
        int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? null
            : $"{what} {part} does not exist";

    private static string? PercentEncoding(string part)
    {
        for (var i = 0; i < part.Length; i++)
            if (part[i] == '%' && (i + 2 >= part.Length || !char.IsAsciiHexDigit(part[i + 1]) || !char.IsAsciiHexDigit(part[i + 2])))
                return "a '%' must start a percent-encoded byte";
        return null;
    }

    private static string? PieceOfTotal(string part)
    {
        if (part.Length % 2 != 0) return "piece and total must have the same length";
        var (piece, total) = (part[..(part.Length / 2)], part[(part.Length / 2)..]);
        if (piece.All(c => c == '0')) return "the piece number must not be zero";
        if (total.All(c => c == '0')) return "the total must not be zero";
        return string.CompareOrdinal(piece, total) > 0 ? "the piece number exceeds the total" : null;
    }
}
