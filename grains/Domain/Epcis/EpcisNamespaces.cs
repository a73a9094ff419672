using System.Text.Json;

namespace Nguon.Domain.Epcis;

/// <summary>The CURIE prefixes in force for an event: those the EPCIS 2.0 context defines, then whatever the
/// document's and the event's own <c>@context</c> objects define (a later definition wins, as in JSON-LD). The hash
/// writes a user extension's name as <c>{namespace}localName</c>, so the prefix a sender chose does not matter.</summary>
public sealed class EpcisNamespaces
{
    public const string Gs1 = "https://gs1.org/voc/";
    public const string Cbv = "https://ref.gs1.org/cbv/";
    public const string Epcis = "https://ref.gs1.org/epcis/";

    private readonly Dictionary<string, string> prefixes;

    /// <summary>Values already written in canonical form with these prefixes (<see cref="Memoised"/>), or null.</summary>
    private readonly Dictionary<string, string>? canonical;

    private EpcisNamespaces(Dictionary<string, string> prefixes, Dictionary<string, string>? canonical = null) =>
        (this.prefixes, this.canonical) = (prefixes, canonical);

    /// <summary>These prefixes with a memo of canonical values (<see cref="PreHashValues.Canonical"/>), so that the hash and
    /// the index of a capture's events write each EPC and location once. For one thread (a capture), not to be shared;
    /// <see cref="With"/> gives prefixes without the memo when it adds any (other prefixes, other canonical values).</summary>
    public EpcisNamespaces Memoised() => new(prefixes, new Dictionary<string, string>(StringComparer.Ordinal));

    internal string Canonical(string text, Func<string, EpcisNamespaces, string> write)
    {
        if (canonical is null) return write(text, this);
        if (canonical.TryGetValue(text, out var known)) return known;
        var value = write(text, this);
        // A document of 10,000 events names at most a few tens of thousands of values: the memo lives as long as its capture.
        canonical[text] = value;
        return value;
    }

    /// <summary>The prefixes of the standard context, https://ref.gs1.org/standards/epcis/epcis-context.jsonld.</summary>
    public static EpcisNamespaces Standard { get; } = new(new()
    {
        ["epcis"] = Epcis, ["cbv"] = Cbv, ["cbvmda"] = "urn:epcglobal:cbv:mda:", ["gs1"] = Gs1,
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#", ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#", ["dcterms"] = "http://purl.org/dc/terms/",
    });

    /// <summary>These prefixes with those a JSON-LD <c>@context</c> adds (a string entry, the URL of a context
    /// document, adds none here: the standard one's prefixes are built in).</summary>
    public EpcisNamespaces With(JsonElement? context)
    {
        if (context is not { } c || c.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object)) return this;
        Dictionary<string, string>? added = null; // copied only when the context defines a prefix (a URL alone adds none)
        if (c.ValueKind == JsonValueKind.Object) Add(c, ref added);
        else
            foreach (var entry in c.EnumerateArray())
                Add(entry, ref added);
        return added is null ? this : new EpcisNamespaces(added);
    }

    private void Add(JsonElement entry, ref Dictionary<string, string>? added)
    {
        if (entry.ValueKind != JsonValueKind.Object) return;
        foreach (var p in entry.EnumerateObject())
        {
            var iri = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()
                : p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("@id", out var id) ? id.GetString() : null;
            if (iri is not null && !p.Name.StartsWith('@')) (added ??= new(prefixes, StringComparer.Ordinal))[p.Name] = iri;
        }
    }

    /// <summary>The full URI of a value written as a CURIE with a known prefix (<c>cbv:BizStep-shipping</c>), else the
    /// value unchanged (a URN, or a URI whose scheme is no prefix here).</summary>
    public string ExpandValue(string value) =>
        Split(value) is { } c ? c.Namespace + c.Local : value;

    /// <summary>A JSON key as the pre-hash names it: <c>{namespace}localName</c> for a prefixed key, and for a key written as
    /// a full URI (JSON-LD reads both as the same property) the namespace up to its last '/' or '#'; else the key.</summary>
    public string ExpandKey(string key)
    {
        if (Split(key) is { } c) return "{" + c.Namespace + "}" + c.Local;
        var end = key.LastIndexOfAny(['/', '#']);
        return key.Contains("://", StringComparison.Ordinal) && end > 0 && end < key.Length - 1
            ? "{" + key[..(end + 1)] + "}" + key[(end + 1)..] : key;
    }

    /// <summary>Whether <see cref="ExpandKey"/> writes <paramref name="key"/> otherwise (a declared prefix, or a full URI),
    /// without writing it.</summary>
    public bool Expands(string key)
    {
        var colon = key.IndexOf(':');
        if (colon > 0 && !key.AsSpan(colon + 1).StartsWith("//") && prefixes.ContainsKey(key[..colon])) return true;
        var end = key.LastIndexOfAny(['/', '#']);
        return key.Contains("://", StringComparison.Ordinal) && end > 0 && end < key.Length - 1;
    }

    private (string Namespace, string Local)? Split(string s)
    {
        var colon = s.IndexOf(':');
        if (colon <= 0 || s.AsSpan(colon + 1).StartsWith("//")) return null;
        return prefixes.TryGetValue(s[..colon], out var ns) ? (ns, s[(colon + 1)..]) : null;
    }
}
