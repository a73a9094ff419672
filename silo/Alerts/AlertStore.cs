using System.Data.Common;
using System.Text.Json;
using Nguon.Domain.Alerts;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Alerts;

public sealed record AlertFilter(string? Gi, string? Season, string? Rule, AlertState? State);

/// <summary>What one evaluation changed: alerts raised (per rule), alerts whose evidence changed, findings not kept.</summary>
public sealed record RaiseResult(IReadOnlyDictionary<string, int> Raised, int Updated, int Capped);

/// <summary>Alerts in the store's own tables (nguon_alerts, nguon_alert_changes). A finding's id is a digest of what it is
/// about, so raising it again (another evaluation, another silo) finds the row it made; rows are written only when new or
/// when their evidence changed. A GI's season keeps at most <see cref="MaxPerSeason"/> alerts.</summary>
public sealed class AlertStore(ReadModelSql sql, SqliteWriteGate? gate)
{
    public const int MaxPerSeason = 20_000;
    public const int MaxLinks = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<RaiseResult> Raise(string gi, string season, IReadOnlyList<Finding> findings, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var stored = (await sql.Rows(
            "SELECT id, summary, evidence FROM nguon_alerts WHERE service_id = @s AND gi = @gi AND season = @season",
            [("gi", gi), ("season", season)], r => (Id: r.GetString(0), Text: r.GetString(1) + "\n" + r.GetString(2)), cancellationToken))
            .ToDictionary(a => a.Id, a => a.Text, StringComparer.Ordinal);
        var statements = new List<Statement>();
        var raised = new Dictionary<string, int>(StringComparer.Ordinal);
        var (updated, capped, count) = (0, 0, stored.Count);
        foreach (var f in findings.DistinctBy(f => (f.Rule, f.Subject)))
        {
            var id = AlertRules.AlertId(gi, season, f.Rule, f.Subject);
            var evidence = JsonSerializer.Serialize(f.Evidence, Json);
            if (stored.TryGetValue(id, out var text))
            {
                if (text == f.Summary + "\n" + evidence) continue;
                statements.Add(new("""
                    UPDATE nguon_alerts SET summary = @summary, evidence = @evidence, last_seen_at = @now WHERE service_id = @s AND id = @id
                    """, [("id", id), ("summary", f.Summary), ("evidence", evidence), ("now", now)]));
                updated++;
                continue;
            }
            if (count >= MaxPerSeason)
            {
                capped++;
                continue;
            }
            count++;
            raised[f.Rule] = raised.GetValueOrDefault(f.Rule) + 1;
            statements.Add(new("""
            INSERT INTO nguon_alerts (service_id, id, rule, gi, season, subject, summary, evidence, state, raised_at, last_seen_at, changes)
            VALUES (@s, @id, @rule, @gi, @season, @subject, @summary, @evidence, 'open', @now, @now, 0)
            ON CONFLICT (service_id, id) DO NOTHING
            """, [("id", id), ("rule", f.Rule), ("gi", gi), ("season", season), ("subject", f.Subject), ("summary", f.Summary),
                ("evidence", evidence), ("now", now)]));
        }
        if (statements.Count > 0) await Write(statements, cancellationToken);
        return new RaiseResult(raised, updated, capped);
    }

    public async Task<Page<Alert>> List(AlertFilter filter, string after, int limit, CancellationToken cancellationToken = default)
    {
        var where = new List<string> { "service_id = @s", "id > @after" };
        var parameters = new List<(string, object?)> { ("after", after) };
        void Add(string column, object? value)
        {
            if (value is null) return;
            where.Add($"{column} = @{column}");
            parameters.Add((column, value));
        }
        Add("gi", filter.Gi);
        Add("season", filter.Season);
        Add("rule", filter.Rule);
        Add("state", filter.State is { } state ? AlertWorkflow.Word(state) : null);
        var rows = await sql.Rows($"SELECT {Columns} FROM nguon_alerts WHERE {string.Join(" AND ", where)} ORDER BY id LIMIT {limit + 1}",
            parameters, r => ReadAlert(r, []), cancellationToken);
        return ListQueries.Paged(rows, limit, a => a.Id);
    }

