namespace Nguon.Domain;

/// <summary>GS1 GTIN-14 (GTIN-8/12/13 are accepted and zero-padded) with its mod-10 check digit.</summary>
public static class Gtin
{
    public static bool IsValid(string? gtin)
    {
        if (gtin is null || gtin.Length is not (8 or 12 or 13 or 14) || !gtin.All(char.IsAsciiDigit)) return false;
        return CheckDigit(gtin[..^1]) == gtin[^1] - '0';
    }

    public static string ToGtin14(string gtin) => gtin.PadLeft(14, '0');

    /// <summary>A GS1 Company Prefix as it appears in a GTIN-13 (and a GTIN-14 after its indicator digit):
    /// 6 to 12 digits.</summary>
    public static bool IsValidCompanyPrefix(string? prefix) =>
        prefix is { Length: >= 6 and <= 12 } && prefix.All(char.IsAsciiDigit);

    /// <summary>Whether the GTIN lies under <paramref name="prefix"/> (the indicator digit of a GTIN-14 is not part
    /// of the company prefix).</summary>
    public static bool IsUnder(string gtin, string prefix) => ToGtin14(gtin).AsSpan(1).StartsWith(prefix);

    /// <summary>The key of the grain that holds every prefix starting with the same six digits.</summary>
    public static string PrefixGroup(string prefixOrGtin14) =>
        prefixOrGtin14.Length == 14 ? prefixOrGtin14.Substring(1, 6) : prefixOrGtin14[..6];

    /// <summary>GS1 mod-10: from the right, weights 3,1,3,1,… over the digits before the check digit.</summary>
    public static int CheckDigit(string digitsWithoutCheck)
    {
        var sum = 0;
        for (int i = digitsWithoutCheck.Length - 1, w = 3; i >= 0; i--, w = 4 - w)
            sum += (digitsWithoutCheck[i] - '0') * w;
        return (10 - sum % 10) % 10;
    }

    /// <summary>GS1 AI (10) lot: up to 20 characters of the GS1 AI encodable set 82 (common subset here).</summary>
    public static bool IsValidLot(string? lot) =>
        lot is { Length: > 0 and <= 20 } && lot.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/');
}
