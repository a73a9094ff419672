namespace Nguon.Domain;

/// <summary>One AI and its value, as a Digital Link carries it (numeric AI, decoded value).</summary>
public sealed record AiElement(string Ai, string Value);

/// <summary>A parsed uncompressed GS1 Digital Link URI: the primary key, its key qualifiers in path order, the data
/// attributes of the query string, and the query's other parameters (linkType, lang, …) in order. Everything
/// is judged by the GS1 Barcode Syntax Dictionary (<see cref="SyntaxDictionary"/>).</summary>
public sealed record DigitalLinkUri(
    AiElement PrimaryKey,
    IReadOnlyList<AiElement> Qualifiers,
    IReadOnlyList<AiElement> Attributes,
    IReadOnlyList<KeyValuePair<string, string>> OtherParameters)
{
    /// <summary>The value of a key qualifier, or null.</summary>
    public string? Qualifier(string ai) => Qualifiers.FirstOrDefault(q => q.Ai == ai)?.Value;

    /// <summary>The path of this link (or of its first <paramref name="levels"/> qualifiers), each value encoded once.</summary>
    public string Path(int? levels = null) =>
        string.Concat(new[] { PrimaryKey }.Concat(Qualifiers.Take(levels ?? Qualifiers.Count))
            .Select(e => $"/{e.Ai}/{Uri.EscapeDataString(e.Value)}"));

    /// <summary>Parses path segments that are still percent-encoded (the raw request target: each is decoded here,
    /// exactly once) and the query's parameters, already decoded once. A trailing slash is tolerated.</summary>
    public static bool TryParse(
        IReadOnlyList<string> rawSegments, IEnumerable<KeyValuePair<string, string>> query, DateOnly today,
        out DigitalLinkUri link, out string error)
    {
        link = null!;
        var segments = rawSegments.Count > 0 && rawSegments[^1] == "" ? rawSegments.Take(rawSegments.Count - 1).ToList() : [.. rawSegments];
        if (segments.Count < 2 || segments.Count % 2 != 0)
            return Fail("a Digital Link path is /{primary key AI}/{value} followed by /{qualifier AI}/{value} pairs", out error);
        var dictionary = SyntaxDictionary.Instance;
        var elements = new List<AiElement>();
        for (var i = 0; i < segments.Count; i += 2)
        {
            if (dictionary.FindByKey(segments[i]) is not { } ai)
                return Fail($"/{segments[i]}/ is not a GS1 Application Identifier", out error);
            if (!WellEncoded(segments[i + 1]))
                return Fail($"the value after /{segments[i]}/ is not percent-encoded correctly (a % starts two hex digits)", out error);
            var value = Uri.UnescapeDataString(segments[i + 1]);
            if (value.Length == 0) return Fail($"({ai.Ai}) {ai.Title} has no value", out error);
            elements.Add(new AiElement(ai.Ai, value));
        }
        var primary = dictionary.Find(elements[0].Ai)!;
        if (!primary.IsPrimaryKey)
            return Fail($"({primary.Ai}) {primary.Title} is not a Digital Link primary key; the path starts with one of "
                + string.Join(", ", dictionary.PrimaryKeys.Select(k => k.Ai)), out error);
        if (primary.Ai == "01" && elements[0].Value.Length is 8 or 12 or 13 && elements[0].Value.All(char.IsAsciiDigit))
            elements[0] = elements[0] with { Value = Gtin.ToGtin14(elements[0].Value) }; // GTIN-8/12/13 are padded to 14
        var qualifiers = elements.Skip(1).ToList();
        if (QualifierError(primary, qualifiers) is { } order) return Fail(order, out error);

        var attributes = new List<AiElement>();
        var others = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in query)
        {
            if (!key.All(char.IsAsciiDigit) || key.Length == 0) { others.Add(new(key, value)); continue; }
            if (dictionary.Find(key) is not { } ai) return Fail($"?{key}= is not a GS1 Application Identifier", out error);
            if (elements.Concat(attributes).Any(e => e.Ai == key)) return Fail($"({key}) {ai.Title} is given twice", out error);
            if (ai.IsPrimaryKey || primary.QualifierSequences.Any(s => s.Contains(key)) || !ai.IsDataAttribute)
                return Fail($"({key}) {ai.Title} may not be a data attribute in the query string", out error);
            attributes.Add(new AiElement(key, value));
        }
        foreach (var element in elements.Concat(attributes))
            if (AiSyntax.Check(dictionary.Find(element.Ai)!, element.Value, today) is { } invalid) return Fail(invalid, out error);
        if (PairingError([.. elements, .. attributes], qualifiers) is { } pairing) return Fail(pairing, out error);
        link = new DigitalLinkUri(elements[0], qualifiers, attributes, others);
        error = "";
        return true;
    }

    /// <summary>The qualifiers must follow one of the primary key's sequences, in its order, each at most once.</summary>
    private static string? QualifierError(AiDefinition primary, IReadOnlyList<AiElement> qualifiers)
    {
        if (qualifiers.Count == 0) return null;
        if (primary.QualifierSequences.Count == 0)
            return $"({primary.Ai}) {primary.Title} takes no key qualifiers, but /{qualifiers[0].Ai}/ follows it";
        foreach (var sequence in primary.QualifierSequences)
        {
            var position = -1;
            var fits = qualifiers.All(q => (position = IndexAfter(sequence, q.Ai, position)) >= 0);
            if (fits) return null;
        }
        var allowed = string.Join(" or ", primary.QualifierSequences.Select(s => string.Join(", ", s.Select(q => $"/{q}/"))));
        return $"the qualifiers {string.Join("", qualifiers.Select(q => $"/{q.Ai}/"))} after ({primary.Ai}) {primary.Title} are not in "
            + $"GS1's order: {allowed} (each optional, in this order)";
    }

    private static int IndexAfter(IReadOnlyList<string> sequence, string ai, int after)
    {
        for (var i = after + 1; i < sequence.Count; i++)
            if (sequence[i] == ai) return i;
        return -1;
    }

    /// <summary>The dictionary's req= (one of the groups must be present) and ex= (none may be) attributes. A key
    /// qualifier in the path is associated with its primary key by the key's dlpkey sequence, so its own req= is not
    /// asked again (the dictionary lists (22) as a qualifier of (8006) but has it require (01)).</summary>
    private static string? PairingError(IReadOnlyList<AiElement> all, IReadOnlyList<AiElement> qualifiers)
    {
        var present = all.Select(e => e.Ai).ToList();
        foreach (var element in all)
        {
            var ai = SyntaxDictionary.Instance.Find(element.Ai)!;
            foreach (var required in qualifiers.Contains(element) ? [] : ai.Requires)
                if (!required.Any(group => group.All(p => present.Any(a => SyntaxDictionary.Matches(p, a)))))
                    return $"({ai.Ai}) {ai.Title} needs "
                        + string.Join(" or ", required.Select(g => string.Join(" with ", g.Select(p => $"({p})"))));
            foreach (var excluded in ai.Excludes)
                if (present.FirstOrDefault(a => a != ai.Ai && SyntaxDictionary.Matches(excluded, a)) is { } clash)
                    return $"({ai.Ai}) {ai.Title} may not be used with ({clash}) {SyntaxDictionary.Instance.Find(clash)!.Title}";
        }
        return null;
    }

    private static bool WellEncoded(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
            if (raw[i] == '%' && (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2])))
                return false;
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
