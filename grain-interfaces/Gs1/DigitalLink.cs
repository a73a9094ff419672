namespace Nguon.Domain;

/// <summary>The GS1 Digital Link of a labelled lot, <c>/01/{GTIN-14}/10/{lot}</c>, optionally followed by
/// <c>/21/{serial}</c>, as Nguon prints it. Parsing any Digital Link is <see cref="DigitalLinkUri"/>'s job.</summary>
public sealed record DigitalLink(string Gtin, string Lot, string? Serial)
{
    /// <summary>The URI for a label, on the resolver's base address (e.g. https://id.nguon.vn).</summary>
    public string ToUri(string baseUri) =>
        $"{baseUri.TrimEnd('/')}/01/{Gtin}/10/{Uri.EscapeDataString(Lot)}" + (Serial is null ? "" : $"/21/{Uri.EscapeDataString(Serial)}");

    /// <summary>The key the label index uses: one GTIN + lot names one batch.</summary>
    public string LabelKey => LabelKeyFor(Gtin, Lot);

    public static string LabelKeyFor(string gtin, string lot) => $"{Domain.Gtin.ToGtin14(gtin)}/{lot}";
}
