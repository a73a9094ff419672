namespace Nguon.Model;

/// <summary>The administrator registers a GS1 Company Prefix (licensed by GS1, in Vietnam GS1 Vietnam) to the
/// organisation that holds it, with the reference of that licence.</summary>
[GenerateSerializer, Alias("nguon.RegisterPrefix")]
public sealed record RegisterPrefix([property: Id(0)] string Organisation, [property: Id(1)] string Licence);

/// <summary>The holder of a prefix (or the administrator) lets another organisation label lots with its GTINs
/// (a packer packing under the brand owner's GTIN), citing the agreement.</summary>
[GenerateSerializer, Alias("nguon.GrantPrefixLicence")]
public sealed record GrantPrefixLicence([property: Id(0)] string Organisation, [property: Id(1)] string Reference);

[GenerateSerializer, Alias("nguon.PrefixLicence")]
public sealed record PrefixLicence(
    [property: Id(0)] string Organisation,
    [property: Id(1)] string Reference,
    [property: Id(2)] string GrantedBy,
    [property: Id(3)] DateTimeOffset GrantedAt);

/// <summary>A GS1 Company Prefix in Nguon: who holds it (the brand owner of every GTIN under it), the licence it
/// is held under, and who else may put its GTINs on lots.</summary>
[GenerateSerializer, Alias("nguon.CompanyPrefix")]
public sealed record CompanyPrefix(
    [property: Id(0)] string Prefix,
    [property: Id(1)] string Holder,
    [property: Id(2)] string Licence,
    [property: Id(3)] DateTimeOffset RegisteredAt,
    [property: Id(4)] IReadOnlyList<PrefixLicence> Licensees)
{
    /// <summary>The holder and its licensees may label lots with GTINs under this prefix.</summary>
    public bool MayLabel(string organisation) => Holder == organisation || Licensees.Any(l => l.Organisation == organisation);
}

/// <summary>The brand owner's product master data for one GTIN (GS1's Product Information).</summary>
[GenerateSerializer, Alias("nguon.RegisterProduct")]
public sealed record RegisterProduct(
    [property: Id(0)] LocalizedText Name,
    [property: Id(1)] string Product,
    [property: Id(2)] Quantity? NetContent = null,
    [property: Id(3)] string? Image = null,
    [property: Id(4)] string? GiNumber = null);

/// <summary>A registered GTIN: its brand owner (the prefix holder), names, product kind, net content, image and
/// the GI it is sold as. Public: it is what the package says.</summary>
[GenerateSerializer, Alias("nguon.Product")]
public sealed record Product(
    [property: Id(0)] string Gtin,
    [property: Id(1)] string BrandOwner,
    [property: Id(2)] LocalizedText Name,
    [property: Id(3)] string Kind,
    [property: Id(4)] Quantity? NetContent,
    [property: Id(5)] string? Image,
    [property: Id(6)] string? GiNumber,
    [property: Id(7)] LocalizedText? GiName,
    [property: Id(8)] DateTimeOffset RegisteredAt);
