using System.Text.Json.Nodes;
using Nguon.Domain;
using Nguon.Domain.Epcis;

namespace Nguon.Silo.Epcis;

/// <summary>The GS1-EPC-Format request header: how EPCs come back. Never_Translates (the default here) keeps them as
/// captured; Always_GS1_Digital_Link writes EPC URNs as their canonical Digital Link; Always_EPC_URN writes Digital Links
/// as EPC URNs where the GS1 Company Prefix of the key is known (a Digital Link does not show its length).</summary>
public enum EpcFormat { NeverTranslates, AlwaysDigitalLink, AlwaysEpcUrn }

/// <summary>Rewrites the EPC fields of events (epcList, childEPCs, inputEPCList, outputEPCList, parentID, the quantity
/// lists' epcClass, readPoint and bizLocation ids) in the format asked; a value with no translation stays as it is.</summary>
public sealed class EpcTranslation(Func<IReadOnlyCollection<string>, Task<IReadOnlyDictionary<string, int>>> prefixLengths)
{
    public const string Header = "GS1-EPC-Format";

    private static readonly string[] Lists = ["epcList", "childEPCs", "inputEPCList", "outputEPCList"];
    private static readonly string[] QuantityLists = ["quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList"];

    /// <summary>The header's value; null when it is none of the binding's (No_Preference counts as Never_Translates).</summary>
    public static EpcFormat? Parse(string? header) => header?.Trim() switch
    {
        null or "" or "Never_Translates" or "No_Preference" => EpcFormat.NeverTranslates,
        "Always_GS1_Digital_Link" => EpcFormat.AlwaysDigitalLink,
        "Always_EPC_URN" => EpcFormat.AlwaysEpcUrn,
        _ => null,
    };

    public static string Name(EpcFormat format) => format switch
    {
        EpcFormat.AlwaysDigitalLink => "Always_GS1_Digital_Link",
        EpcFormat.AlwaysEpcUrn => "Always_EPC_URN",
        _ => "Never_Translates",
    };

    public async Task<IReadOnlyList<string>> Apply(IReadOnlyList<string> bodies, EpcFormat format)
    {
        if (format == EpcFormat.NeverTranslates || bodies.Count == 0) return bodies;
        var events = bodies.Select(b => JsonNode.Parse(b)!.AsObject()).ToList();
        var slots = events.SelectMany(Slots).ToList();
        Func<string, string> translate;
        if (format == EpcFormat.AlwaysDigitalLink)
            translate = v => v.StartsWith("urn:epc:", StringComparison.Ordinal) ? EpcUrn.ToDigitalLink(v) ?? v : v;
        else
        {
            var links = slots.Select(s => s.Value).Distinct().Select(v => (Value: v, Link: CanonicalDigitalLink.Normalise(v)))
                .Where(l => l.Link is not null).ToDictionary(l => l.Value, l => l.Link!);
            var probes = links.Values.Select(PrefixProbe).OfType<string>().Distinct().ToList();
            var lengths = probes.Count == 0 ? new Dictionary<string, int>() : await prefixLengths(probes);
            translate = v => links.TryGetValue(v, out var link) && PrefixProbe(link) is { } probe && lengths.TryGetValue(probe, out var n)
                ? EpcUrn.FromDigitalLink(link, n) ?? v : v;
        }
        foreach (var (set, value) in slots) set(translate(value));
        return [.. events.Select(e => e.ToJsonString())];
    }

    /// <summary>Each EPC value of an event, with how to replace it.</summary>
    private static IEnumerable<(Action<string> Set, string Value)> Slots(JsonObject e)
    {
        foreach (var name in Lists)
            if (e[name] is JsonArray list)
                for (var i = 0; i < list.Count; i++)
                    if (list[i] is JsonValue v && v.TryGetValue(out string? s))
                    {
                        var at = i;
                        yield return (x => list[at] = x, s);
                    }
        if (e["parentID"] is JsonValue parent && parent.TryGetValue(out string? p)) yield return (x => e["parentID"] = x, p);
        foreach (var name in QuantityLists)
            if (e[name] is JsonArray list)
                foreach (var q in list.OfType<JsonObject>())
                    if (q["epcClass"] is JsonValue c && c.TryGetValue(out string? s)) yield return (x => q["epcClass"] = x, s);
        foreach (var name in new[] { "readPoint", "bizLocation" })
            if (e[name] is JsonObject place && place["id"] is JsonValue id && id.TryGetValue(out string? s))
                yield return (x => place["id"] = x, s);
    }

    /// <summary>A GTIN-14 whose digits after the first start with the key's GS1 Company Prefix, to look the prefix up by
    /// (<see cref="Infrastructure.CompanyPrefixes"/> keys by GTIN); null for a key that does not start with one here.</summary>
    public static string? PrefixProbe(string canonicalLink)
    {
        var parts = canonicalLink["https://id.gs1.org/".Length..].Split('/');
        if (parts.Length < 2) return null;
        var (ai, key) = (parts[0], parts[1]);
        string? Digits(int from) => key.Length >= from + 12 && key.AsSpan(from, 12).ContainsAnyExceptInRange('0', '9') is false
            ? "0" + key.Substring(from, 12) : null;
        var thirteen = ai switch
        {
            "01" when key.Length == 14 => key[..13],
            "00" or "8003" => Digits(1),
            "414" or "417" or "253" or "255" or "8004" or "8017" or "8018" => Digits(0),
            _ => null,
        };
        return thirteen is null ? null : thirteen + Gtin.CheckDigit(thirteen);
    }
}
