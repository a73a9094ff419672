using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;
using Nguon.Silo.Epcis;
using static Nguon.Tests.Domain.Epcis.EpcisEvents;

namespace Nguon.Tests.Epcis;

/// <summary>What a capture stores of an event, written once with a JSON writer: exactly what editing the event as a JSON
/// node gives (eventID and recordTime set in place or added in that order, the document's own prefixes added last when
/// the event has no @context, text escaped alike); and the memo of canonical values changes no hash ID or index.</summary>
public sealed class EpcisPrepareTests
{
    private const string RecordTime = "2026-06-10T01:02:03.004Z";

    public static TheoryData<string> Events =>
    [
        Harvest, Packing, Drying, Sale, Logger, Transport,
        """{"type":"ObjectEvent","eventTime":"2026-06-01T08:30:00+07:00","ng:note":"café \"<b>\" & ü 😀 \u0001","ng:n":1.50E2}""",
        """{"@context":{"ex":"https://example.org/"},"type":"ObjectEvent","recordTime":"2020-01-01T00:00:00Z","ex:x":[1,{"a":null}]}""",
        """{"eventID":" urn:uuid:5b7c0e54-aaaa-4bbb-8ccc-000000000001 ","type":"ObjectEvent","epcList":[]}""",
    ];

    /// <summary>The stored JSON as EpcisCapture wrote it before it had a writer of its own.</summary>
    private static string AsNode(JsonElement e, string eventId, JsonObject? ownPrefixes)
    {
        var body = JsonNode.Parse(e.GetRawText())!.AsObject();
        body["eventID"] = eventId;
        body["recordTime"] = RecordTime;
        if (ownPrefixes is not null && !body.ContainsKey("@context")) body["@context"] = ownPrefixes.DeepClone();
        return body.ToJsonString();
    }

    [Theory, MemberData(nameof(Events))]
    public void The_stored_json_is_the_event_edited_as_a_json_node(string json)
    {
        var e = Parse(json);
        var ownPrefixes = JsonNode.Parse("""{"ng":"https://nguon.vn/epcis/","ex2":{"@id":"urn:ex2:"}}""")!.AsObject();
        foreach (var own in new[] { null, ownPrefixes })
            foreach (var id in new[] { "urn:uuid:5b7c0e54-aaaa-4bbb-8ccc-000000000001", EventHashId.Of(e, Context) })
                Assert.Equal(AsNode(e, id, own), EpcisCapture.StoredJson(e, id, RecordTime, own?.ToJsonString()));
    }

    [Theory, MemberData(nameof(Events))]
    public void A_memo_of_canonical_values_changes_no_hash_id_nor_index(string json)
    {
        var e = Parse(json);
        var plain = EpcisNamespaces.Standard.With(Context);
        var memo = plain.Memoised();
        for (var again = 0; again < 2; again++) // the second time from the memo
        {
            Assert.Equal(EventHashId.Of(e, Context), EventHashId.Of(e, memo));
            if (!e.TryGetProperty("eventTime", out _))
                continue;
            var (a, b) = (EpcisIndex.Of(e, plain), EpcisIndex.Of(e, memo));
            Assert.Equal(JsonSerializer.Serialize(a), JsonSerializer.Serialize(b));
        }
    }
}
