using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Tests.Http;
using static Nguon.Tests.Epcis.EpcisQueryWorld;

namespace Nguon.Tests.Epcis;

/// <summary>A silo process (SQLite) with two operators; the first captured three events through POST /epcis/capture.</summary>
public sealed class EpcisQuerySiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; } = new();
    public Party Capturer { get; private set; } = null!;
    public Party Other { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Silo.StartAsync();
        Capturer = await Silo.Organisation("epcis-query-a", "operator");
        Other = await Silo.Organisation("epcis-query-b", "operator");
        var document = new JsonObject
        {
            ["@context"] = new JsonArray("https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"),
            ["type"] = "EPCISDocument",
            ["schemaVersion"] = "2.0",
            ["creationDate"] = "2026-06-10T09:00:00Z",
            ["epcisBody"] = new JsonObject { ["eventList"] = new JsonArray(Event(0), Event(4), Event(10)) },
        };
        using var response = await Silo.Client.SendAuthorized(HttpMethod.Post, "epcis/capture", document.ToJsonString(),
            $"Bearer {Capturer.Token}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public Task DisposeAsync() => Silo.DisposeAsync();
}

/// <summary>The query interface through HTTP: the query document and its headers, following the Link header, one event by
/// its URL-encoded eventID, GS1-EPC-Format, the resources' collections, and the binding's problem types.</summary>
public sealed class EpcisQueryHttpTests(EpcisQuerySiloFixture fixture) : IClassFixture<EpcisQuerySiloFixture>
{
    private Task<HttpResponseMessage> Get(string path, Party? by = null, Dictionary<string, string>? headers = null) =>
        fixture.Silo.Client.SendAuthorized(HttpMethod.Get, path, null, $"Bearer {(by ?? fixture.Capturer).Token}", headers);

    private static async Task<JsonObject> Json(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    private static JsonArray Events(JsonObject document) =>
        document["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray();

    [Fact]
    public async Task A_query_answers_a_query_document_page_by_page_through_the_Link_header()
    {
        var ids = new List<string>();
        var path = "epcis/events?orderBy=eventTime&orderDirection=ASC&perPage=2";
        for (var page = 0; path is not null; page++)
        {
            using var response = await Get(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/ld+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("2.0.0", response.Headers.GetValues("GS1-EPCIS-Version").Single());
            var document = await Json(response);
            Assert.Equal("EPCISQueryDocument", (string?)document["type"]);
            Assert.Equal("SimpleEventQuery", (string?)document["epcisBody"]!["queryResults"]!["queryName"]);
            ids.AddRange(Events(document).Select(e => (string)e!["eventID"]!));
            path = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split('>')[0].TrimStart('<').TrimStart('/') : null;
            Assert.True(page < 3);
        }
        Assert.Equal([EventId(0), EventId(4), EventId(10)], ids);
        using var other = await Get("epcis/events", fixture.Other);
        Assert.Empty(Events(await Json(other)));
    }

    [Fact]
    public async Task One_event_comes_by_its_encoded_eventID_and_in_the_EPC_format_asked()
    {
        var path = "epcis/events/" + Uri.EscapeDataString(EventId(4));
        using var asCaptured = await Get(path);
        Assert.Equal(HttpStatusCode.OK, asCaptured.StatusCode);
        var parent = (string?)Events(await Json(asCaptured)).Single()!["parentID"];
        Assert.Equal(Sscc(4), parent);
        using var asLink = await Get(path, headers: new() { ["GS1-EPC-Format"] = "Always_GS1_Digital_Link" });
        Assert.StartsWith("https://id.gs1.org/00/", (string?)Events(await Json(asLink)).Single()!["parentID"]);
        using var hidden = await Get(path, fixture.Other);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("epcisException:NoSuchResourceException", (string?)(await Json(hidden))["type"]);
    }

    [Fact]
    public async Task Bad_parameters_are_a_QueryParameterException_and_resources_list_their_values()
    {
        using var bad = await Get("epcis/events?EQ_bizstep=shipping&GE_eventTime=soon");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await Json(bad);
        Assert.Equal("epcisException:QueryParameterException", (string?)problem["type"]);
        Assert.Equal(2, problem["errors"]!.AsArray().Count);
        using var steps = await Get("epcis/bizSteps");
        Assert.Equal(["packing", "shipping"], (await Json(steps))["member"]!.AsArray().Select(m => (string)m!).Order());
        using var shipping = await Get("epcis/bizSteps/shipping/events", headers: new() { ["Accept"] = "application/json" });
        Assert.Equal("application/json", shipping.Content.Headers.ContentType!.MediaType);
        Assert.Equal([EventId(0), EventId(4)], Events(await Json(shipping)).Select(e => (string)e!["eventID"]!).Order());
        using var types = await Get("epcis/eventTypes/AssociationEvent/events");
        Assert.Equal(EventId(4), (string?)Events(await Json(types)).Single()!["eventID"]);
        var epc = Uri.EscapeDataString(Sgtin(0, link: false));
        using var byEpc = await Get($"epcis/epcs/{epc}/events");
        Assert.Equal(EventId(0), (string?)Events(await Json(byEpc)).Single()!["eventID"]);
    }
}
