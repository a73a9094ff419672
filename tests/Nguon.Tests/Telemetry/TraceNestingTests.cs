using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace Nguon.Tests.Telemetry;

/// <summary>One verification request is one trace: the HTTP server span, the grain calls and the storage reads
/// share its trace id and nest under it. The silo is hosted in-process with an in-memory exporter.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TraceNestingTests : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("nguon-otel-").FullName;
    private readonly LockedList exported = new();

    [Fact]
    public async Task A_verification_request_is_one_trace_from_http_through_grains_to_storage()
    {
        var args = Arguments();
        string code;
        // First host: build a chain. Second host on the same file: the grains are cold, so the request reads storage.
        await using (var seeding = await NguonHost.BuildAsync(args))
        {
            await seeding.StartAsync();
            var scenario = await new Scenario(seeding.Services.GetRequiredService<IGrainFactory>()).WithChain();
            code = scenario.Id("retail");
            await seeding.StopAsync();
        }
        await using var app = await NguonHost.BuildAsync(args, b => b.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(exported)));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(args[1]) };
        var path = $"/api/batches/{code}/verification";
        (await http.GetAsync(path)).EnsureSuccessStatusCode();

        // The server span ends after the client has its answer: wait for it, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        Activity? server = null;
        while (DateTime.UtcNow < deadline && (server = exported.Snapshot().FirstOrDefault(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("url.path"), path))) is null)
            await Task.Delay(50);
        Assert.NotNull(server);

        var trace = exported.Snapshot().Where(a => a.TraceId == server.TraceId).ToList();
        var ids = trace.Select(a => a.SpanId).ToHashSet();
        Assert.Contains(trace, a => a.Source.Name == "Nguon" && a.OperationName == "nguon.verify");
        Assert.Contains(trace, a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.Source.Name != "Microsoft.Orleans.Storage");
        var sources = string.Join(", ", exported.Snapshot().GroupBy(a => (a.Source.Name, a.OperationName, Same: a.TraceId == server.TraceId)).Select(g => $"{g.Key} ×{g.Count()}"));
        Assert.True(trace.Any(a => a.Source.Name == "Microsoft.Orleans.Storage"), $"no storage span in the trace; spans seen: {sources}");
        // This test's own HTTP call is traced too (same process): it is the root, and the server span its child.
        var client = trace.Single(a => a.Kind == ActivityKind.Client && a.Source.Name == "System.Net.Http");
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.Equal(default, client.ParentSpanId);
        // Nesting: every other span has its parent in the same trace, and every chain climbs to the server span.
        foreach (var span in trace.Where(a => a != server && a != client))
        {
            Assert.True(ids.Contains(span.ParentSpanId), $"{span.Source.Name} {span.DisplayName} has a parent outside the trace");
            var hops = 0;
            for (var current = span; current != server; current = trace.First(a => a.SpanId == current.ParentSpanId))
                Assert.True(++hops < 100, "parent chain does not reach the server span");
        }
        await app.StopAsync();
    }

    private string[] Arguments() =>
    [
        "--urls", $"http://127.0.0.1:{Ports.Free(1)[0]}",
        $"--Nguon:SqlitePath={Path.Combine(directory, "nguon.db")}",
        $"--Nguon:SiloPort={Ports.Free(1)[0]}", $"--Nguon:GatewayPort={Ports.Free(1)[0]}",
        $"--Nguon:BootstrapKey={Nguon.Domain.ApiKeys.Generate().Token}",
        "--Logging:LogLevel:Default=Warning",
        "--Nguon:Telemetry:Tracing=true",
    ];


    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The exporter adds from whichever thread ends a span; readers take snapshots.</summary>
    private sealed class LockedList : ICollection<Activity>
    {
        private readonly List<Activity> items = [];
        public List<Activity> Snapshot() { lock (items) return [.. items]; }
        public void Add(Activity item) { lock (items) items.Add(item); }
        public void Clear() { lock (items) items.Clear(); }
        public bool Contains(Activity item) { lock (items) return items.Contains(item); }
        public void CopyTo(Activity[] array, int arrayIndex) { lock (items) items.CopyTo(array, arrayIndex); }
        public bool Remove(Activity item) { lock (items) return items.Remove(item); }
        public int Count { get { lock (items) return items.Count; } }
        public bool IsReadOnly => false;
        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>Tests that install tracers in this process run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
