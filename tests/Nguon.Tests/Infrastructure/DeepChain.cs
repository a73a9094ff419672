using System.Diagnostics;
using Nguon.Model;

namespace Nguon.Tests.Infrastructure;

/// <summary>Issue 12's chain of one-part splits far deeper than any real one, built through the grains: batch
/// <c>d0</c> (a 1,000 kg harvest of farm <c>farm</c>, season 2026) and <c>d1</c> … <c>d{depth-1}</c>, each split whole
/// from the one before.</summary>
public static class DeepChain
{
    /// <summary>Batches in the chain: 50,000 unless NGUON_DEEP_CHAIN says otherwise (a shorter run while debugging).</summary>
    public static readonly int Depth = int.TryParse(Environment.GetEnvironmentVariable("NGUON_DEEP_CHAIN"), out var d) ? d : 50_000;

    public const string Farm = "farm";
    public const string Season = "2026";

    /// <summary>The GTIN the labelled batches carry (valid check digit).</summary>
    public const string Gtin = "08935000100011";

    public static string Name(int index) => $"d{index}";

    /// <summary>Builds the chain in <paramref name="s"/>'s world; the batches at <paramref name="labelled"/> carry a
    /// printed label (<see cref="Gtin"/>, <see cref="Lot"/>). Returns how long it took.</summary>
    public static async Task<TimeSpan> Build(Scenario s, int depth, IReadOnlyCollection<int>? labelled = null)
    {
        labelled ??= [];
        await s.WithCertificate();
        await s.AuthorisedFarm(Farm);
        if (labelled.Count > 0) await s.HoldsPrefix(s.Producer, Gtin);
        var started = Stopwatch.GetTimestamp();
        Scenario.Ok(await s.Farm(Farm).RecordHarvest(new RecordHarvest(s.Id(Name(0)), "lychee", new Quantity(1000m, "kg"),
            Scenario.At(6, 10, 6), s.Gi, labelled.Contains(0) ? Gtin : null, labelled.Contains(0) ? Lot(s, 0) : null), s.Producer));
        for (var i = 1; i < depth; i++) // each split needs the batch before it: the chain can only be built in order
        {
            var part = labelled.Contains(i)
                ? new SplitPart(s.Id(Name(i)), new(1000m, "kg"), Gtin, Lot(s, i))
                : new SplitPart(s.Id(Name(i)), new(1000m, "kg"));
            Scenario.Ok(await s.Grains.GetGrain<IBatchGrain>(s.Id(Name(i - 1))).Split(new SplitBatch(Scenario.At(6, 11, 7), [part]),
                s.Producer));
        }
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The printed lot of batch <paramref name="index"/>: unique per world.</summary>
    public static string Lot(Scenario s, int index) => $"D{index}X{s.Suffix}".ToUpperInvariant();
}
