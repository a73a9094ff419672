using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nguon.Domain.Epcis;
using static Nguon.Tests.Domain.Epcis.EpcisEvents;

namespace Nguon.Tests.Domain.Epcis;

/// <summary>CBV 2.0 event hash IDs: the exact pre-hash string of one event of each type (every dimension, ILMD,
/// certificationInfo, sensors, user extensions), the ni URI over its SHA-256, the same ID for the same event written
/// otherwise, and another ID for any change to what it says.</summary>
public sealed class EventHashIdTests
{
    public static TheoryData<string, string> EachType => new()
    {
        { Harvest, HarvestPreHash }, { Packing, PackingPreHash }, { Drying, DryingPreHash }, { Sale, SalePreHash },
        { Logger, LoggerPreHash }, { Transport, TransportPreHash },
    };

    private static string Hash(JsonElement e) => EventHashId.Of(e, Context);

    private static string Hash(string json) => Hash(Parse(json));

    [Theory, MemberData(nameof(EachType))]
    public void Each_event_type_has_the_pre_hash_string_the_standard_text_gives(string json, string expected) =>
        Assert.Equal(expected, PreHash.Of(Parse(json), EpcisNamespaces.Standard.With(Context)));

    [Theory, MemberData(nameof(EachType))]
    public void The_id_is_the_sha256_of_the_utf8_pre_hash_as_an_ni_uri(string json, string preHash)
    {
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preHash)));
        Assert.Equal($"ni:///sha-256;{hex}?ver=CBV2.0", Hash(json));
    }

    [Theory, MemberData(nameof(EachType))]
    public void Field_and_list_order_do_not_matter(string json, string _) =>
        Assert.Equal(Hash(json), Hash(Reversed(Parse(json))));

    [Fact]
    public void A_json_node_and_a_document_give_the_ids_of_their_events()
    {
        var document = Parse($$"""
            { "@context": {{Context.GetRawText()}}, "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-06-06T00:00:00Z", "epcisBody": { "eventList": [ {{Harvest}}, {{Sale}} ] } }
            """);
        Assert.Equal([Hash(Harvest), Hash(Sale)], EventHashId.OfDocument(document));
        Assert.Equal(Hash(Harvest), EventHashId.Of(JsonNode.Parse(Harvest)!, JsonNode.Parse(Context.GetRawText())));
    }

    [Theory]
    [InlineData("shipping")]
    [InlineData("cbv:BizStep-shipping")]
    [InlineData("https://ref.gs1.org/cbv/BizStep-shipping")]
    [InlineData("urn:epcglobal:cbv:bizstep:shipping")]
    [InlineData("  shipping ")]
    public void A_cbv_term_may_be_a_bare_word_a_curie_a_uri_or_a_cbv_1_urn(string bizStep) =>
        Assert.Equal(Hash(Sale), Hash(Sale.Replace("urn:epcglobal:cbv:bizstep:shipping", bizStep)));

    [Theory]
    [InlineData("\"Temperature\"", "\"in_transit\"", "\"cbv:SDT-owning_party\"")]
    [InlineData("\"gs1:Temperature\"", "\"cbv:Disp-in_transit\"", "\"owning_party\"")]
    [InlineData("\"https://gs1.org/voc/Temperature\"", "\"urn:epcglobal:cbv:disp:in_transit\"", "\"urn:epcglobal:cbv:sdt:owning_party\"")]
    public void Sensor_types_dispositions_and_source_types_take_every_spelling(string type, string disposition, string sdt)
    {
        var transport = Transport.Replace("\"Temperature\"", type).Replace("\"in_transit\"", disposition);
        Assert.Equal(Hash(Transport), Hash(transport));
        Assert.Equal(Hash(Sale), Hash(Sale.Replace("\"cbv:SDT-owning_party\"", sdt)));
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:8935001.012345.A1")]
    [InlineData("https://id.gs1.org/01/08935001123453/21/A1")]
    [InlineData("https://id.nguon.vn/01/8935001123453/21/A1?linkType=gs1:pip")]
    [InlineData("http://example.com/shop/gtin/08935001123453/ser/A1")]
    [InlineData("https://id.gs1.org/01/08935001123453/10/LOT-7/21/A1")]
    [InlineData("https://id.gs1.org/01/08935001123453/22/2A/10/LOT-7/21/A1")]
    public void An_epc_may_be_a_urn_or_any_digital_link_of_it(string epc) =>
        Assert.Equal(Hash(Sale), Hash(Sale.Replace("urn:epc:id:sgtin:8935001.012345.A1", epc)));

    [Theory]
    [InlineData("2026-06-01T08:30:00.5+07:00")]
    [InlineData("2026-06-01T01:30:00.500Z")]
    [InlineData("2026-06-01T01:30:00.4996Z")]
    [InlineData("2026-05-31T20:30:00.50000-05:00")]
    public void Times_that_denote_the_same_instant_to_the_millisecond_are_the_same(string eventTime) =>
        Assert.Equal(Hash(Harvest), Hash(Harvest.Replace("2026-06-01T08:30:00.5+07:00", eventTime)));

    [Fact]
    public void Numbers_are_the_same_whatever_their_trailing_zeros_and_the_extension_prefix_is_the_senders_choice()
    {
        var zeros = Harvest.Replace("1200.50", "1200.5000").Replace("\"ng:pickers\": 12", "\"ng:pickers\": \"12.0\"");
        Assert.Equal(Hash(Harvest), Hash(zeros));
        var otherPrefix = Parse(Harvest.Replace("\"ng:", "\"nguon:"));
        Assert.Equal(Hash(Harvest), EventHashId.Of(otherPrefix, Parse("""[ { "nguon": "https://nguon.vn/epcis/" } ]""")));
    }

    [Fact]
    public void An_extension_key_written_as_a_full_uri_is_the_same_as_its_curie()
    {
        var spelledOut = Parse(Harvest.Replace("\"ng:pickers\"", "\"https://nguon.vn/epcis/pickers\""));
        Assert.Equal(Hash(Harvest), EventHashId.Of(spelledOut, Parse("""[ { "ng": "https://nguon.vn/epcis/" } ]""")));
        Assert.NotEqual(Hash(Harvest), Hash(Harvest.Replace("\"ng:pickers\"", "\"https://nguon.vn/other/pickers\"")));
    }

    [Fact]
    public void EventId_recordTime_comments_and_error_declarations_are_not_hashed()
    {
        var changed = Harvest.Replace("urn:uuid:6c1b4a52-0d6e-4c43-9a0b-3f2a8d7d1e01", "urn:uuid:00000000-0000-4000-8000-000000000000")
            .Replace("\"recordTime\": \"2026-06-01T09:00:00Z\"", "\"recordTime\": \"2027-01-01T00:00:00Z\", \"rdfs:comment\": \"re-sent\"");
        Assert.Equal(Hash(Harvest), Hash(changed));
        Assert.Equal(Hash(Transport), Hash(Transport.Replace("incorrect_data", "did_not_occur")));
    }

    [Theory, MemberData(nameof(EachType))]
    public void Changing_any_one_hashed_value_changes_the_id(string json, string _)
    {
        var original = Hash(json);
        var root = JsonNode.Parse(json)!;
        var leaves = Leaves(root, "").Where(l => !IsNotHashed(l.Path)).ToList();
        Assert.NotEmpty(leaves);
        foreach (var (path, leaf) in leaves)
        {
            var copy = root.DeepClone();
            Replace(copy, path, Changed(leaf));
            Assert.True(original != Hash(JsonSerializer.SerializeToElement(copy)), $"changing {path} left the hash as it was");
        }
    }

    [Theory, MemberData(nameof(EachType))]
    public void Removing_any_hashed_field_changes_the_id(string json, string _)
    {
        var original = Hash(json);
        foreach (var name in JsonNode.Parse(json)!.AsObject().Select(p => p.Key).Where(k => k != "type" && !IsNotHashed(k)))
        {
            var copy = JsonNode.Parse(json)!.AsObject();
            var removed = copy[name]?.ToJsonString();
            copy.Remove(name);
            if (removed is "[]") continue; // an empty list is no content: the standard leaves it out
            Assert.True(original != Hash(JsonSerializer.SerializeToElement(copy)), $"removing {name} left the hash as it was");
        }
    }

    private static bool IsNotHashed(string path) =>
        path.Split('/')[0] is "eventID" or "recordTime" or "errorDeclaration";

    private static IEnumerable<(string Path, JsonValue Leaf)> Leaves(JsonNode node, string path) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value!, path.Length == 0 ? p.Key : $"{path}/{p.Key}")),
        JsonArray a => a.SelectMany((e, i) => Leaves(e!, $"{path}/{i}")),
        JsonValue v => [(path, v)],
        _ => [],
    };

    private static JsonNode Changed(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.Number => JsonValue.Create(v.GetValue<decimal>() + 1),
        JsonValueKind.True or JsonValueKind.False => JsonValue.Create(!v.GetValue<bool>()),
        _ => JsonValue.Create(Changed(v.GetValue<string>())),
    };

    /// <summary>A '9' added to the value; in a Digital Link, to the path (its query string is not hashed).</summary>
    private static string Changed(string s) => s.Contains('?') ? s.Insert(s.IndexOf('?'), "9") : s + "9";

    private static void Replace(JsonNode root, string path, JsonNode value)
    {
        var steps = path.Split('/');
        var parent = steps[..^1].Aggregate(root, (n, s) => n is JsonArray a ? a[int.Parse(s)]! : n[s]!);
        if (parent is JsonArray array) array[int.Parse(steps[^1])] = value;
        else parent[steps[^1]] = value;
    }
}
