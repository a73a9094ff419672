using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Nguon.Domain;
using Nguon.Tests.Infrastructure;
using Orleans.Runtime;

namespace Nguon.Tests.Limits;

/// <summary>The attack of issue 13: anonymous reads of random ids made a grain activation each (+118 MB per 20,000
/// requests). Now a grain that finds no record deactivates after a short grace (<see cref="Nguon.Infrastructure.EmptyRecords"/>):
/// after 20,000 anonymous requests for ids that do not exist — batches, certificates, labels, products, prefixes,
/// API keys — the silo's activations come back to where they were (polled with a deadline, no sleep).</summary>
public sealed class UnknownIdActivationTests
{
    private const int Requests = 20_000;

    [Fact]
    public async Task Twenty_thousand_anonymous_reads_of_unknown_ids_leave_no_activations_behind()
    {
        await using var silo = await InProcessSilo.StartAsync("--Nguon:RateLimits:Enabled=false");
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        var baseline = await Activations(management);

        string Path(int i)
        {
            var id = "X" + RandomNumberGenerator.GetHexString(10);
            var body = "0893" + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture);
            var gtin = body + Gtin.CheckDigit(body);
            return (i % 7) switch
            {
                0 => $"api/batches/{id}/verification",
                1 => $"api/batches/{id}/label.png",
                2 => $"api/certificates/{id}",
                3 => $"01/{gtin}/10/{id}",
                4 => $"api/products/{gtin}",
                5 => $"api/prefixes/{gtin.Substring(1, 9)}",
                _ => "api/me",
            };
        }
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(16);
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var path = Path(i);
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (path == "api/me") request.Headers.Authorization = new("Bearer", ApiKeys.Generate().Token);
                using var response = await silo.Client.SendAsync(request);
                Assert.True((int)response.StatusCode is 401 or 404, $"{path}: {(int)response.StatusCode}");
            }
            finally { gate.Release(); }
        }));
        var elapsed = clock.Elapsed;
        var peak = await Activations(management);
        var memoryPeak = GC.GetTotalMemory(forceFullCollection: true);

        // Deactivation is asynchronous: poll, with a deadline, until the activations are back near the baseline.
        var deadline = Stopwatch.StartNew();
        var now = peak;
        while (now > baseline + Slack && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(200); // polling interval
            now = await Activations(management);
        }
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        TestSummary.Write("unknown-id-activations.txt", string.Create(CultureInfo.InvariantCulture,
            $"{Requests:N0} anonymous requests for unknown ids in {elapsed.TotalSeconds:0.0} s: activations {baseline} before, {peak} right "
            + $"after, {now} {deadline.Elapsed.TotalSeconds:0.0} s later; managed heap (test process) {Mib(memoryBefore)} → "
            + $"{Mib(memoryPeak)} → {Mib(memoryAfter)} MiB{Environment.NewLine}"));
        Assert.True(now <= baseline + Slack,
            $"activations: {baseline} before, {peak} after {Requests} requests, still {now} {deadline.Elapsed.TotalSeconds:0} s later");
    }

    /// <summary>Activations that may come and go on their own meanwhile (the log's grains, a stateless worker per core).</summary>
    private const int Slack = 20;

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);

    private static async Task<int> Activations(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains("Nguon", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
