namespace Nguon.Model;

public enum AlertState { Open = 0, Acknowledged = 1, Closed = 2 }

/// <summary>What raised an alert: the lots, farms and events (batch#sequence) involved and the figures the rule compared,
/// named as the rule names them (for example yieldKgPerHa against communeMedianKgPerHa).</summary>
public sealed record AlertEvidence(
    IReadOnlyList<string> Lots, IReadOnlyList<string> Farms, IReadOnlyList<string> Events, IReadOnlyDictionary<string, decimal> Figures);

/// <summary>A change of an alert's state, by whom and why.</summary>
public sealed record AlertChange(DateTimeOffset At, string Actor, AlertState State, string Note);

/// <summary>One finding of an alert rule about one subject (a farm, a lot, a facility's window, a GTIN's day) in one GI's
/// season. The same finding raised again with other evidence updates it (and <see cref="UpdatedAt"/>), never a second alert.</summary>
public sealed record Alert(
    string Id,
    string Rule,
    string Gi,
    string Season,
    string Subject,
    string Summary,
    AlertEvidence Evidence,
    AlertState State,
    DateTimeOffset RaisedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<AlertChange> Changes,
    IReadOnlyList<AlertLink> Links);

public sealed record AlertLink(string Rel, string Href);

/// <summary>Acknowledge (with a note) or close (with a reason) an alert.</summary>
public sealed record ChangeAlert(AlertState State, string Note);

/// <summary>One evaluation of a GI season's alert rules: how many findings, which alerts it raised (by rule), how many
/// existing alerts got new evidence, how many findings the season's cap left out, and how long it took.</summary>
public sealed record AlertEvaluation(
    string Gi, string Season, int Findings, IReadOnlyDictionary<string, int> Raised, int Updated, int Capped, double Milliseconds);
