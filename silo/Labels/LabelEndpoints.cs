using PrintedLabels = Nguon.Client.Labels;
using LabelContent = Nguon.Client.LabelContent;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.Labels;

/// <summary>Printable labels: the QR code of a lot's GS1 Digital Link (at the silo's public URL) with the GTIN, lot
/// and GI name for people, as SVG or PNG. Public like the verification: a label shows nothing the verification
/// does not.</summary>
public static class LabelEndpoints
{
    public static IEndpointRouteBuilder MapLabels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/batches").WithTags("Labels");
        group.MapGet("/{code}/label.svg", (string code, IGrainFactory grains, HttpContext http) =>
                Label(code, grains, http, l => Results.Text(PrintedLabels.LabelSvg(l), "image/svg+xml; charset=utf-8")))
            .WithSummary("A printable label (QR code of the Digital Link + GTIN, lot and GI name) as SVG");
        group.MapGet("/{code}/label.png", (string code, IGrainFactory grains, HttpContext http) =>
                Label(code, grains, http, l => Results.Bytes(PrintedLabels.LabelPng(l), "image/png")))
            .WithSummary("A printable label (QR code of the Digital Link + GTIN, lot and GI name) as PNG");
        return app;
    }

    private static async Task<IResult> Label(string code, IGrainFactory grains, HttpContext http, Func<LabelContent, IResult> render)
    {
        if (!Ids.IsValid(code)) return Outcome<Batch>.Rejected("input.id", $"'{code}' is not a valid batch code").ToProblem();
        var batch = await grains.GetGrain<IBatchGrain>(code).Get();
        if (batch is null) return Outcome<Batch>.NotFound("batch.unknown", $"batch {code} is not registered").ToProblem();
        if (batch.Gtin is null || batch.Lot is null)
            return Outcome<Batch>.Rejected("label.no-gtin", $"batch {code} carries no GTIN and lot, so it has no label").ToProblem();
        var gi = batch.GiClaim is null ? null : await grains.GetGrain<ICertificateGrain>(batch.GiClaim).Get();
        return render(PrintedLabels.For(batch, gi, PublicUrl.Of(http)));
    }
}
