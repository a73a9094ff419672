using Nguon.Model;

namespace Nguon.Domain.Alerts;

/// <summary>An alert's workflow: open → acknowledged (with a note) → closed (with a reason); an acknowledged or closed
/// alert may be opened again (with a note). Each change names its actor; an alert keeps at most <see cref="MaxChanges"/>.</summary>
public static class AlertWorkflow
{
    public const int MaxChanges = 100;

    public static Violation? Check(AlertState current, int changes, ChangeAlert change)
    {
        if (!Enum.IsDefined(change.State)) return new("input.alert-state", "state is open, acknowledged or closed");
        if (string.IsNullOrWhiteSpace(change.Note))
            return new("input.alert-note",
                change.State == AlertState.Closed ? "closing an alert needs a reason" : "the change needs a note");
        if (change.State == current)
            return new("alert.state-unchanged", $"the alert is {Word(current)} already");
        if (change.State == AlertState.Acknowledged && current != AlertState.Open)
            return new("alert.transition", $"a {Word(current)} alert cannot be acknowledged (open it again first)");
        if (changes >= MaxChanges)
            return new("alert.too-many-changes", $"an alert keeps at most {MaxChanges} changes; raise a new finding instead");
        return null;
    }

    public static string Word(AlertState state) => state switch
    {
        AlertState.Open => "open",
        AlertState.Acknowledged => "acknowledged",
        _ => "closed",
    };

    public static AlertState? Parse(string? text) => text switch
    {
        "open" => AlertState.Open,
        "acknowledged" => AlertState.Acknowledged,
        "closed" => AlertState.Closed,
        _ => null,
    };
}
