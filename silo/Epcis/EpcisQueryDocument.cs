using System.Globalization;
using System.Text.Json;

namespace Nguon.Silo.Epcis;

/// <summary>The answer to a query: an EPCISQueryDocument whose eventList holds the events as they were captured (their
/// own @context, user extensions and namespaces kept byte for byte), with the standard context and the prefixes the
/// events declare lifted into the document's @context where no two events give one prefix different namespaces.</summary>
public static class EpcisQueryDocument
{
    public const string StandardContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
    public const string QueryName = "SimpleEventQuery";

    public static byte[] Write(IReadOnlyList<string> events, DateTimeOffset creationDate)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            WriteContext(w, Prefixes(events));
            w.WriteString("type", "EPCISQueryDocument");
            w.WriteString("schemaVersion", "2.0");
            w.WriteString("creationDate", creationDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteStartObject("epcisBody");
            w.WriteStartObject("queryResults");
            w.WriteString("queryName", QueryName);
            w.WriteStartObject("resultsBody");
            w.WriteStartArray("eventList");
            foreach (var e in events) w.WriteRawValue(e, skipInputValidation: true);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>The binding's Collection of a top-level resource: <c>{"@context", "type": "Collection", "member": [...]}</c>.</summary>
    public static byte[] Collection(IEnumerable<string> members)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("@context", StandardContext);
            w.WriteString("type", "Collection");
            w.WriteStartArray("member");
            foreach (var m in members) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteContext(Utf8JsonWriter w, SortedDictionary<string, string> prefixes)
    {
        if (prefixes.Count == 0)
        {
            w.WriteString("@context", StandardContext);
            return;
        }
        w.WriteStartArray("@context");
        w.WriteStringValue(StandardContext);
        w.WriteStartObject();
        foreach (var (prefix, iri) in prefixes) w.WriteString(prefix, iri);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>The prefixes (name → namespace string) the events' own @context objects declare, without those declared
    /// differently by two events (each event keeps its own @context, so nothing is lost by leaving one out).</summary>
    private static SortedDictionary<string, string> Prefixes(IReadOnlyList<string> events)
    {
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var clashing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!e.Contains("\"@context\"", StringComparison.Ordinal)) continue;
            using var doc = JsonDocument.Parse(e);
            if (!doc.RootElement.TryGetProperty("@context", out var context)) continue;
            var entries = context.ValueKind == JsonValueKind.Array ? [.. context.EnumerateArray()] : new[] { context };
            foreach (var entry in entries.Where(x => x.ValueKind == JsonValueKind.Object))
                foreach (var p in entry.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String && !p.Name.StartsWith('@')))
                {
                    var iri = p.Value.GetString()!;
                    if (found.TryGetValue(p.Name, out var earlier) && earlier != iri) clashing.Add(p.Name);
                    else found[p.Name] = iri;
                }
        }
        foreach (var c in clashing) found.Remove(c);
        return found;
    }
}
