using System.Globalization;
using System.Text.RegularExpressions;
using Nguon.Model;

namespace Nguon.Domain.Markets;

/// <summary>Judges a lot against a destination market's rule set. Pure: everything it judges is in the provenance
/// graph (events with their sensor reports and document references, farms) and the documents attached along it.
/// Every rule reports a result, passed or not, so an exporter sees what was checked, not only what failed.</summary>
public static class MarketRules
{
    public static MarketCheck Evaluate(MarketRuleSet rules, ProvenanceGraph graph, IReadOnlyList<SubjectDocuments> attached,
        DateTimeOffset now)
    {
        var root = graph.Batches.First(n => n.Batch.Code == graph.Root);
        var results = new List<MarketRuleResult>();
        if (rules.Products.Count > 0 && !rules.Products.Contains(root.Batch.Product, StringComparer.OrdinalIgnoreCase))
            results.Add(Fail("market.product",
                $"rule set {rules.RuleSet} covers {string.Join(", ", rules.Products)}, not {root.Batch.Product}"));
        if (rules.GrowingArea is { } area) results.Add(GrowingAreas(area, graph, now));
        if (rules.PackingHouse is { } packing) results.Add(PackingHouse(packing, graph));
        if (rules.Treatment is { } treatment) results.Add(Treatment(treatment, graph));
        foreach (var type in rules.LotDocuments) results.Add(LotDocument(type, root, attached));
        if (rules.Residues is { } residues) results.Add(Residues(residues, graph, attached));
        return new MarketCheck(rules.Market, rules.RuleSet, results.All(r => r.Passed), results);
    }

