using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Nguon.Benchmark.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Benchmark.Ledger;

/// <summary>The ledger as an inspector's client gets it: the real silo as its own process on the seeded service id (its
/// certificate registered through the API, as the authority does), <c>GET /api/gi/{gi}/seasons/{season}</c> one request
/// after another, each read to its last byte: plain, as the CLI asks, and with <c>Accept-Encoding: br</c>, decoded, as a
/// browser asks. The alert evaluator is held back (its cost is <c>--alerts-load</c>'s to measure).</summary>
public static class LedgerHttp
{
    public sealed record Result(
        List<double> PlainMs, List<double> BrotliMs, long PlainBytes, long BrotliBytes, decimal HarvestedKg, decimal UnaccountedKg,
        CpuMeter.Usage Cpu, double StartMs);

    public static async Task<Result> MeasureAsync(Settings settings, CpuMeter meter, string serviceId, int warmup)
    {
        // The alert evaluator's first pass would judge the season (seconds of work) in the middle of the runs: measured
        // apart (--alerts-load), so it waits an hour here.
        await using var silo = new SiloProcess(settings.StorageConnectionString, serviceId,
            extraArguments: ["--Nguon:Alerts:Interval=01:00:00"]);
        var started = await silo.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60),
        };
        var api = new ApiClient(http);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var authority = await api.Organisation(silo.AdminKey, $"bench-authority-{tag}", "authority");
        var inspector = await api.Organisation(silo.AdminKey, $"bench-inspector-{tag}", "inspector");
        await api.Put($"api/certificates/{LedgerWorld.Gi}", WorldData.CertificateBody(maxYield: LedgerWorld.MaxYield), authority);
        var path = $"api/gi/{LedgerWorld.Gi}/seasons/{LedgerWorld.Season}";

        async Task<(double Ms, long Bytes, byte[] Json)> Get(bool brotli)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", inspector);
            if (brotli) request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
            var t0 = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            var encoded = response.Content.Headers.ContentEncoding.Contains("br");
            if (brotli != encoded) throw new InvalidOperationException($"GET {path}: asked brotli {brotli}, answered encoded {encoded}");
            var json = body;
            if (encoded)
            {
                using var decoded = new MemoryStream();
                await using (var stream = new BrotliStream(new MemoryStream(body), CompressionMode.Decompress))
                    await stream.CopyToAsync(decoded);
                json = decoded.ToArray();
            }
            return (Stopwatch.GetElapsedTime(t0).TotalMilliseconds, body.Length, json);
        }

        var (plain, br) = (new List<double>(), new List<double>());
        var (plainBytes, brBytes) = (0L, 0L);
        byte[] last = [];
        for (var i = 0; i < warmup; i++) (_, _, last) = await Get(brotli: false);
        var cpu = meter.Take();
        for (var run = 0; run < settings.Runs; run++)
        {
            // Alternated, so the machine's moods fall on both.
            var a = await Get(brotli: false);
            var b = await Get(brotli: true);
            (plainBytes, brBytes, last) = (a.Bytes, b.Bytes, b.Json);
            plain.Add(a.Ms);
            br.Add(b.Ms);
        }
        var usage = meter.Between(cpu, meter.Take());
        var balance = JsonDocument.Parse(last).RootElement.GetProperty("balance");
        return new Result(plain, br, plainBytes, brBytes, balance.GetProperty("harvestedKg").GetDecimal(),
            balance.GetProperty("unaccountedKg").GetDecimal(), usage, started.TotalMilliseconds);
    }
}
