using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Client;
using Nguon.Client.Demo;
using Nguon.Domain.Epcis;
using Nguon.Model;
using Nguon.Tests.Http;

namespace Nguon.Tests.Epcis;

/// <summary>Issue 16's round trip: the demo chain's retail lot exported as EPCIS from the demo silo and captured into a silo
/// of its own that holds only the registries (organisations, prefixes, certificates, products, farms) gives the same public
/// verdict and the same trace: the same batches, each with the same kinds of events in the same order.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class EpcisRoundTripTests(DemoSiloFixture demo) : IAsyncLifetime
{
    private readonly RegisteredSiloFixture empty = new();

    public Task InitializeAsync() => empty.InitializeAsync();

    public Task DisposeAsync() => empty.DisposeAsync();

    [Fact]
    public async Task The_demo_chain_exported_as_EPCIS_and_captured_into_an_empty_silo_verifies_and_traces_the_same()
    {
        const string lot = DemoSiloFixture.RetailLot;
        var document = await demo.Client.Get($"api/batches/{lot}/epcis", await demo.Demo(DemoSiloFixture.DemoInspector))
            .Expect(HttpStatusCode.OK);
        var exported = EventHashId.Events(document).Select(e => JsonNode.Parse(e.GetRawText())!.AsObject()).ToList();
        Assert.Equal(HttpStatusCode.NotFound, (await empty.Client.Get($"api/batches/{lot}", empty.Party(DemoData.Inspector))).StatusCode);

        // Each organisation captures its own events (a capture acts as its key's organisation), in the document's order; a
        // document an event cites is attached to its lot first, as its author attached it.
        (byte[] Bytes, string MediaType)[] known =
            [(DemoDocuments.Fumigation(), "application/pdf"), (DemoDocuments.ResidueReport(), "application/json"),
                (DemoDocuments.Phytosanitary(), "application/pdf")];
        var demoDocuments = known.ToDictionary(d => DemoDocuments.Sha256(d.Bytes));
        foreach (var run in Runs(exported))
        {
            var by = empty.Party(Actor(run[0]));
            foreach (var cited in run[0]["nguon:documents"]?.AsArray() ?? [])
            {
                var (bytes, mediaType) = demoDocuments[cited!["nguon:sha256"]!.GetValue<string>()];
                await new NguonClient(empty.Client, by.Token).UploadDocument(DocumentSubjectKind.Batch,
                    run[0]["nguon:batch"]!.GetValue<string>(), new MemoryStream(bytes), mediaType, cited["nguon:name"]!.GetValue<string>(),
                    cited["nguon:type"]!.GetValue<string>());
            }
            var job = await empty.Capture(run, by);
            Assert.True(job.Success, $"{Actor(run[0])}: {job}");
        }

        // The same public verdict, with the same reasons, producers, harvest dates and journey (the root hash differs: the
        // events were recorded at other times).
        Assert.Equal(await PublicVerdict(demo.Client, lot), await PublicVerdict(empty.Client, lot));
        Assert.Equal("Verified", JsonNode.Parse(await PublicVerdict(empty.Client, lot))!["verdict"]!.ToString(),
            StringComparer.OrdinalIgnoreCase);
        // The same trace shape: the same batches by code, each with the same steps in the same order, by the same actors.
        var shape = await TraceShape(empty.Client, empty.Party(DemoData.Inspector), lot);
        Assert.Equal(await TraceShape(demo.Client, await demo.Demo(DemoSiloFixture.DemoInspector), lot), shape);
        Assert.Equal(6, shape.Split('\n').Length);
        Assert.Contains("fumigating/ph-lucngan-01", shape, StringComparison.Ordinal);
        Assert.Contains("sampling/ppd-inspector", shape, StringComparison.Ordinal);

        // A foreign system names the retail lot by its label alone: the label resolves it, and the reading is applied to it.
        // A lot no Nguon batch carries is not Nguon's: that event is stored as captured and applies nothing.
        var byLabel = EpcisEvents.Stored(lot, "07:00", 3.5m);
        byLabel["epcList"] = new JsonArray("https://id.gs1.org/01/08935000100028/10/LN26RT01");
        byLabel["eventTime"] = "2026-06-13T07:00:00.000+07:00";
        var foreign = (JsonObject)byLabel.DeepClone();
        foreign["epcList"] = new JsonArray("https://id.gs1.org/01/08935000100028/10/NOT-A-NGUON-LOT");
        var retailer = empty.Party(DemoData.Retailer);
        var captured = await empty.Capture([byLabel, foreign], retailer);
        Assert.True(captured.Success, captured.ToString());
        var events = await empty.Client.Get($"api/batches/{lot}/events", retailer).Expect(HttpStatusCode.OK);
        var reading = events.EnumerateArray().Last();
        Assert.Equal(("storing", 3.5m), (reading.Str("bizStep"), reading.GetProperty("sensors")[0].GetProperty("value").GetDecimal()));
        var ids = EpcisEvents.HashIds(byLabel, foreign);
        var stored = await empty.StoredBatches(ids);
        Assert.Equal([lot, null], ids.Select(id => stored[id]));
    }

    private static string Actor(JsonObject e) => e["nguon:actor"]!.GetValue<string>()[NguonEpcis.OrganisationUri.Length..];

    /// <summary>The events cut into runs of one actor, a new run also at an event that cites documents (they are uploaded
    /// before it is captured, once its lot exists).</summary>
    private static List<List<JsonObject>> Runs(List<JsonObject> events)
    {
        var runs = new List<List<JsonObject>>();
        foreach (var e in events)
        {
            if (runs.Count == 0 || Actor(runs[^1][0]) != Actor(e) || e["nguon:documents"] is not null) runs.Add([]);
            runs[^1].Add(e);
        }
        return runs;
    }

    private static async Task<string> PublicVerdict(HttpClient client, string lot)
    {
        var verification = JsonNode.Parse((await client.GetAsync($"api/batches/{lot}/verification").Expect(HttpStatusCode.OK))
            .GetRawText())!.AsObject();
        verification.Remove("rootHash");
        verification.Remove("checkedAt");
        verification.Remove("fingerprint");
        return verification.ToJsonString();
    }

    private static async Task<string> TraceShape(HttpClient client, Party reader, string lot)
    {
        var trace = await client.Get($"api/batches/{lot}/trace", reader).Expect(HttpStatusCode.OK);
        var shape = trace.GetProperty("batches").EnumerateArray()
            .Select(n => (Code: n.GetProperty("batch").Str("code"), Events: string.Join(", ", n.GetProperty("events").EnumerateArray()
                .Select(e => $"{e.Str("bizStep")}/{e.Str("actor")}/{Quantity(e)}"))))
            .OrderBy(b => b.Code, StringComparer.Ordinal).Select(b => $"{b.Code}: {b.Events}");
        return string.Join("\n", shape);
    }

    private static string Quantity(JsonElement e) =>
        e.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Object ? $"{q.GetProperty("amount")}{q.Str("unit")}" : "";
}