    public async Task<Alert?> Get(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await sql.OpenForQueries(cancellationToken);
        var changes = await sql.Rows(connection,
            "SELECT at, actor, state, note FROM nguon_alert_changes WHERE service_id = @s AND alert = @id ORDER BY sequence",
            [("id", id)], r => new AlertChange(ReadModelSql.ReadTime(r, 0), r.GetString(1), AlertWorkflow.Parse(r.GetString(2))!.Value,
                r.GetString(3)), cancellationToken);
        var rows = await sql.Rows(connection, $"SELECT {Columns} FROM nguon_alerts WHERE service_id = @s AND id = @id", [("id", id)],
            r => ReadAlert(r, changes), cancellationToken);
        return rows.SingleOrDefault();
    }

    /// <summary>Changes the alert's state if it is still as <paramref name="seen"/> found it (state and number of changes):
    /// two people changing it at once, one wins and the other is told (false), never both recorded over each other.</summary>
    public async Task<bool> Change(Alert seen, ChangeAlert change, string actor, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var sequence = seen.Changes.Count + 1;
        var affected = await Write([
            new Statement("""
                UPDATE nguon_alerts SET state = @state, changes = @sequence
                WHERE service_id = @s AND id = @id AND state = @was AND changes = @count
                """, [("id", seen.Id), ("state", AlertWorkflow.Word(change.State)), ("sequence", sequence),
                ("was", AlertWorkflow.Word(seen.State)), ("count", seen.Changes.Count)]) { Head = true },
            new Statement("""
                INSERT INTO nguon_alert_changes (service_id, alert, sequence, at, actor, state, note)
                SELECT @s, @id, @sequence, @now, @actor, @state, @note
                WHERE EXISTS (SELECT 1 FROM nguon_alerts WHERE service_id = @s AND id = @id AND changes = @sequence AND state = @state)
                ON CONFLICT (service_id, alert, sequence) DO NOTHING
                """, [("id", seen.Id), ("sequence", sequence), ("now", now), ("actor", actor), ("state", AlertWorkflow.Word(change.State)),
                ("note", change.Note.Trim())]),
        ], cancellationToken);
        return affected[0] == 1;
    }

    private Task<int[]> Write(IReadOnlyList<Statement> statements, CancellationToken cancellationToken) =>
        gate.Through(() => sql.Execute(statements, cancellationToken), cancellationToken);

    private const string Columns = "id, rule, gi, season, subject, summary, evidence, state, raised_at, last_seen_at";

    private static Alert ReadAlert(DbDataReader r, IReadOnlyList<AlertChange> changes)
    {
        var (gi, season) = (r.GetString(2), r.GetString(3));
        var evidence = JsonSerializer.Deserialize<AlertEvidence>(r.GetString(6), Json)!;
        IEnumerable<AlertLink> links =
        [
            new("ledger", $"/api/gi/{Uri.EscapeDataString(gi)}/seasons/{Uri.EscapeDataString(season)}"),
            .. evidence.Farms.Select(f => new AlertLink("farm", $"/api/farms/{Uri.EscapeDataString(f)}")),
            .. evidence.Lots.Select(l => new AlertLink("lot", $"/api/batches/{Uri.EscapeDataString(l)}")),
        ];
        return new Alert(r.GetString(0), r.GetString(1), gi, season, r.GetString(4), r.GetString(5), evidence,
            AlertWorkflow.Parse(r.GetString(7))!.Value, ReadModelSql.ReadTime(r, 8), ReadModelSql.ReadTime(r, 9), changes,
            [.. links.Take(MaxLinks)]);
    }
}
