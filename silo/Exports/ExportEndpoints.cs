using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Domain.Exports;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.Exports;

/// <summary>Exports for authorities. The FSMA 204 sortable spreadsheet of a lot: the backward trace (whoever may read the
/// lot's trace may export it; the trace's size caps bound the work), the organisations and products it names, and the
/// pure row builder (Domain/Exports/Fsma204).</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/exports").WithTags("Exports").WithInputChecks().RequireAuthorization();
        api.MapGet("/fsma204", Fsma204).WithSummary(
                "FSMA 204 sortable spreadsheet of a lot (?tlc= a batch code, or GTIN + lot as 01{GTIN-14}10{lot}): one row per "
                + "critical tracking event back to the harvests, a column per key data element; XLSX (the default), or CSV with "
                + "?format=csv or Accept: text/csv")
            .Produces(StatusCodes.Status200OK, contentType: FsmaXlsx.MediaType, additionalContentTypes: [FsmaCsv.MediaType]);
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Fsma204(
        string? tlc, string? format, [AsParameters] GrainRequest r)
    {
        if (Format(format, r.Http.Request) is not { } csv)
            return Outcome<bool>.Rejected("input.format", $"format '{format}' is not xlsx or csv").ToProblem();
        var query = TlcQuery.Parse(tlc);
        if (!query.IsOk) return query.ToProblem();
        var (code, gtin, lot) = (query.Value!.BatchCode, query.Value.Gtin, query.Value.Lot);
        code ??= await r.Grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(gtin!, lot!)).Get();
        if (code is null)
            return Outcome<bool>.NotFound("label.unknown", $"no lot carries GTIN {gtin} with lot {lot}").ToProblem();

        var traced = await r.Trace.Backward(code, r.Actor);
        if (!traced.IsOk) return traced.ToProblem();
        var graph = traced.Value!;
        // Directory entries and product master data are public records; one bounded fan-out each, side by side.
        var organisations = Fanout.Map(FsmaChain.PartiesOf(graph), id => r.Grains.GetGrain<IOrganisationGrain>(id).Get());
        var products = Fanout.Map(FsmaChain.GtinsOf(graph), g => r.Grains.GetGrain<IProductGrain>(g).Get());
        await Task.WhenAll(organisations, products);
        var rows = Domain.Exports.Fsma204.Rows(
            FsmaChain.FromGraph(graph, organisations.Result.OfType<Organisation>(), products.Result.OfType<Product>()));
        var name = $"fsma204-{code}";
        return csv
            ? TypedResults.File(FsmaCsv.Write(rows), $"{FsmaCsv.MediaType}; charset=utf-8; header=present", name + ".csv")
            : TypedResults.File(FsmaXlsx.Write(rows), FsmaXlsx.MediaType, name + ".xlsx");
    }

    /// <summary>True for CSV, false for XLSX, null for a format that is neither: <c>?format=</c> decides, else the Accept
    /// header (CSV only when it asks for text/csv), else XLSX.</summary>
    private static bool? Format(string? format, HttpRequest request) => format switch
    {
        "csv" => true,
        "xlsx" => false,
        null => request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(FsmaCsv.MediaType, StringComparison.OrdinalIgnoreCase)),
        _ => null,
    };
}
