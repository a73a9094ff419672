using Microsoft.AspNetCore.Http.HttpResults;
using Nguon.Model;

namespace Nguon.Silo.Api;

/// <summary>Turns grain outcomes into typed results; every refusal is an RFC 9457 problem document carrying
/// the violated rules.</summary>
public static class ApiResults
{
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Outcome<T> outcome) =>
        outcome.IsOk ? TypedResults.Ok(outcome.Value!) : outcome.ToProblem();

    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Outcome<T> outcome, Func<T, string> location) =>
        outcome.IsOk ? TypedResults.Created(location(outcome.Value!), outcome.Value!) : outcome.ToProblem();

    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome)
    {
        if (outcome.Status is OutcomeStatus.Rejected or OutcomeStatus.Forbidden) Telemetry.NguonTelemetry.Refused(outcome.Violations);
        return Problem(StatusOf(outcome.Status, outcome.Violations), outcome.Violations);
    }

    /// <summary>The HTTP status of a refusal (also a capture job's per-event status).</summary>
    public static int StatusOf(OutcomeStatus status, IReadOnlyList<Violation> violations) => status switch
    {
        OutcomeStatus.NotFound => StatusCodes.Status404NotFound,
        OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
        OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
        // Malformed input is the client's syntax error; anything else is a rule of the domain saying no.
        _ when violations.All(v => IsInputRule(v.Rule)) => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static ProblemHttpResult Problem(int status, IReadOnlyList<Violation> violations) =>
        TypedResults.Problem(
            title: status switch
            {
                400 => "The request is not valid",
                401 => "Authentication required",
                403 => "Forbidden",
                404 => "Not found",
                409 => "Conflict",
                413 => "Too large",
                415 => "Unsupported media type",
                429 => "Too many requests",
                500 => "Server error",
                503 => "Not available yet",
                _ => "Refused by a traceability rule",
            },
            detail: string.Join("; ", violations.Select(v => v.Message)),
            statusCode: status,
            type: violations.Count > 0 ? $"urn:nguon:rule:{violations[0].Rule}" : null,
            extensions: new Dictionary<string, object?> { ["violations"] = violations });

    // mapping.*: an EPCIS event that cannot be a Nguon command (Domain/Epcis/NguonEpcisCommands) is malformed input too.
    private static bool IsInputRule(string rule) =>
        rule.StartsWith("input.", StringComparison.Ordinal) || rule.StartsWith("quantity.", StringComparison.Ordinal)
        || rule.StartsWith("mapping.", StringComparison.Ordinal);
}
