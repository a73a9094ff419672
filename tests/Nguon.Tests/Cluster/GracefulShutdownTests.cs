using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Nguon.Client;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Tests.Http;

namespace Nguon.Tests.Cluster;

/// <summary>A silo stopped on purpose (SIGTERM, as in a rolling update) drains, hands its grains over and exits
/// cleanly, while clients writing through every silo lose nothing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GracefulShutdownTests(ClusterFixture cluster)
{
    [Fact]
    public async Task A_silo_stopped_with_sigterm_under_load_exits_cleanly_and_no_acknowledged_write_is_lost()
    {
        var producer = await cluster.First.Organisation($"drain-{Api.Suffix()}", "producer");
        var farm = $"VN-DRAIN-{Api.Suffix()}";
        var setup = cluster.Client(producer);
        await setup.RegisterFarm(farm,
            new RegisterFarm("Vườn", producer.Id, new AdminArea("Phượng Sơn", "Lục Ngạn", "Bắc Giang"), Api.Inside, 2m, ["lychee"]));
        var batch = (await setup.RecordHarvest(farm,
            new RecordHarvest($"DRAIN-{Api.Suffix()}", "lychee", new Quantity(100m, "kg"), DateTimeOffset.UtcNow.AddHours(-2)))).Code;

        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(w => Task.Run(async () =>
        {
            var client = cluster.Client(producer, start: w);
            client.MaxAttempts = 40;
            client.MaxRetryDelay = TimeSpan.FromSeconds(1);
            while (!stop.IsCancellationRequested)
                acknowledged.Add((await client.RecordEvent(batch, new RecordEvent("storing", DateTimeOffset.UtcNow.AddHours(-1)))).EventId);
        })).ToList();
        await WaitFor(() => acknowledged.Count >= 10, writers, "the load to start");

        var victim = cluster.Silos[2];
        var clock = Stopwatch.StartNew();
        var exitCode = await victim.StopGracefullyAsync(TimeSpan.FromSeconds(60));
        var stoppedIn = clock.Elapsed;
        var during = acknowledged.Count;
        await WaitFor(() => acknowledged.Count >= during + 10, writers, "the surviving silos to acknowledge writes");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        await victim.StartAsync();

        Assert.Equal(0, exitCode);
        Assert.True(stoppedIn < TimeSpan.FromSeconds(60), $"stopped in {stoppedIn.TotalSeconds:0.0} s");
        var events = await cluster.Client(producer).GetEvents(batch);
        var recorded = events.Select(e => e.EventId).ToList();
        Assert.All(acknowledged, id => Assert.Single(recorded, r => r == id));
        // The restarted silo answers, and the batch's hash chain holds.
        var verification = await cluster.Client(producer, start: 2).VerifyFull(batch);
        Assert.Equal(1, verification.BatchesChecked);
        Assert.DoesNotContain(verification.Reasons, r => r.Rule.StartsWith("integrity.", StringComparison.Ordinal));
    }

    /// <summary>Polls (bounded) until <paramref name="done"/>; a writer that failed ends the wait with its error.</summary>
    private static async Task WaitFor(Func<bool> done, IReadOnlyList<Task> writers, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (writers.FirstOrDefault(w => w.IsCompleted) is { } ended) await ended; // rethrows its failure
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"waited 60 s for {what}");
            await Task.Delay(50); // polling interval
        }
    }

    [Fact]
    public async Task Readiness_turns_unhealthy_once_shutdown_begins()
    {
        var lifetime = new Lifetime();
        var check = new StoppingHealthCheck(lifetime);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
        lifetime.StopApplication();
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource stopping = new();
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => stopping.Cancel();
    }
}
