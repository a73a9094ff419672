using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Domain.Products;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>GS1 Company Prefixes (the administrator registers them, their holders license them) and product master
/// data (the brand owner registers each GTIN). Both are public to read, as a package's label is.</summary>
public static class ProductEndpoints
{
    public static IEndpointRouteBuilder MapProducts(this IEndpointRouteBuilder app)
    {
        var prefixes = app.MapGroup("/api/prefixes").WithTags("Products").WithInputChecks().WithIdempotency();
        prefixes.MapPut("/{prefix}", RegisterPrefix).RequireAuthorization()
            .WithSummary("Register a GS1 Company Prefix to the organisation that holds it, with its licence reference (admin)");
        prefixes.MapGet("/{prefix}", GetPrefix).WithSummary("Who holds a GS1 Company Prefix, and who is licensed to label with it");
        prefixes.MapPost("/{prefix}/licences", License).RequireAuthorization()
            .WithSummary("Let another organisation label lots with GTINs under this prefix (its holder or admin)");

        var products = app.MapGroup("/api/products").WithTags("Products").WithInputChecks().WithIdempotency();
        products.MapPut("/{gtin}", RegisterProduct).RequireAuthorization()
            .WithSummary("Register or correct a GTIN's product master data: names, product, net content, image, GI (brand owner)");
        products.MapGet("/{gtin}", GetProduct).WithSummary("A GTIN's product master data (public)");
        return app;
    }

    public static async Task<Results<Ok<CompanyPrefix>, ProblemHttpResult>> RegisterPrefix(
        string prefix, RegisterPrefix body, [AsParameters] GrainRequest r) =>
        Gtin.IsValidCompanyPrefix(prefix)
            ? (await Prefixes(r.Grains, prefix).Register(prefix, body, r.Actor)).ToOk()
            : Outcome<CompanyPrefix>.Rejected([CompanyPrefixDecisions.InvalidPrefix(prefix)]).ToProblem();

    public static async Task<Results<Ok<CompanyPrefix>, ProblemHttpResult>> GetPrefix(string prefix, IGrainFactory grains)
    {
        if (!Gtin.IsValidCompanyPrefix(prefix))
            return Outcome<CompanyPrefix>.Rejected([CompanyPrefixDecisions.InvalidPrefix(prefix)]).ToProblem();
        return await Prefixes(grains, prefix).Get(prefix) is { } found
            ? TypedResults.Ok(found)
            : Refusal.NotFound<CompanyPrefix>(CompanyPrefixDecisions.UnknownPrefix(prefix)).ToProblem();
    }

    public static async Task<Results<Ok<CompanyPrefix>, ProblemHttpResult>> License(
        string prefix, GrantPrefixLicence body, [AsParameters] GrainRequest r) =>
        Gtin.IsValidCompanyPrefix(prefix)
            ? (await Prefixes(r.Grains, prefix).License(prefix, body, r.Actor)).ToOk()
            : Outcome<CompanyPrefix>.Rejected([CompanyPrefixDecisions.InvalidPrefix(prefix)]).ToProblem();

    public static async Task<Results<Ok<Product>, ProblemHttpResult>> RegisterProduct(
        string gtin, RegisterProduct body, [AsParameters] GrainRequest r) =>
        Gtin.IsValid(gtin)
            ? (await r.Grains.GetGrain<IProductGrain>(Gtin.ToGtin14(gtin)).Register(body, r.Actor)).ToOk()
            : Outcome<Product>.Rejected([.. InputRules.Label(gtin, null)]).ToProblem();

    public static async Task<Results<Ok<Product>, ProblemHttpResult>> GetProduct(string gtin, IGrainFactory grains)
    {
        if (!Gtin.IsValid(gtin)) return Outcome<Product>.Rejected([.. InputRules.Label(gtin, null)]).ToProblem();
        return await grains.GetGrain<IProductGrain>(Gtin.ToGtin14(gtin)).Get() is { } product
            ? TypedResults.Ok(product)
            : Refusal.NotFound<Product>(new("product.unknown", $"GTIN {Gtin.ToGtin14(gtin)} has no product master data in Nguon"))
                .ToProblem();
    }

    private static ICompanyPrefixGrain Prefixes(IGrainFactory grains, string prefix) =>
        grains.GetGrain<ICompanyPrefixGrain>(Gtin.PrefixGroup(prefix));
}
