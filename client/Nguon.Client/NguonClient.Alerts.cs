using Nguon.Model;

namespace Nguon.Client;

// The GI season ledger and the alert rules' findings.
public sealed partial class NguonClient
{
    /// <summary>A GI's season ledger (authority and inspectors; a producer sees its own farms' lines).</summary>
    public Task<SeasonLedger> GetSeasonLedger(string gi, string season, CancellationToken ct = default) =>
        Send<SeasonLedger>(HttpMethod.Get, $"api/gi/{E(gi)}/seasons/{E(season)}", null, ct);

    /// <summary>Alerts, one page; <paramref name="state"/> open, acknowledged or closed.</summary>
    public Task<ListPage<Alert>> ListAlerts(string? gi = null, string? season = null, string? rule = null, string? state = null,
        int? limit = null, string? cursor = null, CancellationToken ct = default) =>
        Page<Alert>("api/alerts", limit, cursor, ct, ("gi", gi), ("season", season), ("rule", rule), ("state", state));

    public Task<Alert> GetAlert(string id, CancellationToken ct = default) =>
        Send<Alert>(HttpMethod.Get, $"api/alerts/{E(id)}", null, ct);

    /// <summary>Acknowledges (with a note), closes (with a reason) or opens again an alert.</summary>
    public Task<Alert> ChangeAlert(string id, ChangeAlert change, CancellationToken ct = default) =>
        Send<Alert>(HttpMethod.Post, $"api/alerts/{E(id)}/state", change, ct);

    /// <summary>Evaluates the alert rules over one GI season now (the server also does so by itself as writes arrive).</summary>
    public Task<AlertEvaluation> EvaluateAlerts(string gi, string season, CancellationToken ct = default) =>
        Send<AlertEvaluation>(HttpMethod.Post, WithQuery("api/alerts/evaluate", [("gi", gi), ("season", season)]), null, ct);
}
