using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>Recalls: who may (<see cref="Permissions.Recall"/>), what a recall states, and what a farm-season
/// recall answers.</summary>
public static class RecallRules
{
    public const int MaxReasonLength = 500;

    public static Violation AlreadyRecalled(string code) => new("state.recalled", $"{code} has been recalled already");

    /// <summary>A recall says why, in a sentence.</summary>
    public static List<Violation> CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? [new("input.reason", "a recall states its reason")]
            : reason.Trim().Length > MaxReasonLength
                ? [new("input.reason", $"a recall's reason is at most {MaxReasonLength} characters")]
                : [];

    /// <summary>Before a farm-season recall touches any lot: the actor may recall, the reason is given, the season
    /// has harvests.</summary>
    public static Outcome<FarmSeason> AdmitSeason(Actor actor, string farm, RecallBatch command, FarmSeason ledger)
    {
        if (Permissions.Recall(actor, $"the {ledger.Season} season of farm {farm}") is { } denied)
            return Outcome<FarmSeason>.Forbidden(denied);
        var violations = CheckReason(command.Reason);
        if (ledger.Batches.Count == 0)
            violations.Add(new("season.empty", $"farm {farm} recorded no harvests in season {ledger.Season}"));
        return violations.Count > 0 ? Outcome<FarmSeason>.Rejected(violations) : Outcome<FarmSeason>.Ok(ledger);
    }

    /// <summary>The season recall's answer from each harvest's recall: recalled now (or by this same operation
    /// before), recalled already by another; any other refusal is the answer (a retry finishes the rest).</summary>
    public static Outcome<SeasonRecall> SeasonOutcome(string farm, FarmSeason ledger, string reason,
        IReadOnlyList<(string Batch, Outcome<BatchEvent> Recall)> results)
    {
        var failed = results.Where(r => !r.Recall.IsOk && !IsAlreadyRecalled(r.Recall)).ToList();
        if (failed.Count > 0)
            return new(failed[0].Recall.Status, default, [.. failed.SelectMany(f => f.Recall.Violations)]);
        return Outcome<SeasonRecall>.Ok(new(farm, ledger.Season, reason.Trim(),
            [.. results.Where(r => r.Recall.IsOk).Select(r => r.Batch)],
            [.. results.Where(r => !r.Recall.IsOk).Select(r => r.Batch)]));
    }

    private static bool IsAlreadyRecalled(Outcome<BatchEvent> o) =>
        o.Status == OutcomeStatus.Conflict && o.Violations.Any(v => v.Rule == "state.recalled");
}
