using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Nguon.Telemetry;

/// <summary>Nguon's own spans and business metrics. Tags carry ids that help (batch, GI, farm, business step,
/// rule, verdict), never keys or secrets; metric tags stay low-cardinality (no batch ids on counters).</summary>
public static class NguonTelemetry
{
    public const string Name = "Nguon";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> EventsRecorded =
        Meter.CreateCounter<long>("nguon.events.recorded", "{event}", "Batch events recorded, by business step");
    public static readonly Counter<double> HarvestedKg =
        Meter.CreateCounter<double>("nguon.harvest.quantity", "kg", "Harvested mass, by GI claim");
    public static readonly Counter<long> Verifications =
        Meter.CreateCounter<long>("nguon.verifications", "{verification}", "Verifications, by verdict");
    public static readonly Counter<long> VerificationReasons =
        Meter.CreateCounter<long>("nguon.verification.reasons", "{reason}", "Reasons a verification failed, by rule");
    public static readonly Counter<long> Refusals =
        Meter.CreateCounter<long>("nguon.rule.refusals", "{refusal}", "Commands refused, by rule");
    public static readonly Counter<long> AnonymousRefusals = Meter.CreateCounter<long>("nguon.http.anonymous_refusals", "{request}",
        "Refused or state-changing API requests without an authenticated organisation: counted, never stored, by status");
    public static readonly Counter<long> AuditDropped = Meter.CreateCounter<long>("nguon.audit.dropped", "{entry}",
        "Audit entries not kept: the organisation's day was full (Nguon:Audit:MaxEntriesPerDay) or past the retention");
    public static readonly Counter<long> ReadModelFailures = Meter.CreateCounter<long>("nguon.read_model.failures", "{projection}",
        "Projections into the read model that failed after their grain write was stored (the sweep writes them again)");
    public static readonly Counter<long> ReadModelRefusals = Meter.CreateCounter<long>("nguon.read_model.refusals", "{projection}",
        "Projections the read model's row refused: it could not continue what was stored (the sweep writes the record whole)");
    public static readonly Counter<long> ReadModelRepairs = Meter.CreateCounter<long>("nguon.read_model.repairs", "{record}",
        "Records the read model's sweep found behind their grain and projected again");
    public static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>("nguon.alerts.raised", "{alert}",
        "Alerts raised by the GI alert rules, by rule (a finding raised again is not counted again)");
    public static readonly Counter<long> AlertChanges = Meter.CreateCounter<long>("nguon.alerts.changes", "{change}",
        "Alerts acknowledged, closed or opened again, by rule and new state");
    public static readonly Counter<long> ScanMisses = Meter.CreateCounter<long>("nguon.scans.unknown_lot", "{scan}",
        "Label scans naming a lot Nguon does not know under a GI product's GTIN, by GI");
    public static readonly Histogram<double> AlertEvaluation = Meter.CreateHistogram<double>("nguon.alerts.evaluation.duration", "ms",
        "One GI season's alert evaluation (read model queries, rules, alert writes)");
    public static readonly Histogram<int> TraceBatches =
        Meter.CreateHistogram<int>("nguon.trace.batches", "{batch}", "Batches in a backward trace");
    public static readonly Histogram<double> TraceDuration =
        Meter.CreateHistogram<double>("nguon.trace.duration", "ms", "Backward trace latency");
    public static readonly Histogram<double> VerifyDuration =
        Meter.CreateHistogram<double>("nguon.verification.duration", "ms", "Verification latency");

    /// <summary>Counts each violated rule of a refused command.</summary>
    public static void Refused(IEnumerable<Model.Violation> violations)
    {
        if (!Refusals.Enabled) return;
        foreach (var v in violations) Refusals.Add(1, new KeyValuePair<string, object?>("rule", v.Rule));
    }
}
