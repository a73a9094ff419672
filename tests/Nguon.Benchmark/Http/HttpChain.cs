using Nguon.Tests.Infrastructure;

namespace Nguon.Benchmark.Http;

/// <summary>Builds the benchmark's chains through the HTTP API, as clients would: a producer with its farms, GS1
/// prefix and code space; an authority with a certificate; an inspector. The deep lot has the shape of a real export
/// chain (a retail lot ← 6 levels ← 200 harvests = 253 batches); the shallow one 7 batches (4 harvests).</summary>
public sealed class HttpChain(ApiClient api, string admin, string tag)
{
    private const int Farms = 20;
    private static readonly int Parallelism = 8;

    public string Gi => $"GI-{tag}";
    public string Space => "B" + tag[..8].ToUpperInvariant();
    public string Producer => $"bench-producer-{tag}";
    public string ProducerKey { get; private set; } = "";
    public string InspectorKey { get; private set; } = "";
    public string Gtin { get; private set; } = "";
    private int events;

    /// <summary>Events the chains hold (creations, takes, splits and recorded events).</summary>
    public int Events => events;

    public string Code(string name) => $"{Space}-{name}";

    public async Task SetUpAsync()
    {
        ProducerKey = await api.Organisation(admin, Producer, "producer", Space);
        InspectorKey = await api.Organisation(admin, $"bench-inspector-{tag}", "inspector");
        var authority = await api.Organisation(admin, $"bench-authority-{tag}", "authority");
        await api.Put($"api/certificates/{Gi}", WorldData.CertificateBody(maxYield: 100_000m), authority);
        var prefix = "893" + Random.Shared.Next(0, 1_000_000).ToString("000000", Stats.Inv);
        await api.Put($"api/prefixes/{prefix}", new { organisation = Producer, licence = $"GS1-BENCH-{tag}" }, admin);
        var body = "0" + prefix + "001";
        Gtin = body + Nguon.Domain.Gtin.CheckDigit(body);
        await Each(Enumerable.Range(0, Farms), async f =>
        {
            await api.Put($"api/farms/{FarmCode(f)}", WorldData.FarmBody($"Bench farm {f}", Producer, areaHa: 10m), ProducerKey);
            await api.Post($"api/farms/{FarmCode(f)}/authorisations", WorldData.AuthorisationBody(Gi), authority);
        });
    }

    /// <summary>200 harvests (each with two events) → 40 merges of 5 → 8 of 5 → 2 of 4 → 1 of 2 → an export split
    /// part → a retail split part, labelled with the producer's GTIN. Returns the retail lot's code and its lot.</summary>
    public Task<(string Code, string Lot)> DeepAsync() => BuildAsync("d", 200, [5, 5, 4, 2]);

    /// <summary>4 harvests → 1 merge → export part → retail part: 7 batches.</summary>
    public Task<(string Code, string Lot)> ShallowAsync() => BuildAsync("s", 4, [4]);

    /// <summary>Harvests in the producer's custody for the event-append rounds.</summary>
    public async Task<string[]> ActiveBatchesAsync(int count)
    {
        var codes = Enumerable.Range(0, count).Select(i => Code($"a{i}")).ToArray();
        await Each(Enumerable.Range(0, count), i => Harvest(codes[i], i % Farms, 100m));
        return codes;
    }

    /// <summary><paramref name="count"/> merges of two fresh 10 kg harvests each, one after another with
    /// <paramref name="pause"/> before each, so the silo is otherwise idle; the latency of each merge request (µs).</summary>
    public async Task<long[]> IdleMergesAsync(int count, TimeSpan pause)
    {
        var inputs = Enumerable.Range(0, 2 * count).Select(i => Code($"m{i}")).ToArray();
        await Each(Enumerable.Range(0, inputs.Length), i => Harvest(inputs[i], i % Farms, 10m));
        var latencies = new long[count];
        for (var m = 0; m < count; m++)
        {
            await Task.Delay(pause);
            var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            await api.Post("api/batches/merges", new
            {
                batchCode = Code($"mo{m}"), eventTime = World.Step(0),
                inputs = new[] { inputs[2 * m], inputs[2 * m + 1] }
                    .Select(b => new { batch = b, quantity = new { amount = 10m, unit = "kg" } }),
            }, ProducerKey);
            latencies[m] = Stats.MicrosSince(t0);
        }
        Interlocked.Add(ref events, count * 3);
        return latencies;
    }

    private async Task<(string, string)> BuildAsync(string name, int harvests, int[] fanIns)
    {
        var level = Enumerable.Range(0, harvests).Select(i => Code($"{name}0-{i}")).ToArray();
        await Each(Enumerable.Range(0, harvests), async i =>
        {
            await Harvest(level[i], i % Farms, 100m);
            foreach (var (step, hours) in new[] { ("storing", 1), ("inspecting", 2) })
                await Event(level[i], step, World.HarvestTime.AddHours(hours), step == "inspecting" ? InspectorKey : ProducerKey);
        });
        var kg = 100m;
        for (var l = 0; l < fanIns.Length; l++)
        {
            var inputs = level.Chunk(fanIns[l]).ToArray();
            var next = Enumerable.Range(0, inputs.Length).Select(i => Code($"{name}{l + 1}-{i}")).ToArray();
            var (k, at) = (kg, World.Step(l));
            await Each(Enumerable.Range(0, inputs.Length), i => api.Post("api/batches/merges", new
            {
                batchCode = next[i], eventTime = at,
                inputs = inputs[i].Select(b => new { batch = b, quantity = new { amount = k, unit = "kg" } }),
            }, ProducerKey));
            Interlocked.Add(ref events, inputs.Length * (fanIns[l] + 1));
            kg *= fanIns[l];
            level = next;
        }
        var lot = $"L{tag[..6].ToUpperInvariant()}{name.ToUpperInvariant()}";
        var export = Code($"{name}-export");
        var retail = Code($"{name}-retail");
        await Split(level.Single(), export, Math.Min(1000m, kg), lot + "E", fanIns.Length);
        await Split(export, retail, 50m, lot + "R", fanIns.Length + 1);
        return (retail, lot + "R");
    }

    private async Task Harvest(string code, int farm, decimal kg)
    {
        await api.Post($"api/farms/{FarmCode(farm)}/harvests", new
        {
            batchCode = code, product = "lychee", quantity = new { amount = kg, unit = "kg" }, harvestedAt = World.HarvestTime,
            giClaim = Gi,
        }, ProducerKey);
        Interlocked.Increment(ref events);
    }

    private async Task Event(string code, string step, DateTimeOffset at, string key)
    {
        await api.Post($"api/batches/{code}/events", new { bizStep = step, eventTime = at }, key);
        Interlocked.Increment(ref events);
    }

    private async Task Split(string parent, string part, decimal kg, string lot, int level)
    {
        await api.Post($"api/batches/{parent}/split", new
        {
            eventTime = World.Step(level),
            parts = new[] { new { batchCode = part, quantity = new { amount = kg, unit = "kg" }, gtin = Gtin, lot } },
        }, ProducerKey);
        Interlocked.Add(ref events, 2);
    }

    private string FarmCode(int f) => $"BENCH-{tag}-F{f}";

    /// <summary>Bounded fan-out: at most <see cref="Parallelism"/> requests in flight.</summary>
    private static Task Each(IEnumerable<int> items, Func<int, Task> action) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) => await action(i));
}
