using Nguon.Model;

namespace Nguon.Domain.Batches;

/// <summary>One GTIN + lot names one batch. The grain looks up the holders of <see cref="Keys"/>; the rules judge them.</summary>
public static class LabelRules
{
    /// <summary>The label index keys of the printed labels among these (GTIN and lot given, GTIN valid).</summary>
    public static IReadOnlyList<string> Keys(IEnumerable<(string? Gtin, string? Lot)> labels) =>
        [.. labels.Where(Printed).Select(l => DigitalLink.LabelKeyFor(l.Gtin!, l.Lot!)).Distinct()];

    /// <summary>Labels already carried by another batch, and one label given to two batches of one command.</summary>
    public static IEnumerable<Violation> CheckTaken(
        IReadOnlyList<(string Batch, string? Gtin, string? Lot)> labels, IReadOnlyDictionary<string, string> holders)
    {
        var printed = labels.Where(l => Printed((l.Gtin, l.Lot))).ToList();
        foreach (var (batch, gtin, lot) in printed)
            if (holders.GetValueOrDefault(DigitalLink.LabelKeyFor(gtin!, lot!)) is { } holder && holder != batch)
                yield return InputRules.LabelTaken(gtin!, lot!, holder);
        foreach (var twice in printed.GroupBy(l => DigitalLink.LabelKeyFor(l.Gtin!, l.Lot!)).Where(g => g.Count() > 1))
            yield return new("label.taken", $"two parts carry the same GTIN and lot ({twice.Key})");
    }

    /// <summary>A lot carries a GTIN only under a GS1 Company Prefix its labeller holds or is licensed for
    /// (<paramref name="prefixes"/>: the prefix of each GTIN-14 Nguon knows one for).</summary>
    public static IEnumerable<Violation> CheckLabeller(
        string labeller, IEnumerable<string?> gtins, IReadOnlyDictionary<string, CompanyPrefix> prefixes)
    {
        foreach (var gtin in gtins.Where(Gtin.IsValid).Select(g => Gtin.ToGtin14(g!)).Distinct())
        {
            if (!prefixes.TryGetValue(gtin, out var prefix))
                yield return new("label.prefix", $"GTIN {gtin} is under no GS1 Company Prefix registered in Nguon: a lot carries only "
                    + $"GTINs under a prefix its labeller ({labeller}) holds or is licensed for");
            else if (!prefix.MayLabel(labeller))
                yield return new("label.prefix", $"GTIN {gtin} is under GS1 Company Prefix {prefix.Prefix}, held by {prefix.Holder}: "
                    + $"{labeller} holds no licence to label lots with it");
        }
    }

    /// <summary>A batch has a label (and a label page) only when it carries a GTIN and a lot: null when it does,
    /// otherwise why not.</summary>
    public static Violation? Labelled(Batch batch) =>
        batch.Gtin is not null && batch.Lot is not null ? null
            : new("label.no-gtin", $"batch {batch.Code} carries no GTIN and lot, so it has no label");

    private static bool Printed((string? Gtin, string? Lot) label) =>
        label.Gtin is not null && label.Lot is not null && Gtin.IsValid(label.Gtin);
}
