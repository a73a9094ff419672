using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Nguon.Domain.Epcis;
using Nguon.Tests.Domain.Epcis;
using Nguon.Tests.Http;

namespace Nguon.Tests.Epcis;

/// <summary>Issue 16's first acceptance item on a silo process of its own: the document with one event of each of the five
/// types and every dimension (<see cref="EpcisSamples.Document"/>) is captured (202, job success), every event is queried back
/// with the content it was sent with, and the same document with every object's fields in reverse order and its CURIEs
/// (ng:, cbv:) spelled out as full URIs has the same hash IDs and is already stored: nothing new is written.</summary>
public sealed class EpcisEveryTypeHttpTests(EpcisSiloFixture fixture) : IClassFixture<EpcisSiloFixture>
{
    private const string Cbv = "https://ref.gs1.org/cbv/", Ng = "https://nguon.vn/epcis/";

    /// <summary>What the repository sets or moves on capture: compared apart.</summary>
    private static readonly string[] SetOnCapture = ["@context", "eventID", "recordTime"];

    private Task<HttpResponseMessage> Capture(JsonNode document) =>
        fixture.Client.SendAuthorized(HttpMethod.Post, "epcis/capture", document.ToJsonString(), $"Bearer {fixture.Operator.Token}");

    [Fact]
    public async Task One_event_of_each_type_is_captured_queried_back_as_sent_and_recognised_reordered_and_spelled_out()
    {
        var sent = JsonNode.Parse(EpcisSamples.Document)!.AsObject();
        var events = sent["epcisBody"]!["eventList"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["ObjectEvent", "AggregationEvent", "TransformationEvent", "TransactionEvent", "AssociationEvent"],
            events.Select(e => (string)e["type"]!).Distinct());
        var hashIds = EventHashId.OfDocument(EpcisSamples.ValidDocument);
        var ids = events.Select((e, i) => (string?)e["eventID"] ?? hashIds[i]).ToList();

        var job = await (await Capture(sent)).Expect(HttpStatusCode.Accepted);
        Assert.True(job.GetProperty("success").GetBoolean(), job.ToString());
        Assert.Equal(events.Count, job.GetProperty("stored").GetInt32());
        var rows = await StoredRows();

        for (var i = 0; i < events.Count; i++)
        {
            var query = $"epcis/events?EQ_eventID={Uri.EscapeDataString(ids[i])}";
            var answer = JsonNode.Parse((await fixture.Client.Get(query, fixture.Operator).Expect(HttpStatusCode.OK)).GetRawText())!;
            var back = answer["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray().Single()!.AsObject();
            Assert.Equal(ids[i], (string?)back["eventID"]);
            Assert.NotNull(back["recordTime"]);
            Assert.True(JsonNode.DeepEquals(Without(events[i], SetOnCapture), Without(back, SetOnCapture)),
                $"event {i} came back as {back.ToJsonString()}");
        }

        var respelled = Respelled(sent)!.AsObject();
        var text = respelled.ToJsonString();
        Assert.Contains($"\"{Cbv}BizStep-commissioning\"", text, StringComparison.Ordinal);
        Assert.Contains($"\"{Ng}variety\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ng:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"cbv:", text, StringComparison.Ordinal);
        Assert.Equal("ObjectEvent", (string?)respelled["epcisBody"]!["eventList"]![0]!.AsObject().Last().Value);
        Assert.Equal(hashIds, EventHashId.OfDocument(JsonSerializer.SerializeToElement(respelled)));
        var again = await (await Capture(respelled)).Expect(HttpStatusCode.Accepted);
        Assert.True(again.GetProperty("success").GetBoolean(), again.ToString());
        Assert.Equal(rows, await StoredRows());
    }

    private static JsonObject Without(JsonObject e, string[] names)
    {
        var copy = e.DeepClone().AsObject();
        foreach (var name in names) copy.Remove(name);
        return copy;
    }

    /// <summary>Every object's fields in reverse order; bare CBV bizSteps, dispositions and source/destination types as their
    /// full URIs, and the document's <c>ng:</c> keys and values as full URIs — the same events, differently written.</summary>
    private static JsonNode? Respelled(JsonNode? node, string? key = null) => node switch
    {
        JsonObject o => new JsonObject(o.Reverse().Select(p => KeyValuePair.Create(Expanded(p.Key), Respelled(p.Value, p.Key)))),
        JsonArray a => new JsonArray([.. a.Select(v => Respelled(v, key))]),
        JsonValue v when v.TryGetValue<string>(out var s) && key != "@context" => JsonValue.Create(key switch
        {
            "bizStep" when !s.Contains(':') => $"{Cbv}BizStep-{s}",
            "disposition" when !s.Contains(':') => $"{Cbv}Disp-{s}",
            "type" when !s.Contains(':') && s is "owning_party" or "possessing_party" or "location" => $"{Cbv}SDT-{s}",
            _ => Expanded(s),
        }),
        _ => node?.DeepClone(),
    };

    private static string Expanded(string term) =>
        term.StartsWith("ng:", StringComparison.Ordinal) ? Ng + term[3..]
        : term.StartsWith("cbv:", StringComparison.Ordinal) ? Cbv + term[4..] : term;

    private async Task<long> StoredRows()
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.Silo.DatabasePath};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM nguon_epcis_events";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
