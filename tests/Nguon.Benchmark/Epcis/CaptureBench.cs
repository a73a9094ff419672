using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Nguon.Benchmark.Http;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark.Epcis;

/// <summary><c>tests/bench.sh --epcis-capture</c>: EPCIS 2.0 capture through HTTP on the real silo process (PostgreSQL):
/// 100-event documents at 4 clients and single events at 1 and 64, beside references measured in the same run — the
/// silo's /health/live (the HTTP stack's ceiling) and Nguon's own event POST on lots (today's API figure). Every event is
/// new (its own EPC and time), so each one is stored; the targets are issue 16's.</summary>
public static class CaptureBench
{
    public const int DocumentEvents = 100;

    public static async Task<int> RunAsync(Settings settings)
    {
        var duration = TimeSpan.FromSeconds(settings.Seconds);
        var warmup = TimeSpan.FromSeconds(Math.Min(settings.WarmupSeconds, 5));
        var serviceId = "epcis-" + Guid.NewGuid().ToString("N")[..12];
        await using var silo = new SiloProcess(settings.StorageConnectionString, serviceId);
        var started = await silo.StartAsync();
        Log($"silo process {silo.ProcessId} ready in {F1(started.TotalMilliseconds)} ms at {silo.BaseAddress}");
        using var http = ApiClient.NewHttpClient(silo.BaseAddress);
        var chain = new HttpChain(new ApiClient(http), silo.AdminKey, Guid.NewGuid().ToString("N")[..10]);
        await chain.SetUpAsync();
        var active = await chain.ActiveBatchesAsync(Math.Max(settings.Concurrency * 2, 128));
        var run = Guid.NewGuid().ToString("N")[..8];
        long serial = 0;

        Task<bool> Post(string path, string json, HttpStatusCode expect) => Send(http, path, json, chain.ProducerKey, expect);
        Load.Request Health = async (_, _) =>
        {
            using var response = await http.GetAsync("health/live");
            return response.StatusCode == HttpStatusCode.OK;
        };
        Load.Request NguonEvent = async (w, n) =>
            await Post($"api/batches/{active[(w + n * settings.Concurrency) % active.Length]}/events",
                $$"""{"bizStep":"inspecting","eventTime":"{{World.InspectionTime:O}}"}""", HttpStatusCode.Created);
        Load.Request Single = (_, _) =>
        {
            var e = Event(run, Interlocked.Increment(ref serial));
            e["@context"] = new JsonArray(Context);
            return Post("epcis/events", e.ToJsonString(), HttpStatusCode.Created);
        };
        Load.Request Document = (_, _) =>
        {
            var first = Interlocked.Add(ref serial, DocumentEvents) - DocumentEvents + 1;
            var events = new JsonArray([.. Enumerable.Range(0, DocumentEvents).Select(i => (JsonNode)Event(run, first + i))]);
            var document = new JsonObject
            {
                ["@context"] = new JsonArray(Context), ["type"] = "EPCISDocument", ["schemaVersion"] = "2.0",
                ["creationDate"] = "2026-06-10T09:00:00Z", ["epcisBody"] = new JsonObject { ["eventList"] = events },
            };
            return Post("epcis/capture", document.ToJsonString(), HttpStatusCode.Accepted);
        };

        var rows = new List<(string Name, int Clients, int EventsPerRequest, Load.Request Request)>
        {
            ("/health/live (the HTTP stack's ceiling)", 8, 0, Health),
            ("Nguon event POST on a lot (today's API)", 1, 1, NguonEvent),
            ("Nguon event POST on a lot (today's API)", settings.Concurrency, 1, NguonEvent),
            ("EPCIS single event POST /epcis/events", 1, 1, Single),
            ("EPCIS single event POST /epcis/events", settings.Concurrency, 1, Single),
            ($"EPCIS {DocumentEvents}-event document POST /epcis/capture", 4, DocumentEvents, Document),
        };
        var measured = new List<(string Name, int Clients, int PerRequest, Rounds Result)>();
        // --only TEXT: the rows whose name holds TEXT, always beside /health/live (the reference of the same run).
        foreach (var (name, clients, perRequest, request) in rows.Where(r => r.Request == Health || settings.Only is null
            || r.Name.Contains(settings.Only, StringComparison.OrdinalIgnoreCase)))
        {
            var result = await Load.RoundsAsync(request, clients, duration, settings.Rounds, warmup);
            Log($"{name} @{clients}: {result}");
            measured.Add((name, clients, perRequest, result));
        }
        return Report(settings, measured) ? 0 : 3;
    }

    private const string Context = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

    /// <summary>A shipping ObjectEvent of one serialised item, new for every <paramref name="n"/>.</summary>
    private static JsonObject Event(string run, long n) => new()
    {
        ["type"] = "ObjectEvent",
        ["eventTime"] = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(7)).AddSeconds(n)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", Inv),
        ["eventTimeZoneOffset"] = "+07:00",
        ["epcList"] = new JsonArray($"urn:epc:id:sgtin:8938500.012345.{run}{n}"),
        ["action"] = "OBSERVE",
        ["bizStep"] = "shipping",
        ["disposition"] = "in_transit",
        ["readPoint"] = new JsonObject { ["id"] = "urn:epc:id:sgln:8938500.00001.0" },
        ["bizLocation"] = new JsonObject { ["id"] = "urn:epc:id:sgln:8938500.00001.0" },
    };

    private static async Task<bool> Send(HttpClient http, string path, string json, string key, HttpStatusCode expect)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode == expect;
    }

    private static bool Report(Settings settings, List<(string Name, int Clients, int PerRequest, Rounds Result)> measured)
    {
        var table = new List<string[]>
        {
            new[] { "Request", "Clients", "p50 / p99 ms", "requests/s (rounds)", "events/s", "Target", "Result" },
        };
        foreach (var (name, clients, perRequest, r) in measured)
        {
            var events = r.Rate * perRequest;
            var (target, ok) = name.StartsWith("EPCIS single", StringComparison.Ordinal) && clients > 1
                ? ("≥ 1,000 events/s", events >= 1000)
                : name.StartsWith("EPCIS 100", StringComparison.Ordinal) ? ("≥ 10,000 events/s", events >= 10_000) : ("", true);
            table.Add([name, clients.ToString(Inv), $"{F2(r.Latency.Ms(50))} / {F2(r.Latency.Ms(99))}",
                $"{N0(r.Rate)} ({string.Join(", ", r.Rates.Select(N0))}){(r.Errors > 0 ? $", {N0(r.Errors)} errors" : "")}",
                perRequest == 0 ? "" : N0(events), target, target.Length == 0 ? "" : ok ? "PASS" : "MISS"]);
        }
        Console.WriteLine();
        Console.WriteLine($"Nguon EPCIS capture benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, silo process on PostgreSQL, "
            + $"{Environment.ProcessorCount} cores, {(settings.Release ? "Release" : "DEBUG")}, "
            + $"{settings.Rounds}×{settings.Seconds} s per row");
        Console.WriteLine();
        PrintTable(table);
        Console.WriteLine("The rounds' spread is the machine's noise; the load generator shares the cores with the silo and PostgreSQL.");
        return table.All(row => row[^1] != "MISS");
    }

    private static void Log(string message) => Console.Error.WriteLine($"bench [{DateTime.Now:HH:mm:ss}] {message}");
}
