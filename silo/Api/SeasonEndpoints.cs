using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Model;
using Nguon.Silo.Ledger;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Api;

/// <summary>A GI's season ledger (GET /api/gi/{number}/seasons/{season}): certified capacity against harvest, where the
/// season's mass is now, and what is unaccounted, from the read model (its watermark in <see cref="Watermark.Header"/>).</summary>
public static class SeasonEndpoints
{
    public static RouteGroupBuilder MapSeasons(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/gi/{number}/seasons").WithTags("GI season ledger").WithInputChecks().RequireAuthorization();
        api.MapGet("/{season}", Ledger)
            .WithSummary("A GI's season ledger: farms, capacity and harvest by commune and week, the season's mass by stage "
                + "(authority and inspectors; a producer sees its own farms' lines)");
        return api;
    }

    public static async Task<Results<Ok<SeasonLedger>, ProblemHttpResult>> Ledger(
        string number, string season, HttpContext http, SeasonReports reports, CancellationToken cancellationToken)
    {
        var outcome = await reports.Ledger(http.Actor(), number, season, cancellationToken);
        if (outcome.Value is { } ledger) http.Response.Headers[Watermark.Header] = ledger.AsOf.ToString("O");
        return outcome.ToOk();
    }
}
