using Nguon.Model;

namespace Nguon.Domain.Products;

/// <summary>Product master data: only the brand owner (the holder of the GTIN's company prefix) registers a GTIN,
/// and the GI it is sold as must be registered and be a GI of that product.</summary>
public static class ProductDecisions
{
    public static Outcome<Product> Register(Product? current, string gtin, RegisterProduct command, CompanyPrefix? prefix,
        Certificate? gi, Actor actor, DateTimeOffset now)
    {
        if (!Gtin.IsValid(gtin)) return Outcome<Product>.Rejected(InputRules.Label(gtin, null).ToList());
        var gtin14 = Gtin.ToGtin14(gtin);
        if (prefix is null || prefix.Holder != actor.Organisation)
            return Outcome<Product>.Forbidden(new(Permissions.Rule, prefix is null
                ? $"GTIN {gtin14} is under no GS1 Company Prefix registered in Nguon: the administrator registers the brand "
                    + "owner's prefix first"
                : $"{actor.Organisation} may not register GTIN {gtin14}: its prefix {prefix.Prefix} is held by {prefix.Holder}, "
                    + "the brand owner"));
        var v = Check(command);
        if (command.GiNumber is { } number && Ids.IsValid(number))
        {
            if (gi is null) v.Add(Unknown.Certificate(number));
            else if (!string.Equals(gi.Product, command.Product, StringComparison.OrdinalIgnoreCase))
                v.Add(new("product.gi-product", $"GI {number} protects {gi.Product}, not {command.Product}"));
        }
        if (v.Count > 0) return Outcome<Product>.Rejected(v);
        var product = new Product(gtin14, actor.Organisation, command.Name, command.Product.Trim(), command.NetContent, command.Image,
            command.GiNumber, gi?.Name, current?.RegisteredAt ?? now);
        // The brand owner may correct its own master data; the registration time stays the first one.
        return Outcome<Product>.Ok(product);
    }

    public static List<Violation> Check(RegisterProduct command)
    {
        var v = new List<Violation>();
        if (command.Name is null || string.IsNullOrWhiteSpace(command.Name.Vi) || string.IsNullOrWhiteSpace(command.Name.En))
            v.Add(new("input.name", "a product has a name in Vietnamese and English (and may have one in Japanese)"));
        else if (command.Name.Vi.Length > 200 || command.Name.En.Length > 200 || command.Name.Ja?.Length > 200)
            v.Add(new("input.name", "a product name has at most 200 characters"));
        if (string.IsNullOrWhiteSpace(command.Product) || command.Product.Length > 100)
            v.Add(new("input.product", "a product names its kind, e.g. lychee (1–100 characters)"));
        if (command.NetContent is { } net && Units.Check(net, "the net content") is { } bad) v.Add(bad);
        if (command.Image is { } image && !(Uri.TryCreate(image, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            && image.Length <= 500))
            v.Add(new("input.image", "a product image is an http(s) URL of at most 500 characters"));
        if (command.GiNumber is not null && InputRules.Id(command.GiNumber, "GI number") is { } gi) v.Add(gi);
        return v;
    }
}
