namespace Nguon.Domain;

/// <summary>A GS1 Digital Link URI path for a labelled lot: <c>/01/{GTIN-14}/10/{lot}</c>, optionally followed
/// by <c>/21/{serial}</c>. The primary key (01) comes first and its qualifiers follow in GS1's order (10, then 21).</summary>
public sealed record DigitalLink(string Gtin, string Lot, string? Serial)
{
    /// <summary>Parses the path segments after the host; every error is a sentence for the asker.</summary>
    public static bool TryParse(IReadOnlyList<string> segments, out DigitalLink link, out string error)
    {
        link = new DigitalLink("", "", null);
        error = "";
        if (segments.Count is not (4 or 6))
            return Fail("a Digital Link for a lot is /01/{gtin}/10/{lot}, optionally followed by /21/{serial}", out error);
        if (segments[0] != "01") return Fail("a Digital Link starts with the GTIN (/01/…)", out error);
        if (segments[2] != "10")
            return Fail(segments[2] == "21"
                ? "the lot (/10/…) comes before the serial number (/21/…)"
                : $"unexpected qualifier /{segments[2]}/ after the GTIN: expected /10/ (lot)", out error);
        if (segments.Count == 6 && segments[4] != "21")
            return Fail($"unexpected qualifier /{segments[4]}/ after the lot: expected /21/ (serial)", out error);
        var gtin = segments[1];
        if (!Domain.Gtin.IsValid(gtin))
            return Fail(gtin.All(char.IsAsciiDigit) && gtin.Length is 8 or 12 or 13 or 14
                ? $"GTIN {gtin} has a wrong check digit (expected {Domain.Gtin.CheckDigit(gtin[..^1])})"
                : $"'{gtin}' is not a GTIN (8, 12, 13 or 14 digits)", out error);
        if (!Domain.Gtin.IsValidLot(segments[3])) return Fail($"'{segments[3]}' is not a valid lot (1–20 characters)", out error);
        var serial = segments.Count == 6 ? segments[5] : null;
        if (serial is not null && !Domain.Gtin.IsValidLot(serial))
            return Fail($"'{serial}' is not a valid serial number (1–20 characters)", out error);
        link = new DigitalLink(Domain.Gtin.ToGtin14(gtin), segments[3], serial);
        return true;
    }

    /// <summary>The URI for a label, on the resolver's base address (e.g. https://id.nguon.vn).</summary>
    public string ToUri(string baseUri) =>
        $"{baseUri.TrimEnd('/')}/01/{Gtin}/10/{Uri.EscapeDataString(Lot)}" + (Serial is null ? "" : $"/21/{Uri.EscapeDataString(Serial)}");

    /// <summary>The key the label index uses: one GTIN + lot names one batch.</summary>
    public string LabelKey => LabelKeyFor(Gtin, Lot);

    public static string LabelKeyFor(string gtin, string lot) => $"{Domain.Gtin.ToGtin14(gtin)}/{lot}";

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
