using System.Text.RegularExpressions;
using Nguon.Model;

namespace Nguon.Domain.Exports;

/// <summary>The lot an export asks for (<c>?tlc=</c>): a batch code, or GTIN + lot as a GS1 element string — plain
/// (<c>01{GTIN-14}10{lot}</c>, as a scanner reads it) or with parentheses (<c>(01)…(10)…</c>, as the spreadsheet writes
/// it). A value that is a valid element string with a correct check digit is read as GTIN + lot.</summary>
public sealed partial record TlcQuery(string? BatchCode, string? Gtin, string? Lot)
{
    [GeneratedRegex(@"^(?:\(01\)|01)(\d{14})(?:\(10\)|10)(.{1,20})\z")]
    private static partial Regex ElementString();

    public static Outcome<TlcQuery> Parse(string? tlc)
    {
        if (string.IsNullOrEmpty(tlc))
            return Outcome<TlcQuery>.Rejected("input.tlc", "?tlc= is required: a batch code, or GTIN + lot as 01{GTIN-14}10{lot}");
        if (ElementString().Match(tlc) is { Success: true } m && Domain.Gtin.IsValid(m.Groups[1].Value)
            && Domain.Gtin.IsValidLot(m.Groups[2].Value))
            return Outcome<TlcQuery>.Ok(new(null, m.Groups[1].Value, m.Groups[2].Value));
        return InputRules.Id(tlc, "tlc") is { } bad
            ? Outcome<TlcQuery>.Rejected([new Violation("input.tlc",
                $"{bad.Message}; a TLC is a batch code, or GTIN + lot as 01{{GTIN-14}}10{{lot}} with a valid check digit")])
            : Outcome<TlcQuery>.Ok(new(tlc, null, null));
    }
}
