using Nguon.Model;

namespace Nguon.Domain.Epcis;

/// <summary>The state an EPCIS document's commands are checked against (<see cref="EpcisDocumentCheck"/>): what was loaded
/// before the check (read-only grain calls), then changed in memory by every command that passes. Absent keys mean "not
/// there" (no such batch, farm, label holder, …): the loader loads every key <see cref="CheckNeeds"/> names.</summary>
public sealed class CheckWorld
{
    public Dictionary<string, BatchCheckState> Batches { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Farm> Farms { get; } = new(StringComparer.Ordinal);
    /// <summary>Season ledgers by "{farm}/{season}".</summary>
    public Dictionary<string, FarmSeason> Seasons { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Certificate> Certificates { get; } = new(StringComparer.Ordinal);
    /// <summary>The batch each label names, by <see cref="DigitalLink.LabelKeyFor"/>.</summary>
    public Dictionary<string, string> LabelHolders { get; } = new(StringComparer.Ordinal);
    /// <summary>GS1 Company Prefixes by GTIN-14.</summary>
    public Dictionary<string, CompanyPrefix> Prefixes { get; } = new(StringComparer.Ordinal);
    /// <summary>Who holds a code space (<see cref="Organisations.CodeSpaces.ToLookUp"/>).</summary>
    public Dictionary<string, string> CodeSpaceHolders { get; } = new(StringComparer.Ordinal);
    /// <summary>Registered organisations among the shipments' destinations.</summary>
    public HashSet<string> Organisations { get; } = new(StringComparer.Ordinal);
    /// <summary>The documents attached to a batch (SHA-256, lower case), for the batches whose events cite documents.</summary>
    public Dictionary<string, IReadOnlySet<string>> Attached { get; } = new(StringComparer.Ordinal);

    public BatchCheckState? Batch(string code) => Batches.GetValueOrDefault(code);

    public FarmSeason Season(string farm, string season) =>
        Seasons.GetValueOrDefault(EpcisDocumentCheck.FarmSeasonKey(farm, season)) ?? new FarmSeason(farm, season, 0, []);

    /// <summary>The batch code of a lot: the one the event gives, else the batch its GTIN + lot label names (null: none).</summary>
    public string? Resolve(LotRef lot) =>
        !string.IsNullOrEmpty(lot.BatchCode) ? lot.BatchCode
        : lot is { Gtin: { } gtin, Lot: { } l } && Gtin.IsValid(gtin) ? LabelHolders.GetValueOrDefault(DigitalLink.LabelKeyFor(gtin, l))
        : null;

    internal void Created(string code, Batch header, BatchCreation creation)
    {
        Batches[code] = new BatchCheckState(header, creation.EventTime, creation.OperationId, header.Remaining,
            new Dictionary<string, BatchEvent>(StringComparer.Ordinal));
        if (header is { Gtin: { } gtin, Lot: { } lot }) LabelHolders[DigitalLink.LabelKeyFor(gtin, lot)] = code;
    }

    /// <summary>A batch after one of its events: what other merges in progress hold back stays held back.</summary>
    internal void Changed(BatchCheckState before, Batch header, BatchEvent recorded, string? id = null)
    {
        var heldBack = before.Batch.Remaining - before.Available;
        Batches[header.Code] = before with
        {
            Batch = header,
            Available = header.Remaining - heldBack,
            Recorded = new Dictionary<string, BatchEvent>(before.Recorded, StringComparer.Ordinal) { [id ?? recorded.EventId] = recorded },
        };
    }
}

/// <summary>What to load before checking a document: every key its commands read. Lots named only by GTIN + lot are resolved
/// through <paramref name="world"/>'s label holders, so the labels (<see cref="LabelKeys"/>) are loaded first.</summary>
public sealed record CheckNeeds(
    IReadOnlyDictionary<string, List<string>> Batches,
    IReadOnlyList<string> Farms,
    IReadOnlyList<(string Farm, string Season)> Seasons,
    IReadOnlyList<string> Certificates,
    IReadOnlyList<string> Gtins,
    IReadOnlyList<string> NewCodes,
    IReadOnlyList<string> Organisations,
    IReadOnlyList<string> DocumentBatches)
{
    /// <summary>The label keys of every lot and every label the commands name.</summary>
    public static IReadOnlyList<string> LabelKeys(IEnumerable<EpcisMeaning> commands) =>
        [.. Labels(commands).Where(l => l.Gtin is not null && l.Lot is not null && Gtin.IsValid(l.Gtin))
            .Select(l => DigitalLink.LabelKeyFor(l.Gtin!, l.Lot!)).Distinct(StringComparer.Ordinal)];

    /// <param name="operationIds">Each command's operation id (a split's retry is found by it).</param>
    public static CheckNeeds Of(IReadOnlyList<EpcisMeaning> commands, IReadOnlyList<string> operationIds, CheckWorld world)
    {
        var batches = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Batch(string? code, string? id = null)
        {
            if (!Ids.IsValid(code)) return;
            if (!batches.TryGetValue(code!, out var ids)) batches[code!] = ids = [];
            if (id is not null) ids.Add(id);
        }
        var farms = new List<string>();
        var seasons = new List<(string, string)>();
        var certificates = new List<string>();
        var newCodes = new List<string>();
        var organisations = new List<string>();
        var documents = new List<string>();
        for (var i = 0; i < commands.Count; i++)
            switch (commands[i])
            {
                case HarvestCommand h:
                    Batch(h.Harvest.BatchCode);
                    newCodes.Add(h.Harvest.BatchCode);
                    farms.Add(h.Farm);
                    seasons.Add((h.Farm, GiRules.SeasonOf(h.Harvest.HarvestedAt)));
                    if (h.Harvest.GiClaim is { } gi) certificates.Add(gi);
                    break;
                case CombineCommand c:
                    Batch(c.Combine.BatchCode);
                    newCodes.Add(c.Combine.BatchCode);
                    foreach (var input in c.Inputs) Batch(world.Resolve(input));
                    break;
                case SplitCommand s:
                    Batch(world.Resolve(s.Input), operationIds[i]);
                    foreach (var part in s.Split.Parts) Batch(part.BatchCode);
                    newCodes.AddRange(s.Split.Parts.Select(p => p.BatchCode));
                    break;
                case ObserveCommand o:
                    var code = world.Resolve(o.Lot);
                    Batch(code, o.Event.EventId);
                    if (o.Event.Destination is { } destination && Ids.IsValid(destination)) organisations.Add(destination);
                    if (o.Event.Documents is { Count: > 0 } && Ids.IsValid(code)) documents.Add(code!);
                    break;
                case RecallCommand r:
                    Batch(world.Resolve(r.Lot), r.Recall.EventId);
                    break;
            }
        return new(batches, Distinct(farms.Where(Ids.IsValid)), [.. seasons.Distinct()], Distinct(certificates.Where(Ids.IsValid)),
            Distinct(Labels(commands).Select(l => l.Gtin).OfType<string>().Where(Gtin.IsValid)), Distinct(newCodes.Where(Ids.IsValid)),
            Distinct(organisations), Distinct(documents));
    }

    private static List<string> Distinct(IEnumerable<string?> values) =>
        [.. values.OfType<string>().Distinct(StringComparer.Ordinal)];

    private static IEnumerable<(string? Gtin, string? Lot)> Labels(IEnumerable<EpcisMeaning> commands) =>
        commands.SelectMany(c => c switch
        {
            HarvestCommand h => [(h.Lot.Gtin, h.Lot.Lot), (h.Harvest.Gtin, h.Harvest.Lot)],
            CombineCommand c2 => c2.Inputs.Select(l => (l.Gtin, l.Lot)).Append((c2.Combine.Gtin, c2.Combine.Lot)),
            SplitCommand s => s.Parts.Select(l => (l.Gtin, l.Lot)).Append((s.Input.Gtin, s.Input.Lot))
                .Concat(s.Split.Parts.Select(p => (p.Gtin, p.Lot))),
            ObserveCommand o => [(o.Lot.Gtin, o.Lot.Lot)],
            RecallCommand r => [(r.Lot.Gtin, r.Lot.Lot)],
            ImpliedEvent e => [(e.Lot.Gtin, e.Lot.Lot)],
            _ => Array.Empty<(string?, string?)>(),
        });
}
