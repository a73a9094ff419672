using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nguon.Domain.Epcis;

/// <summary>The EPCIS event hash ID of GS1 CBV 2.0: SHA-256 over the event's pre-hash string (<see cref="PreHash"/>),
/// written as an RFC 6920 'ni' URI, <c>ni:///sha-256;{lower-case hex}?ver=CBV2.0</c>. The same event sent with its
/// fields in another order, with CURIEs or bare CBV words instead of URIs, with EPC URNs instead of Digital Links or
/// with its times in another offset has the same ID; any change to what it says gives another.</summary>
public static class EventHashId
{
    public const string Prefix = "ni:///sha-256;";
    public const string Suffix = "?ver=CBV2.0";

    /// <summary>The hash ID of one event; <paramref name="documentContext"/> is the @context of the document that
    /// carries it (the prefixes its user extensions use).</summary>
    public static string Of(JsonElement @event, JsonElement? documentContext = null) =>
        FromPreHash(PreHash.Of(@event, EpcisNamespaces.Standard.With(documentContext)));

    /// <summary>The hash ID of one event with the prefixes <paramref name="ns"/> (a document's, read once for all its events).</summary>
    public static string Of(JsonElement @event, EpcisNamespaces ns) => FromPreHash(PreHash.Of(@event, ns));

    public static string Of(JsonNode @event, JsonNode? documentContext = null) =>
        Of(ToElement(@event), documentContext is null ? null : ToElement(documentContext));

    public static string FromPreHash(string preHash) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preHash))) + Suffix;

    /// <summary>The hash ID of every event of an EPCIS document, in document order: an EPCISDocument's
    /// epcisBody.eventList (or its single epcisBody.event) or an EPCISQueryDocument's queryResults.</summary>
    public static IReadOnlyList<string> OfDocument(JsonElement document) =>
        [.. Events(document).Select(e => Of(e, Context(document)))];

    /// <summary>The events of a document, as <see cref="OfDocument"/> reads them.</summary>
    public static IEnumerable<JsonElement> Events(JsonElement document)
    {
        if (!document.TryGetProperty("epcisBody", out var body)) return [];
        if (body.TryGetProperty("eventList", out var list)) return list.EnumerateArray();
        if (body.TryGetProperty("event", out var single)) return [single];
        return body.TryGetProperty("queryResults", out var results) && results.TryGetProperty("resultsBody", out var resultsBody)
            && resultsBody.TryGetProperty("eventList", out var found) ? found.EnumerateArray() : [];
    }

    public static JsonElement? Context(JsonElement document) =>
        document.TryGetProperty("@context", out var context) ? context : null;

    private static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);
}
