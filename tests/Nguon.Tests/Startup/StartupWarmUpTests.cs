using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nguon.Domain.Log;
using Nguon.Log;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Startup;

/// <summary>The silo (hosted in-process on a fresh SQLite file) warms up before it reports ready: the warm-up chain is
/// traced and verified by the real grains, and afterwards nothing of it is stored, logged or still active, and no
/// request can reach it.</summary>
public sealed class StartupWarmUpTests : IDisposable
{
    private readonly TempFolder folder = new("nguon-warm-up-");

    [Fact]
    public async Task The_silo_is_not_ready_until_the_warm_up_ran_and_the_warm_up_leaves_nothing_behind()
    {
        var (http, silo, gateway) = Ports.ForSilo();
        var database = folder.File("nguon.db");
        await using var app = await NguonHost.BuildAsync([
            "--urls", $"http://127.0.0.1:{http}", $"--Nguon:SqlitePath={database}", $"--Nguon:SiloPort={silo}",
            $"--Nguon:GatewayPort={gateway}", $"--Nguon:BootstrapKey={Nguon.Domain.ApiKeys.Generate().Token}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        var warmUp = app.Services.GetRequiredService<StartupWarmUp>();
        var readiness = new WarmUpHealthCheck(warmUp);
        Assert.Equal(HealthStatus.Unhealthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);

        await app.StartAsync();
        try
        {
            await warmUp.Finished.WaitAsync(StartupWarmUp.Limit + TimeSpan.FromSeconds(30));
            // A report means every step ran: the chain was traced, scanned and verified (verdict verified) by the grains.
            var report = Assert.IsType<WarmUpReport>(warmUp.Report);
            Assert.Equal(Nguon.Infrastructure.Fanout.DefaultLimit, report.Connections);
            Assert.Equal(HealthStatus.Healthy, (await readiness.CheckHealthAsync(new HealthCheckContext())).Status);
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/") };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("health/ready")).StatusCode);

            // No request reaches the chain: its ids are not ids.
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"api/batches/{WarmUpChain.Merge}/verification")).StatusCode);

            // Nothing stored: no row of its grains, and no row (log intake, leaves, index) naming one of its records.
            string[] records = [.. new[] { (RecordKind.Batch, WarmUpChain.Merge), (RecordKind.Farm, WarmUpChain.Farm),
                (RecordKind.Certificate, WarmUpChain.Gi) }.Concat(WarmUpChain.Harvests.Select(h => (RecordKind.Batch, h)))
                .Select(r => LogLeaf.RecordOf(r.Item1, r.Item2))];
            var rows = await Rows(database);
            Assert.NotEmpty(rows);
            Assert.DoesNotContain(rows, r => r.Key.Contains("warm-up", StringComparison.Ordinal)
                || r.Payload.Contains("warm-up", StringComparison.Ordinal) || records.Any(h => r.Key.Contains(h, StringComparison.Ordinal)
                    || r.Payload.Contains(h, StringComparison.OrdinalIgnoreCase)));

            // Nothing left active: its grains and the log index entries it looked up are deactivated (bounded wait).
            var management = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            List<string> left;
            do
            {
                left = [.. (await management.GetDetailedGrainStatistics()).Select(s => s.GrainId.Key.ToString()!)
                    .Where(k => WarmUpChain.IsWarmUpKey(k) || records.Any(h => k == LogPages.RecordKey(h)))];
                if (left.Count == 0) break;
                await Task.Delay(100);
            }
            while (DateTime.UtcNow < deadline);
            Assert.Empty(left);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static async Task<List<(string Key, string Payload)>> Rows(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainIdExtensionString, coalesce(CAST(PayloadBinary AS TEXT), '') FROM OrleansStorage";
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add((reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    public void Dispose() => folder.Dispose();
}
