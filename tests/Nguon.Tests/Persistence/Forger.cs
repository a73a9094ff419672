using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nguon.Tests.Persistence;

/// <summary>What a forger with database access can do without the signing key: re-implement the published canonical
/// forms (this file uses no product code) and re-hash a batch's stored chain consistently after editing it. The forms:
/// a batch's creation record ("nguon-batch/1") is hashed into its first event's previous hash, and each event
/// ("nguon-event/2") into the next one's.</summary>
public static class Forger
{
    /// <summary>Re-links and re-hashes every event of a stored batch row (its JSON state) from its creation record, and
    /// moves the header's head hash: the row is consistent again, whatever was edited in it.</summary>
    public static void Rehash(JsonObject state)
    {
        var batch = state["batch"]!.AsObject();
        var previous = Sha256(CreationRecord(batch));
        foreach (var e in state["openPage"]!.AsArray().Select(n => n!.AsObject()))
        {
            e["previousHash"] = previous;
            e["hash"] = previous = Sha256(Event(e));
        }
        batch["headHash"] = previous;
    }

    /// <summary>The hash of the event numbered <paramref name="sequence"/> in a stored batch row.</summary>
    public static string EventHash(JsonObject state, int sequence) =>
        state["openPage"]!.AsArray().Select(n => n!.AsObject()).Single(e => (int)e["sequence"]! == sequence)["hash"]!.GetValue<string>();

    private static byte[] CreationRecord(JsonObject b) => Array("nguon-batch/1", w =>
    {
        Text(w, b["code"]);
        Text(w, b["product"]);
        Text(w, b["variety"]);
        Quantity(w, b["quantity"]);
        Text(w, b["giClaim"]);
        var origin = b["origin"]!;
        w.WriteStartArray();
        Text(w, origin["kind"]);
        Text(w, origin["farm"]);
        Text(w, origin["season"]);
        w.WriteStartArray();
        foreach (var p in origin["parents"]!.AsArray())
        {
            w.WriteStartArray();
            Text(w, p!["batch"]);
            Quantity(w, p["taken"]);
            w.WriteNumberValue((int)p["parentEventSequence"]!);
            Text(w, p["parentEventHash"]);
            Text(w, p["giClaim"]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        Number(w, origin["yieldFactor"]);
        w.WriteEndArray();
        Text(w, b["gtin"]);
        Text(w, b["lot"]);
        Text(w, b["firstCustodian"]);
        Time(w, b["createdAt"]);
    });

    private static byte[] Event(JsonObject e) => Array("nguon-event/2", w =>
    {
        w.WriteNumberValue((int)e["sequence"]!);
        foreach (var field in new[] { "eventId", "eventType", "bizStep", "disposition" }) Text(w, e[field]);
        Time(w, e["eventTime"]);
        Time(w, e["recordTime"]);
        foreach (var field in new[] { "readPoint", "bizLocation", "actor" }) Text(w, e[field]);
        Quantity(w, e["quantity"]);
        foreach (var links in new[] { "inputs", "outputs" })
            List(w, e[links], (x, l) => { Text(x, l["batch"]); Quantity(x, l["quantity"]); });
        List(w, e["sensors"], (x, s) => { Text(x, s["type"]); Number(x, s["value"]); Text(x, s["unit"]); });
        List(w, e["documents"], (x, d) => { Text(x, d["sha256"]); Text(x, d["type"]); Text(x, d["name"]); });
        Text(w, e["destination"]);
        Text(w, e["reason"]);
        Text(w, e["previousHash"]);
    });

    private static byte[] Array(string tag, Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            w.WriteStringValue(tag);
            fields(w);
            w.WriteEndArray();
        }
        return buffer.ToArray();
    }

    private static void List(Utf8JsonWriter w, JsonNode? items, Action<Utf8JsonWriter, JsonNode> item)
    {
        w.WriteStartArray();
        foreach (var x in items?.AsArray() ?? [])
        {
            w.WriteStartArray();
            item(w, x!);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void Text(Utf8JsonWriter w, JsonNode? value)
    {
        if (value is null) w.WriteNullValue(); else w.WriteStringValue(value.GetValue<string>());
    }

    private static void Number(Utf8JsonWriter w, JsonNode? value)
    {
        if (value is null) w.WriteNullValue();
        else w.WriteStringValue(decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            .ToString("0.############################", CultureInfo.InvariantCulture));
    }

    private static void Quantity(Utf8JsonWriter w, JsonNode? q)
    {
        if (q is null) { w.WriteNullValue(); return; }
        w.WriteStartArray();
        Number(w, q["amount"]);
        Text(w, q["unit"]);
        w.WriteEndArray();
    }

    private static void Time(Utf8JsonWriter w, JsonNode? t) => w.WriteStringValue(
        DateTimeOffset.Parse(t!.GetValue<string>(), CultureInfo.InvariantCulture).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz",
            CultureInfo.InvariantCulture));

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
