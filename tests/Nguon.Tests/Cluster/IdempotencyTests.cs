using System.Net;
using Nguon.Tests.Cli;
using Nguon.Tests.Http;

namespace Nguon.Tests.Cluster;

/// <summary>The Idempotency-Key header on a cluster: a request sent twice with one key — to two different silos —
/// changes state once and both times answers what the first answered.</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyTests(ClusterFixture cluster)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    private static Task<HttpResponseMessage> Send(SiloProcess silo, HttpMethod method, string path, object body, Party by, string key) =>
        silo.Client.SendAuthorized(method, path, body, $"Bearer {by.Token}", Key(key));

    private async Task<(Party Producer, string Farm, string Batch)> Harvested(string name)
    {
        var producer = await cluster.First.Organisation($"idem-{name}-{Api.Suffix()}", "producer");
        var farm = $"VN-IDEM-{Api.Suffix()}";
        await cluster.First.Client.Put($"api/farms/{farm}", Api.Farm(producer.Id), producer).Expect(HttpStatusCode.Created);
        var batch = $"IDEM-{Api.Suffix()}";
        await cluster.Silos[1].Client.Post($"api/farms/{farm}/harvests", Harvest(batch), producer).Expect(HttpStatusCode.Created);
        return (producer, farm, batch);
    }

    /// <summary>Fixed times: a retry sends the very same body.</summary>
    private static readonly DateTimeOffset HarvestTime = DateTimeOffset.UtcNow.AddHours(-3);
    private static readonly DateTimeOffset PackTime = DateTimeOffset.UtcNow.AddHours(-2);

    private static object Harvest(string batch, decimal kg = 500m) =>
        new { batchCode = batch, product = "lychee", quantity = new { amount = kg, unit = "kg" }, harvestedAt = Api.Iso(HarvestTime) };

    private static object Packing(string step = "packing") => new { bizStep = step, eventTime = Api.Iso(PackTime) };

    private async Task<List<string>> Steps(string batch, Party by) =>
        [.. (await cluster.Silos[2].Client.Get($"api/batches/{batch}/events", by).Expect(HttpStatusCode.OK)).EnumerateArray().Select(e
            => e.Str("bizStep"))];

    [Fact]
    public async Task The_same_event_sent_twice_with_one_key_to_two_silos_is_recorded_once_and_answered_alike()
    {
        var (producer, _, batch) = await Harvested("event");
        var key = Guid.NewGuid().ToString();

        using var first = await Send(cluster.Silos[0], HttpMethod.Post, $"api/batches/{batch}/events", Packing(), producer, key);
        using var second = await Send(cluster.Silos[1], HttpMethod.Post, $"api/batches/{batch}/events", Packing(), producer, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(["commissioning", "packing"], await Steps(batch, producer));

        // Without a key the same body is a new event: it is the key that makes the retry the same request.
        await cluster.Silos[2].Client.Post($"api/batches/{batch}/events", Packing(), producer).Expect(HttpStatusCode.Created);
        Assert.Equal(["commissioning", "packing", "packing"], await Steps(batch, producer));
    }

    [Fact]
    public async Task A_key_reused_for_a_different_request_is_refused_with_422_and_changes_nothing()
    {
        var (producer, _, batch) = await Harvested("reuse");
        var key = Guid.NewGuid().ToString();
        await Send(cluster.Silos[0], HttpMethod.Post, $"api/batches/{batch}/events", Packing(), producer,
            key).Expect(HttpStatusCode.Created);

        var problem = await Send(cluster.Silos[2], HttpMethod.Post, $"api/batches/{batch}/events", Packing("storing"), producer, key)
            .ExpectProblem(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["idempotency.key-reused"], problem.Rules());
        Assert.Equal(["commissioning", "packing"], await Steps(batch, producer));
        // A malformed key is a 400 and changes nothing either.
        var bad = await Send(cluster.Silos[1], HttpMethod.Post, $"api/batches/{batch}/events", Packing(), producer, new string('k', 300))
            .ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Equal(["input.idempotency-key"], bad.Rules());
        Assert.Equal(["commissioning", "packing"], await Steps(batch, producer));
    }

    [Fact]
    public async Task Keys_belong_to_the_organisation_that_sent_them()
    {
        var (producer, _, batch) = await Harvested("scope-a");
        var (other, _, otherBatch) = await Harvested("scope-b");
        var key = Guid.NewGuid().ToString();
        await Send(cluster.Silos[0], HttpMethod.Post, $"api/batches/{batch}/events", Packing(), producer,
            key).Expect(HttpStatusCode.Created);

        // The other organisation's request with the same key is its own request, not a replay of the first.
        using var theirs = await Send(cluster.Silos[1], HttpMethod.Post, $"api/batches/{otherBatch}/events", Packing(), other, key);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.False(theirs.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(["commissioning", "packing"], await Steps(otherBatch, other));
    }

    [Fact]
    public async Task An_issued_api_key_is_never_recorded_for_replay()
    {
        var producer = await cluster.First.Organisation($"idem-key-{Api.Suffix()}", "producer");
        var key = Guid.NewGuid().ToString();
        // A replay would have to store the token; the endpoint takes no part in idempotency instead.
        using var first = await Send(cluster.Silos[0], HttpMethod.Post, $"api/organisations/{producer.Id}/keys", new { label = "k" },
            cluster.First.Admin, key);
        using var second = await Send(cluster.Silos[0], HttpMethod.Post, $"api/organisations/{producer.Id}/keys", new { label = "k" },
            cluster.First.Admin, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual((await first.Content.ReadAsStringAsync()), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Registration_split_and_merge_retried_with_their_keys_apply_once()
    {
        var producer = await cluster.First.Organisation($"idem-all-{Api.Suffix()}", "producer");
        var farm = $"VN-IDEM-{Api.Suffix()}";
        var farmKey = Guid.NewGuid().ToString();
        var registered = await Send(cluster.Silos[0], HttpMethod.Put, $"api/farms/{farm}", Api.Farm(producer.Id), producer,
            farmKey).Expect(HttpStatusCode.Created);
        var replayed = await Send(cluster.Silos[1], HttpMethod.Put, $"api/farms/{farm}", Api.Farm(producer.Id), producer,
            farmKey).Expect(HttpStatusCode.Created);
        Assert.Equal(registered.ToString(), replayed.ToString());
        await cluster.Silos[2].Client.Put($"api/farms/{farm}", Api.Farm(producer.Id), producer).ExpectProblem(HttpStatusCode.Conflict);

        var (a, b) = ($"IDEM-{Api.Suffix()}", $"IDEM-{Api.Suffix()}");
        foreach (var (batch, kg) in new[] { (a, 500m), (b, 300m) })
        {
            var harvestKey = Guid.NewGuid().ToString();
            foreach (var silo in cluster.Silos)
                await Send(silo, HttpMethod.Post, $"api/farms/{farm}/harvests", Harvest(batch, kg), producer,
                    harvestKey).Expect(HttpStatusCode.Created);
        }
        var season = await cluster.Silos[0].Client.Get($"api/farms/{farm}/seasons/{HarvestTime.Year}", producer).Expect(HttpStatusCode.OK);
        Assert.Equal(800m, season.GetProperty("harvestedKg").GetDecimal());

        var split = new
        {
            eventTime = Api.Iso(DateTimeOffset.UtcNow.AddHours(-1)),
            parts = new[] { new { batchCode = a + "-1", quantity = new { amount = 200m, unit = "kg" } } }
        };
        var splitKey = Guid.NewGuid().ToString();
        var parts = await Send(cluster.Silos[1], HttpMethod.Post, $"api/batches/{a}/split", split, producer,
            splitKey).Expect(HttpStatusCode.Created);
        var partsAgain = await Send(cluster.Silos[2], HttpMethod.Post, $"api/batches/{a}/split", split, producer,
            splitKey).Expect(HttpStatusCode.Created);
        Assert.Equal(parts.ToString(), partsAgain.ToString());

        var merge = new
        {
            batchCode = a + "-M",
            eventTime = Api.Iso(DateTimeOffset.UtcNow.AddMinutes(-30)),
            inputs = new[] { new { batch = a + "-1", quantity = new { amount = 200m, unit = "kg" } },
                new { batch = b, quantity = new { amount = 300m, unit = "kg" } } },
        };
        var mergeKey = Guid.NewGuid().ToString();
        var merged = await Send(cluster.Silos[2], HttpMethod.Post, "api/batches/merges", merge, producer,
            mergeKey).Expect(HttpStatusCode.Created);
        var mergedAgain = await Send(cluster.Silos[0], HttpMethod.Post, "api/batches/merges", merge, producer,
            mergeKey).Expect(HttpStatusCode.Created);
        Assert.Equal(merged.ToString(), mergedAgain.ToString());

        var parent = await cluster.Silos[0].Client.Get($"api/batches/{a}", producer).Expect(HttpStatusCode.OK);
        Assert.Equal(300m, parent.GetProperty("remaining").GetDecimal());
        Assert.Equal(["commissioning", "repackaging"], await Steps(a, producer));
        Assert.Equal(0m,
            (await cluster.Silos[1].Client.Get($"api/batches/{b}",
            producer).Expect(HttpStatusCode.OK)).GetProperty("remaining").GetDecimal());
        Assert.Equal(["commissioning", "repackaging"], await Steps(b, producer));
    }

    [Fact]
    public async Task The_same_nguon_command_run_twice_with_one_idempotency_key_changes_state_once()
    {
        var (producer, _, batch) = await Harvested("cli");
        var servers = string.Join(',', cluster.Urls);
        string[] globals = ["--server", servers, "--key", producer.Token, "--idempotency-key", "cli-" + Guid.NewGuid().ToString("N"),
            "--json"];
        string[] command = [.. globals, "batch", "event", batch, "--step", "packing", "--at", Api.Iso(PackTime)];

        var first = (await NguonTool.RunInProcess(command)).Ok();
        var second = (await NguonTool.RunInProcess(command)).Ok();

        Assert.Equal(first.Json().ToString(), second.Json().ToString());
        Assert.Equal(["commissioning", "packing"], await Steps(batch, producer));
        // The same key on a different command is refused, and changes nothing.
        string[] other = [.. globals, "batch", "event", batch, "--step", "storing", "--at", Api.Iso(PackTime)];
        Assert.Contains("idempotency", (await NguonTool.RunInProcess(other)).Failed(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["commissioning", "packing"], await Steps(batch, producer));
    }
}

/// <summary>Grain state written through one silo's API reads the same through every other silo's.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrossSiloTests(ClusterFixture cluster)
{
    [Fact]
    public async Task State_written_through_one_silo_is_read_alike_through_the_others()
    {
        var producer = await cluster.First.Organisation($"cross-{Api.Suffix()}", "producer");
        var farm = $"VN-X-{Api.Suffix()}";
        var batch = $"X-{Api.Suffix()}";
        await cluster.Silos[0].Client.Put($"api/farms/{farm}", Api.Farm(producer.Id), producer).Expect(HttpStatusCode.Created);
        await cluster.Silos[1].Client.Post($"api/farms/{farm}/harvests",
            new
            {
                batchCode = batch, product = "lychee", quantity = new { amount = 700m, unit = "kg" },
                harvestedAt = Api.Iso(DateTimeOffset.UtcNow.AddHours(-3))
            }, producer)
            .Expect(HttpStatusCode.Created);
        var recorded = await cluster.Silos[2].Client.Post($"api/batches/{batch}/events",
            new { bizStep = "storing", eventTime = Api.Iso(DateTimeOffset.UtcNow.AddHours(-1)), readPoint = "COLD-1" },
                producer).Expect(HttpStatusCode.Created);

        foreach (var path in new[] { $"api/batches/{batch}", $"api/batches/{batch}/events", $"api/batches/{batch}/trace",
            $"api/farms/{farm}" })
        {
            var answers = new List<string>();
            foreach (var silo in cluster.Silos) answers.Add((await silo.Client.Get(path, producer).Expect(HttpStatusCode.OK)).ToString());
            Assert.All(answers, a => Assert.Equal(answers[0], a));
        }
        var events = await cluster.Silos[0].Client.Get($"api/batches/{batch}/events", producer).Expect(HttpStatusCode.OK);
        Assert.Equal(recorded.Str("hash"), events[1].Str("hash"));
        Assert.Equal("COLD-1", events[1].Str("readPoint"));
        var batchRead = await cluster.Silos[0].Client.Get($"api/batches/{batch}", producer).Expect(HttpStatusCode.OK);
        Assert.Equal(700m, batchRead.GetProperty("quantity").GetProperty("amount").GetDecimal());
        Assert.Equal(2, batchRead.GetProperty("eventCount").GetInt32());
    }
}