    private static MarketRuleResult GrowingAreas(GrowingAreaRule rule, ProvenanceGraph graph, DateTimeOffset now)
    {
        var farms = graph.Farms.ToDictionary(f => f.Code, StringComparer.Ordinal);
        var problems = new List<string>();
        var harvests = graph.Batches.Where(n => n.Batch.Origin.Kind == OriginKind.Harvest).ToList();
        foreach (var node in harvests)
        {
            var harvest = node.Batch;
            if (harvest.Origin.Farm is not { } code || !farms.TryGetValue(code, out var farm))
            {
                problems.Add($"the origin farm of {harvest.Code} is not on record");
                continue;
            }
            if (!Regex.IsMatch(code, rule.CodePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                problems.Add($"farm {code} has no growing-area code of the form the market requires");
            if (!rule.AuthorisationRequired) continue;
            var harvestedAt = node.Events.Count > 0 ? node.Events[0].EventTime : harvest.CreatedAt;
            if (harvest.GiClaim is not { } gi)
                problems.Add($"{harvest.Code} from farm {code} was harvested without an authorisation to cite");
            else
                problems.AddRange(GiRules.FarmAuthorised(farm, gi, harvestedAt, now).Select(v => v.Message));
        }
        if (harvests.Count == 0) problems.Add("no harvest, so no growing area, is on record");
        return problems.Count == 0
            ? Pass("market.growing-area", "every origin farm has a growing-area code and was authorised "
                + $"({string.Join(", ", harvests.Select(h => h.Batch.Origin.Farm).Distinct())})")
            : Fail("market.growing-area", string.Join("; ", problems));
    }

    private static MarketRuleResult PackingHouse(PackingHouseRule rule, ProvenanceGraph graph)
    {
        var packing = StepEvents(graph, rule.BizStep).ToList();
        var coded = packing.FirstOrDefault(e => Place(e.Event) is { } place
            && Regex.IsMatch(place, rule.CodePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        if (coded.Event is not null) return Pass("market.packing-house", $"{coded.Batch} was packed at packing house {Place(coded.Event)}");
        return Fail("market.packing-house", packing.Count == 0
            ? "no packing event is on record"
            : $"packing was recorded at {string.Join(", ", packing.Select(p => Place(p.Event) ?? "an unnamed place"))}, "
              + "not at a coded packing house");
    }

    private static MarketRuleResult Treatment(TreatmentRule rule, ProvenanceGraph graph)
    {
        var treatments = StepEvents(graph, rule.BizStep).ToList();
        if (treatments.Count == 0) return Fail("market.treatment", $"no {rule.Fumigant} fumigation is on record");
        var failures = new List<string>();
        foreach (var (batch, e) in treatments)
        {
            var problems = new List<string>();
            var dose = e.Sensors.FirstOrDefault(s => s.Type == rule.DoseSensor);
            var grams = dose is null ? null : DoseGramsPerCubicMetre(dose);
            if (grams is null) problems.Add(dose is null ? "no dose recorded" : $"dose unit '{dose.Unit}' is not g/m3");
            else if (grams < rule.MinDoseGramsPerCubicMetre)
                problems.Add($"dose {N(grams.Value)} g/m³ is below {N(rule.MinDoseGramsPerCubicMetre)} g/m³");
            var duration = e.Sensors.FirstOrDefault(s => s.Type == rule.DurationSensor);
            var minutes = duration is null ? null : Minutes(duration);
            if (minutes is null)
                problems.Add(duration is null ? "no exposure time recorded" : $"duration unit '{duration.Unit}' is not h or min");
            else if (minutes < rule.MinDurationMinutes)
                problems.Add($"exposure {Duration(minutes.Value)} is shorter than {Duration(rule.MinDurationMinutes)}");
            var facility = Place(e);
            if (facility is null || !rule.RecognisedFacilities.Contains(facility, StringComparer.Ordinal))
                problems.Add($"facility {facility ?? "(none)"} is not recognised for this market");
            if (problems.Count == 0)
                return Pass("market.treatment",
                    $"{batch} was fumigated with {rule.Fumigant} at {facility}: {N(grams!.Value)} g/m³ for {Duration(minutes!.Value)}");
            failures.Add($"fumigation of {batch} (event {e.Sequence}): {string.Join(", ", problems)}");
        }
        return Fail("market.treatment", string.Join("; ", failures));
    }

    private static MarketRuleResult LotDocument(string type, BatchNode root, IReadOnlyList<SubjectDocuments> attached)
    {
        var rule = $"market.document.{type}";
        var referenced = root.Events.SelectMany(e => e.Documents).FirstOrDefault(d => d.Type == type)?.Sha256
            ?? Attached(attached, root.Batch.Code).FirstOrDefault(d => d.Type == type)?.Sha256;
        return referenced is null
            ? Fail(rule, $"no {type.Replace('-', ' ')} is on record for lot {root.Batch.Code}")
            : Pass(rule, $"{type.Replace('-', ' ')} {referenced[..12]}… is on record for lot {root.Batch.Code}");
    }

    private static MarketRuleResult Residues(ResidueRule rule, ProvenanceGraph graph, IReadOnlyList<SubjectDocuments> attached)
    {
        var readings = Events(graph)
            .SelectMany(e => e.Event.Sensors.Where(s => s.Type.StartsWith(rule.SensorPrefix, StringComparison.Ordinal))
                .Select(s => (e.Batch, Reading: s)))
            .ToList();
        var problems = new List<string>();
        var hasReport = Events(graph).Any(e => e.Event.Documents.Any(d => d.Type == rule.ReportDocument))
                        || attached.Where(s => s.Kind == DocumentSubjectKind.Batch).SelectMany(s => s.Documents)
                            .Any(d => d.Type == rule.ReportDocument);
        if (!hasReport) problems.Add($"no {rule.ReportDocument.Replace('-', ' ')} is on record");
        if (readings.Count == 0) problems.Add("no residue results are on record");
        foreach (var (batch, reading) in readings)
        {
            var substance = reading.Type[rule.SensorPrefix.Length..];
            var limit = rule.LimitsMgPerKg.TryGetValue(substance, out var own) ? own : rule.DefaultLimitMgPerKg;
            var listed = rule.LimitsMgPerKg.ContainsKey(substance) ? "its limit" : "the limit for substances without their own";
            if (reading.Unit is not ("mg/kg" or "ppm")) problems.Add($"{substance} in {batch}: unit '{reading.Unit}' is not mg/kg (ppm)");
            else if (reading.Value > limit)
                problems.Add($"{substance} at {N(reading.Value)} ppm in {batch} exceeds {listed}, {N(limit)} ppm");
        }
        return problems.Count == 0
            ? Pass("market.residues", $"{readings.Count} residue results, each within the market's limits")
            : Fail("market.residues", string.Join("; ", problems));
    }

    private static IEnumerable<(string Batch, BatchEvent Event)> Events(ProvenanceGraph graph) =>
        graph.Batches.SelectMany(n => n.Events.Select(e => (n.Batch.Code, e)));

    /// <summary>Events of a rule set's step: a vocabulary step matches in either of its forms (bare name or URI).</summary>
    private static IEnumerable<(string Batch, BatchEvent Event)> StepEvents(ProvenanceGraph graph, string bizStep) =>
        BizStep.Find(bizStep) is { } step
            ? Events(graph).Where(e => step.Is(e.Event.BizStep))
            : Events(graph).Where(e => e.Event.BizStep == bizStep);

    private static IEnumerable<DocumentInfo> Attached(IReadOnlyList<SubjectDocuments> attached, string batch) =>
        attached.Where(s => s.Kind == DocumentSubjectKind.Batch && s.Id == batch).SelectMany(s => s.Documents);

    private static string? Place(BatchEvent e) => e.ReadPoint ?? e.BizLocation;

    private static decimal? DoseGramsPerCubicMetre(SensorReading s) => s.Unit is "g/m3" or "g/m³" or "GM3" ? s.Value : null;

    private static decimal? Minutes(SensorReading s) => s.Unit switch
    {
        "h" or "HUR" => s.Value * 60,
        "min" or "MIN" => s.Value,
        "s" or "SEC" => s.Value / 60,
        _ => null,
    };

    private static string Duration(decimal minutes) =>
        minutes % 60 == 0 ? $"{N(minutes / 60)} h" : minutes > 60 ? $"{(int)(minutes / 60)} h {N(minutes % 60)} min" : $"{N(minutes)} min";

    private static string N(decimal value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static MarketRuleResult Pass(string rule, string message) => new(rule, true, message);
    private static MarketRuleResult Fail(string rule, string message) => new(rule, false, message);
}
