using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Silo.Api;

namespace Nguon.Silo.Labels;

/// <summary>The inspectors' chain view: <c>GET /api/batches/{code}/chain.svg</c> (API key; whoever may read the batch's
/// trace) draws the provenance graph; a lot's inspector page (silo/Inspect) draws the same picture inline.</summary>
public static class ChainViewEndpoints
{
    public static IEndpointRouteBuilder MapChainView(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/batches/{code}/chain.svg", ChainSvg).WithInputChecks().RequireAuthorization().WithTags("Batches")
            .WithSummary("The provenance graph drawn as SVG: certificates, farms and batches, quantities on the edges, " +
                "failing nodes in red");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ChainSvg(string code, IGrainFactory grains, HttpContext http)
    {
        var chain = await grains.GetGrain<ITraceGrain>(0).ChainView(code, http.Actor());
        if (!chain.IsOk) return chain.ToProblem();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Text(ChainView.Svg(chain.Value!.Graph, chain.Value.Verification), "image/svg+xml; charset=utf-8");
    }
}
