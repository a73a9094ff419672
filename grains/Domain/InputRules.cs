using Nguon.Model;

namespace Nguon.Domain;

/// <summary>Syntax rules every command shares: identifiers and labels. One wording per refusal.</summary>
public static class InputRules
{
    /// <summary>Null when <paramref name="id"/> is a valid identifier; otherwise why not, naming what it should be
    /// ("batch code", "GI number", "growing-area code").</summary>
    public static Violation? Id(string? id, string what) =>
        Ids.IsValid(id) ? null
            : new("input.id", $"'{id}' is not a valid {what}: use 1–{Ids.MaxLength} letters, digits, '.', '_' or '-'");

    /// <summary>A printed label: a GTIN with its check digit and a GS1 AI (10) lot, each optional.</summary>
    public static IEnumerable<Violation> Label(string? gtin, string? lot)
    {
        if (gtin is not null && !Gtin.IsValid(gtin))
            yield return new("input.gtin", $"'{gtin}' is not a valid GTIN (length or check digit)");
        if (lot is not null && !Gtin.IsValidLot(lot))
            yield return new("input.lot", $"'{lot}' is not a valid lot (1–20 letters, digits, - . _ /)");
    }

    /// <summary>One GTIN + lot names one batch.</summary>
    public static Violation LabelTaken(string gtin, string lot, string owner) =>
        new("label.taken", $"GTIN {gtin} lot {lot} already labels batch {owner}");
}
