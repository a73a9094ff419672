using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Model;
using Nguon.Silo.Api;
using LabelContent = Nguon.Client.LabelContent;
using PrintedLabels = Nguon.Client.Labels;

namespace Nguon.Silo.Labels;

/// <summary>Printable labels: the QR code of a lot's GS1 Digital Link (at the silo's public URL) with the GTIN, lot
/// and GI name for people, as SVG or PNG. Public like the verification: a label shows only the batch's public label
/// projection (<see cref="IBatchGrain.GetLabel"/>).</summary>
public static class LabelEndpoints
{
    public static IEndpointRouteBuilder MapLabels(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/batches").WithTags("Labels").WithInputChecks();
        api.MapGet("/{code}/label.svg", LabelSvg).WithSummary($"{Summary} as SVG");
        api.MapGet("/{code}/label.png", LabelPng).WithSummary($"{Summary} as PNG");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> LabelSvg(string code, IGrainFactory grains, HttpContext http)
    {
        var label = await Label(code, grains, http);
        return label.IsOk ? TypedResults.Text(PrintedLabels.LabelSvg(label.Value!), "image/svg+xml; charset=utf-8") : label.ToProblem();
    }

    private const string Summary = "A printable label (QR code of the Digital Link + GTIN, lot and GI name)";

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LabelPng(
        string code, IGrainFactory grains, HttpContext http)
    {
        var label = await Label(code, grains, http);
        return label.IsOk ? TypedResults.Bytes(PrintedLabels.LabelPng(label.Value!), "image/png") : label.ToProblem();
    }

    private static async Task<Outcome<LabelContent>> Label(string code, IGrainFactory grains, HttpContext http)
    {
        var label = await grains.GetGrain<IBatchGrain>(code).GetLabel();
        if (label.Value is not { } l) return label.As<LabelContent>();
        var link = PrintedLabels.DigitalLinkUri(PublicUrl.Of(http), l.Gtin, l.Lot);
        return Outcome<LabelContent>.Ok(new LabelContent(link, l.Gtin, l.Lot, l.Product, l.GiName?.Vi, l.GiNumber));
    }
}
