using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Domain;
using Nguon.Domain.Alerts;
using Nguon.Model;
using Nguon.Silo.Alerts;
using Nguon.Silo.Ledger;
using Nguon.Telemetry;

namespace Nguon.Silo.Api;

/// <summary>The GI alert rules' findings and their workflow, for the authority and inspectors: a list (keyset pages, filters
/// gi, season, rule, state), one alert with its changes, a change of state (acknowledge with a note, close with a reason,
/// open again), and an evaluation of one GI season on demand (the evaluator also runs by itself).</summary>
public static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlerts(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/alerts").WithTags("Alerts").WithInputChecks().WithIdempotency().RequireAuthorization();
        api.MapGet("", List).WithSummary("List alerts (?gi= &season= &rule= &state=open|acknowledged|closed &limit= &cursor=)");
        api.MapGet("/{id}", Get).WithSummary("An alert with its evidence, links and changes");
        api.MapPost("/{id}/state", Change).WithSummary("Acknowledge (with a note), close (with a reason) or open again an alert");
        api.MapPost("/evaluate", Evaluate).WithSummary("Evaluate the alert rules over one GI season now (?gi= &season=)");
        return api;
    }

    public static async Task<Results<Ok<ListPage<Alert>>, ProblemHttpResult>> List(
        HttpContext http, AlertStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Denied(http) is { } denied) return denied;
        var p = new ListParameters(http.Request.Query, "gi", "season", "rule", "state");
        var filter = new AlertFilter(p.Id("gi"), Season(p, out var badSeason), p.Id("rule"), p.Enum<AlertState>("state"));
        var (limit, after) = (p.Limit, p.After);
        var violations = p.Violations.ToList();
        if (badSeason is not null) violations.Add(badSeason);
        if (filter.Rule is { } rule && !AlertRules.All.Contains(rule))
            violations.Add(new("input.rule", $"?rule= is one of {string.Join(", ", AlertRules.All)}"));
        if (violations.Count > 0) return ApiResults.Problem(StatusCodes.Status400BadRequest, violations);
        var page = await store.List(filter, after, limit, cancellationToken);
        ListEndpoints.NextLink(http, page.Next);
        return TypedResults.Ok(new ListPage<Alert>(page.Items, page.Next, clock.GetUtcNow(), null));
    }

    public static async Task<Results<Ok<Alert>, ProblemHttpResult>> Get(string id, HttpContext http, AlertStore store,
        CancellationToken cancellationToken)
    {
        if (Denied(http) is { } denied) return denied;
        return await store.Get(id, cancellationToken) is { } alert ? TypedResults.Ok(alert) : Unknown(id);
    }

    public static async Task<Results<Ok<Alert>, ProblemHttpResult>> Change(string id, ChangeAlert body, HttpContext http,
        AlertStore store, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Denied(http) is { } denied) return denied;
        if (await store.Get(id, cancellationToken) is not { } alert) return Unknown(id);
        if (AlertWorkflow.Check(alert.State, alert.Changes.Count, body) is { } refused)
            return ApiResults.Problem(refused.Rule.StartsWith("input.", StringComparison.Ordinal)
                ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, [refused]);
        if (!await store.Change(alert, body, http.Actor().Organisation, clock.GetUtcNow(), cancellationToken))
            return ApiResults.Problem(StatusCodes.Status409Conflict,
                [new("alert.changed", "the alert changed since it was read (someone else changed it); read it again")]);
        NguonTelemetry.AlertChanges.Add(1, new("rule", alert.Rule), new("state", AlertWorkflow.Word(body.State)));
        return TypedResults.Ok((await store.Get(id, cancellationToken))!);
    }

    public static async Task<Results<Ok<AlertEvaluation>, ProblemHttpResult>> Evaluate(HttpContext http,
        AlertEvaluator evaluator, ScanMisses misses, CancellationToken cancellationToken)
    {
        if (Denied(http) is { } denied) return denied;
        var p = new ListParameters(http.Request.Query, "gi", "season") { Paged = false };
        var (gi, season) = (p.Id("gi"), Season(p, out var badSeason));
        var violations = p.Violations.ToList();
        if (badSeason is not null) violations.Add(badSeason);
        if (gi is null || season is null) violations.Add(new("input.evaluate", "?gi= and ?season= name the GI season to evaluate"));
        if (violations.Count > 0) return ApiResults.Problem(StatusCodes.Status400BadRequest, violations);
        await misses.Flush(cancellationToken); // the scans counted so far are judged too
        return await evaluator.Evaluate(gi!, season!, cancellationToken) is { } done
            ? TypedResults.Ok(done)
            : ApiResults.Problem(StatusCodes.Status404NotFound, [new("gi.certificate-unknown", $"GI {gi} is not registered")]);
    }

    private static string? Season(ListParameters p, out Violation? bad)
    {
        var season = p.Id("season");
        bad = season is null ? null : SeasonReports.SeasonRule(season);
        return bad is null ? season : null;
    }

    private static ProblemHttpResult? Denied(HttpContext http) =>
        Permissions.RequireRole(http.Actor(), "read or change alerts", Role.Authority, Role.Inspector, Role.Admin) is { } denied
            ? Outcome<Alert>.Forbidden(denied).ToProblem() : null;

    private static ProblemHttpResult Unknown(string id) =>
        ApiResults.Problem(StatusCodes.Status404NotFound, [new("alert.unknown", $"no alert {id}")]);
}
