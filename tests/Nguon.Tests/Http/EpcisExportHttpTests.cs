using System.Globalization;
using System.Net;
using System.Text.Json;
using Nguon.Domain.Epcis;

namespace Nguon.Tests.Http;

/// <summary>GET /api/batches/{code}/epcis on the demo chain: one EPCIS 2.0 document of the lot's backward chain, every eventID
/// its hash ID, one event per Nguon event, each one a Nguon command again; read as the trace is.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class EpcisExportHttpTests(DemoSiloFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_retail_lot_s_chain_is_one_EPCIS_document_with_one_event_per_Nguon_event()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        using var response = await Client.Get($"api/batches/{DemoSiloFixture.RetailLot}/epcis", inspector);
        var document = await response.Expect(HttpStatusCode.OK);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);

        Assert.Empty(EpcisValidation.Document(document).Problems);
        Assert.Equal("EPCISDocument", document.Str("type"));
        Assert.Equal("2.0", document.Str("schemaVersion"));
        Assert.Contains(NguonEpcis.StandardContext, document.GetProperty("@context").EnumerateArray().Select(c => c.ToString()));
        var events = EventHashId.Events(document).ToList();
        Assert.Equal(events.Select(e => e.Str("eventID")), EventHashId.OfDocument(document));
        Assert.Equal(events.Count, events.Select(e => e.Str("eventID")).Distinct().Count());

        // One event per Nguon event of the trace (every take and split of this chain led into it), in event-time order.
        var trace = await Client.Get($"api/batches/{DemoSiloFixture.RetailLot}/trace", inspector).Expect(HttpStatusCode.OK);
        var nguonEvents = trace.GetProperty("batches").EnumerateArray()
            .SelectMany(n => n.GetProperty("events").EnumerateArray().Select(e => $"{n.GetProperty("batch").Str("code")} {e.Str("hash")}"));
        Assert.Equal(nguonEvents.Order(StringComparer.Ordinal), events.Select(e => $"{e.Str("nguon:batch")} {e.Str("nguon:eventHash")}")
            .Order(StringComparer.Ordinal));
        var times = events.Select(e => DateTimeOffset.Parse(e.Str("eventTime"), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);

        // The export lot lies outside this chain: its split names it by its label's LGTIN.
        var outputs = events.SelectMany(e => e.TryGetProperty("outputQuantityList", out var o) ? o.EnumerateArray() : []);
        Assert.Contains("urn:epc:class:lgtin:893500010.0001.LN26EXP01", outputs.Select(q => q.Str("epcClass")));
        // Every event is a Nguon command again (or a side of one), for the round trip through capture.
        var ns = EpcisNamespaces.Standard.With(document.GetProperty("@context"));
        var meanings = events.Select(e => NguonEpcisCommands.Map(e, ns)).ToList();
        Assert.All(meanings, m => Assert.False(m is MappingRefusal or NotNguon, $"{m}"));
        Assert.Equal(3, meanings.OfType<HarvestCommand>().Count());
        Assert.Single(meanings.OfType<CombineCommand>());
        Assert.Equal(2, meanings.OfType<SplitCommand>().Count());
    }

    [Fact]
    public async Task Whoever_may_not_read_the_trace_may_not_read_the_export()
    {
        var retailer = await fixture.Demo(DemoSiloFixture.DemoRetailer);
        using var trace = await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}/trace", retailer);
        Assert.True(trace.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{trace.StatusCode}");
        await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}/epcis", retailer).ExpectProblem(trace.StatusCode);
        await Client.GetAsync($"api/batches/{DemoSiloFixture.ExportLot}/epcis").ExpectUnauthorized();
    }

    [Fact]
    public async Task An_unknown_lot_is_a_404_problem()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        await Client.Get("api/batches/NO-SUCH-LOT-0001/epcis", inspector).ExpectProblem(HttpStatusCode.NotFound);
    }
}
