using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Nguon.Domain;
using Nguon.Model;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Api;

/// <summary>A page of a list, with the cursor of the next one and how fresh it is (<see cref="Watermark"/>).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Next, DateTimeOffset AsOf, DateTimeOffset? SweptAt);

/// <summary>Lists and search over the read model (GET /api/batches, /api/farms, /api/certificates, /api/organisations):
/// keyset pages of at most <see cref="ListQueries.MaxLimit"/>, a <c>Link: rel="next"</c> header, the watermark in
/// <see cref="Watermark.Header"/>, and what the reader may not read filtered out in the query.</summary>
public static class ListEndpoints
{
    public static readonly string[] BatchFilters =
        ["gi", "season", "farm", "custodian", "status", "step", "destination", "from", "to", "gtin", "q"];
    public static readonly string[] FarmFilters = ["commune", "gi", "authorised"];

    public static async Task<Results<Ok<ListPage<BatchSummary>>, ProblemHttpResult>> Batches(
        HttpContext http, ListQueries lists, ReadModelWatermark watermark, CancellationToken cancellationToken)
    {
        var p = new ListParameters(http.Request.Query, BatchFilters);
        var filter = new BatchFilter(p.Id("gi"), p.Id("season"), p.Id("farm"), p.Id("custodian"), p.Enum<BatchStatus>("status"),
            p.BizStep("step"), p.Id("destination"), p.Time("from"), p.Time("to"), p.Gtin("gtin"), p.Prefix("q"));
        var (limit, after) = (p.Limit, p.After);
        if (filter is { From: { } from, To: { } to } && to <= from) return Bad([new("input.to", "?to= must be after ?from=")]);
        if (p.Violations is { Count: > 0 } bad) return Bad(bad);
        var mark = await watermark.Current(cancellationToken);
        return Answer(http, await lists.Batches(http.Actor(), filter, after, limit, cancellationToken), mark);
    }

    public static async Task<Results<Ok<ListPage<FarmSummary>>, ProblemHttpResult>> Farms(
        HttpContext http, ListQueries lists, ReadModelWatermark watermark, TimeProvider clock, CancellationToken cancellationToken)
    {
        var p = new ListParameters(http.Request.Query, FarmFilters);
        var filter = new FarmFilter(p.Prefix("commune"), p.Id("gi"), p.Bool("authorised"));
        var (limit, after) = (p.Limit, p.After);
        if (p.Violations is { Count: > 0 } bad) return Bad(bad);
        var mark = await watermark.Current(cancellationToken);
        return Answer(http, await lists.Farms(http.Actor(), filter, clock.GetUtcNow(), after, limit, cancellationToken), mark);
    }

    public static async Task<Results<Ok<ListPage<CertificateSummary>>, ProblemHttpResult>> Certificates(
        HttpContext http, ListQueries lists, ReadModelWatermark watermark, CancellationToken cancellationToken)
    {
        var p = new ListParameters(http.Request.Query, "status");
        var status = p.Enum<CertificateStatus>("status");
        var (limit, after) = (p.Limit, p.After);
        if (p.Violations is { Count: > 0 } bad) return Bad(bad);
        var mark = await watermark.Current(cancellationToken);
        return Answer(http, await lists.Certificates(status, after, limit, cancellationToken), mark);
    }

    public static async Task<Results<Ok<ListPage<OrganisationSummary>>, ProblemHttpResult>> Organisations(
        HttpContext http, ListQueries lists, ReadModelWatermark watermark, CancellationToken cancellationToken)
    {
        if (Permissions.RequireRole(http.Actor(), "list organisations", Role.Admin) is { } denied)
            return Outcome<OrganisationSummary>.Forbidden(denied).ToProblem();
        var p = new ListParameters(http.Request.Query, "role");
        var role = p.Enum<Role>("role");
        var (limit, after) = (p.Limit, p.After);
        if (p.Violations is { Count: > 0 } bad) return Bad(bad);
        var mark = await watermark.Current(cancellationToken);
        return Answer(http, await lists.Organisations(role, after, limit, cancellationToken), mark);
    }

    private static ProblemHttpResult Bad(IReadOnlyList<Violation> violations) =>
        ApiResults.Problem(StatusCodes.Status400BadRequest, violations);

    private static Ok<ListPage<T>> Answer<T>(HttpContext http, Page<T> page, Watermark mark)
    {
        http.Response.Headers[Watermark.Header] = mark.AsOf.ToString("O");
        NextLink(http, page.Next);
        return TypedResults.Ok(new ListPage<T>(page.Items, page.Next, mark.AsOf, mark.SweptAt));
    }

    /// <summary>The <c>Link: rel="next"</c> header of a page that has a next one: this request with its cursor.</summary>
    public static void NextLink(HttpContext http, string? next)
    {
        if (next is null) return;
        var query = http.Request.Query.Where(q => q.Key != "cursor").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query["cursor"] = next;
        http.Response.Headers.Link = $"<{QueryHelpers.AddQueryString(http.Request.Path, query)}>; rel=\"next\"";
    }
}
