using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Telemetry;

/// <summary>Spans reach a real OTLP/HTTP endpoint when the standard OTEL_EXPORTER_OTLP_* variables are set: a
/// small receiver here takes the silo process's exports, and the trace id the request carried (W3C
/// traceparent) is found in them.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("nguon-otlp-").FullName;
    private readonly HttpListener receiver = new();
    private readonly List<byte[]> payloads = [];
    private SiloRunner? silo;

    [Fact]
    public async Task A_request_traced_by_the_caller_arrives_at_the_otlp_endpoint_with_the_callers_trace_id()
    {
        var otlpPort = Ports.Free(1)[0];
        receiver.Prefixes.Add($"http://127.0.0.1:{otlpPort}/");
        receiver.Start();
        var receiving = Receive();
        silo = new SiloRunner(directory, Nguon.Domain.ApiKeys.Generate().Token, ["--Logging:LogLevel:Default=Warning"])
        {
            Environment = new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{otlpPort}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
            },
        };
        await silo.StartAsync();
        // No propagator on this client: another test's in-process tracer must not replace the traceparent set below.
        using var http = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = silo.BaseAddress };

        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/certificates/VN-GI-NOT-THERE");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);

        var id = Convert.FromHexString(traceId.ToHexString());
        await WaitUntil(() => Task.FromResult(Snapshot().Any(p => p.AsSpan().IndexOf(id) >= 0)), "a span with the caller's trace id at the OTLP endpoint");
        Assert.False(receiving.IsFaulted);
    }

    private async Task Receive()
    {
        while (receiver.IsListening)
        {
            HttpListenerContext context;
            try { context = await receiver.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces") lock (payloads) payloads.Add(body.ToArray());
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    private List<byte[]> Snapshot() { lock (payloads) return [.. payloads]; }

    private async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (silo is { IsRunning: false }) Assert.Fail($"the silo exited while waiting for {what}:\n{silo.Output}");
            try { if (await condition()) return; }
            catch (HttpRequestException) { /* not listening yet */ }
            await Task.Delay(100);
        }
        Assert.Fail($"timed out waiting for {what}");
    }


    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (silo is not null) await silo.StopAsync();
        receiver.Close();
        Directory.Delete(directory, recursive: true);
    }
}
