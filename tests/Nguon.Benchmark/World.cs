using Nguon.Model;
using Nguon.Tests.Infrastructure;

namespace Nguon.Benchmark;

/// <summary>Builds benchmark data through the grain API, the way tests/Nguon.Tests/Infrastructure/Scenario.cs
/// does and from the same WorldData: one GI certificate, authorised farms inside its area, harvests, then merges and splits. Every id
/// carries the world's prefix so several worlds share one database; the certificate's number too, unless given.</summary>
public sealed class World(IGrainFactory grains, string prefix, string? gi = null, decimal maxYield = 100_000m)
{
    public static readonly TimeSpan Hanoi = WorldData.Hanoi;

    private static readonly Actor Authority = new("authority", [Role.Authority]);
    /// <summary>Owns the farms, so it records the harvests and, as their custodian, every later step.</summary>
    public static readonly Actor Producer = new("producer", [Role.Producer]);

    /// <summary>All event times are relative to the start of the run, in the past, in Hanoi time.</summary>
    public static readonly DateTimeOffset Epoch = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-30), TimeSpan.Zero).ToOffset(Hanoi);
    public static DateTimeOffset HarvestTime => Epoch.AddHours(6);
    public static DateTimeOffset Step(int level) => Epoch.AddDays(1 + level);
    /// <summary>Time of the appended "inspecting" events: after every harvest and step, before now.</summary>
    public static DateTimeOffset InspectionTime => Epoch.AddDays(20);

    public string Prefix => prefix;
    public string Gi => gi ?? $"GI-{prefix}";
    public string Id(string name) => $"{prefix}-{name}";
    public IBatchGrain Batch(string code) => grains.GetGrain<IBatchGrain>(code);

    public async Task<string[]> FarmsAsync(int count)
    {
        Ok(await grains.GetGrain<ICertificateGrain>(Gi).Register(WorldData.Certificate(maxYield), Authority));
        var farms = Enumerable.Range(0, count).Select(i => Id($"farm{i}")).ToArray();
        await Parallel(farms, async code =>
        {
            var farm = grains.GetGrain<IFarmGrain>(code);
            Ok(await farm.Register(WorldData.Farm(code, Producer.Organisation, areaHa: 10m), Authority));
            Ok(await farm.Authorise(WorldData.Authorisation(Gi), Authority));
        });
        return farms;
    }

    /// <summary>Harvest batches spread round-robin over the farms; each farm records its harvests one after another
    /// (at <see cref="HarvestTime"/> unless <paramref name="at"/> is given).</summary>
    public async Task<string[]> HarvestsAsync(string[] farms, int count, decimal kg, string name = "h", DateTimeOffset? at = null)
    {
        var codes = Enumerable.Range(0, count).Select(i => Id($"{name}{i}")).ToArray();
        await Parallel(Enumerable.Range(0, farms.Length).ToArray(), async f =>
        {
            for (var i = f; i < count; i += farms.Length)
                Ok(await grains.GetGrain<IFarmGrain>(farms[f]).RecordHarvest(
                    new RecordHarvest(codes[i], "lychee", new Quantity(kg, "kg"), at ?? HarvestTime, Gi), Producer));
        });
        return codes;
    }

    /// <summary>An ancestry 6 edges deep (7 tiers) with 281 batches, all reachable from the returned final batch:
    /// L0 128 harvests (1,000 kg) → L1 64 merges of 2 → L2 32 merges of 2 → L3 16 merges of 2 →
    /// L4 32 split parts (each L3 batch split in 2) → L5 8 merges of 4 → L6 1 merge of 8.</summary>
    public async Task<string> DagAsync()
    {
        var farms = await FarmsAsync(16);
        var level = await HarvestsAsync(farms, 128, 1000m);
        var l1 = await MergeLevel(level, 2, 1);
        var l2 = await MergeLevel(l1, 2, 2);
        var l3 = await MergeLevel(l2, 2, 3);
        var l4 = new string[l3.Length * 2];
        await Parallel(Enumerable.Range(0, l3.Length).ToArray(), async i =>
        {
            var parent = await Batch(l3[i]).GetRecord() ?? throw new InvalidOperationException($"{l3[i]} missing");
            var half = parent.Remaining / 2;
            l4[2 * i] = Id($"L4-{2 * i}");
            l4[2 * i + 1] = Id($"L4-{2 * i + 1}");
            Ok(await Batch(l3[i]).Split(new SplitBatch(Step(4),
                [new SplitPart(l4[2 * i], new Quantity(half, "kg")),
                    new SplitPart(l4[2 * i + 1], new Quantity(parent.Remaining - half, "kg"))]), Producer));
        });
        var l5 = await MergeLevel(l4, 4, 5);
        var l6 = await MergeLevel(l5, 8, 6);
        return l6.Single();
    }

    private async Task<string[]> MergeLevel(string[] inputs, int fanIn, int level)
    {
        var outputs = Enumerable.Range(0, inputs.Length / fanIn).Select(i => Id($"L{level}-{i}")).ToArray();
        await Parallel(Enumerable.Range(0, outputs.Length).ToArray(), async i =>
        {
            var group = inputs.Skip(i * fanIn).Take(fanIn).ToArray();
            var batches = await Task.WhenAll(group.Select(code => Batch(code).GetRecord()));
            var links = batches.Select(b => new QuantityLink(b!.Code, new Quantity(b.Remaining, b.Quantity.Unit))).ToList();
            Ok(await Batch(outputs[i]).Combine(new CombineBatches(outputs[i], Step(level), links), Producer));
        });
        return outputs;
    }

    public static T Ok<T>(Outcome<T> outcome) => outcome.IsOk
        ? outcome.Value!
        : throw new InvalidOperationException($"expected success, got {outcome.Status}: {string.Join("; ", outcome.Violations)}");

    /// <summary>Setup fan-out (bounded so setup does not itself exhaust the connection pool).</summary>
    private static Task Parallel<T>(IReadOnlyList<T> items, Func<T, Task> body) =>
        System.Threading.Tasks.Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (item, _)
            => await body(item));
}
