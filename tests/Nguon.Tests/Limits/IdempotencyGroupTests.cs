using Nguon.Model;
using Nguon.Silo.Hosting;

namespace Nguon.Tests.Limits;

/// <summary>Idempotency records in their own table, read and written in groups (IdempotencyGrainStorage): concurrent
/// keys are each answered once, replayed with their own answer (not a neighbour's) after their grains are gone, and a
/// group that fails fails every call in it.</summary>
[Collection(LimitsClusterCollection.Name)]
public sealed class IdempotencyGroupTests(LimitsClusterFixture fixture)
{
    [Fact]
    public async Task Concurrent_keys_are_stored_together_and_each_replays_its_own_answer()
    {
        var org = $"org-{Guid.NewGuid():N}";
        var silo = fixture.Cluster.Primary!.SiloAddress;
        var keys = Enumerable.Range(0, 200).Select(i => $"{org}/k{i}").ToList();
        static RecordedResponse AnswerTo(string key) =>
            new(201, "application/json", $"/api/{key}", System.Text.Encoding.UTF8.GetBytes(key), DateTimeOffset.UtcNow);

        await Task.WhenAll(keys.Select(async key =>
        {
            var grain = fixture.Grains.GetGrain<IIdempotencyGrain>(key);
            Assert.Equal(IdempotencyState.Started, (await grain.Begin("f-" + key, silo)).State);
            await grain.Complete("f-" + key, AnswerTo(key));
        }));
        Assert.Equal(200, (await fixture.IdempotencyRows($"~idempotency/{org}/")).Rows);

        // Read back from the table by new activations: each key its own answer; another request is a mismatch.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var claims = await Task.WhenAll(keys.Select(key => fixture.Grains.GetGrain<IIdempotencyGrain>(key).Begin("f-" + key, silo)));
        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(IdempotencyState.Completed, claims[i].State);
            Assert.Equal(keys[i], System.Text.Encoding.UTF8.GetString(claims[i].Response!.Body));
            Assert.Equal($"/api/{keys[i]}", claims[i].Response!.Location);
        }
        Assert.Equal(IdempotencyState.Mismatch, (await fixture.Grains.GetGrain<IIdempotencyGrain>(keys[0]).Begin("other", silo)).State);
    }

    [Fact]
    public async Task Calls_arriving_while_a_group_runs_go_together_in_the_next()
    {
        var release = new TaskCompletionSource();
        var sizes = new List<int>();
        var group = new GroupCommit<int, int>(async items =>
        {
            sizes.Add(items.Count);
            await release.Task;
            return [.. items.Select(i => i * 10)];
        });
        var first = group.Run(1);
        var rest = Enumerable.Range(2, 9).Select(group.Run).ToList();
        release.SetResult();
        Assert.Equal(10, await first);
        Assert.Equal(Enumerable.Range(2, 9).Select(i => i * 10), await Task.WhenAll(rest));
        Assert.Equal([1, 9], sizes);
        Assert.Equal((2L, 10L), group.Counts);
    }

    [Fact]
    public async Task A_failed_group_fails_each_of_its_calls_and_the_next_group_runs()
    {
        var fail = true;
        var group = new GroupCommit<int, int>(items =>
            fail ? throw new InvalidOperationException("store down") : Task.FromResult<IReadOnlyList<int>>([.. items]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => group.Run(1));
        fail = false;
        Assert.Equal(2, await group.Run(2));
    }
}
