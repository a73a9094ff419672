using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Domain.Exports;
using Nguon.Infrastructure;
using Nguon.Model;
using Nguon.Silo.Api;
using Nguon.Silo.ReadModel;

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
                + "critical tracking event back to the harvests, a column per key data element; or of a period (?from=&to=, at "
                + "most 92 days, &gi= optional): every critical tracking event in it of the lots you may read, from the read model. "
                + "XLSX (the default), or CSV with ?format=csv or Accept: text/csv")
            .Produces(StatusCodes.Status200OK, contentType: FsmaXlsx.MediaType, additionalContentTypes: [FsmaCsv.MediaType]);
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Fsma204(
        string? tlc, string? format, [AsParameters] GrainRequest r, FsmaRange range, ReadModelWatermark watermark,
        CancellationToken cancellationToken)
    {
        if (Format(format, r.Http.Request) is not { } csv)
            return Outcome<bool>.Rejected("input.format", $"format '{format}' is not xlsx or csv").ToProblem();
        if (tlc is null && r.Http.Request.Query.ContainsKey("from"))
            return await Period(csv, r, range, watermark, cancellationToken);
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
        return File(rows, csv, $"fsma204-{code}");
    }

    /// <summary>The rows of a period, from the read model (<see cref="FsmaRange"/>), with its watermark.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Period(
        bool csv, GrainRequest r, FsmaRange range, ReadModelWatermark watermark, CancellationToken cancellationToken)
    {
        var p = new ListParameters(r.Http.Request.Query, "from", "to", "gi", "format") { Paged = false };
        var (from, to, gi) = (p.Time("from"), p.Time("to"), p.Id("gi"));
        if (p.Violations is { Count: > 0 } bad) return ApiResults.Problem(StatusCodes.Status400BadRequest, bad);
        if (to is null) return Outcome<bool>.Rejected("input.to", "?to= is required with ?from= (the period's end, exclusive)").ToProblem();
        if (to <= from) return Outcome<bool>.Rejected("input.to", "?to= must be after ?from=").ToProblem();
        if (to.Value - from!.Value > TimeSpan.FromDays(FsmaRange.MaxDays))
            return Outcome<bool>.Rejected("input.to", $"a period is at most {FsmaRange.MaxDays} days; export it in parts").ToProblem();
        var mark = await watermark.Current(cancellationToken);
        var rows = await range.Rows(r.Actor, new(from.Value, to.Value, gi), cancellationToken);
        if (rows is null)
            return ApiResults.Problem(StatusCodes.Status413PayloadTooLarge, [new("export.too-large",
                $"more than {FsmaRange.MaxLots:N0} lots have events in this period; name a GI (?gi=) or export a shorter period")]);
        r.Http.Response.Headers[Watermark.Header] = mark.AsOf.ToString("O");
        return File(rows, csv, $"fsma204-{gi ?? "all"}-{from.Value.UtcDateTime:yyyyMMdd}-{to.Value.UtcDateTime:yyyyMMdd}");
    }

    private static FileContentHttpResult File(IReadOnlyList<FsmaRow> rows, bool csv, string name) => csv
        ? TypedResults.File(FsmaCsv.Write(rows), $"{FsmaCsv.MediaType}; charset=utf-8; header=present", name + ".csv")
        : TypedResults.File(FsmaXlsx.Write(rows), FsmaXlsx.MediaType, name + ".xlsx");

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
