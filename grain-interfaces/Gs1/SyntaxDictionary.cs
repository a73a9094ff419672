using System.Text.RegularExpressions;

namespace Nguon.Domain;

/// <summary>One component of an AI's value: a character set, a fixed or maximum length, whether it may be left
/// out (only at the end), and the GS1 linters that check its content.</summary>
public sealed record AiComponent(char CharacterSet, int MinLength, int MaxLength, bool Optional, IReadOnlyList<string> Linters);

/// <summary>One Application Identifier as the GS1 Barcode Syntax Dictionary defines it.</summary>
public sealed record AiDefinition(
    string Ai,
    string Title,
    IReadOnlyList<AiComponent> Components,
    bool IsDataAttribute,
    bool IsPrimaryKey,
    IReadOnlyList<IReadOnlyList<string>> QualifierSequences,
    IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>> Requires,
    IReadOnlyList<string> Excludes)
{
    public int MaxLength => Components.Sum(c => c.MaxLength);
}

/// <summary>The GS1 Barcode Syntax Dictionary (gs1/gs1-syntax-dictionary, Apache-2.0), vendored unchanged in
/// <c>Gs1/SyntaxDictionary/</c> and parsed once: every AI, its value syntax, whether it is a Digital Link primary key
/// (and its qualifier sequences), a data attribute, and the AIs it requires or excludes. Nothing here is typed
/// in by hand except the short names, which are the Digital Link standard's, not the dictionary's.</summary>
public sealed partial class SyntaxDictionary
{
    private const string Flags = "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~";

    /// <summary>GS1 Digital Link URI syntax 1.1, table 6-1: the lower-case short names of keys and qualifiers that
    /// resolvers still accept in a path (a URI should use the numeric AI).</summary>
    public static readonly IReadOnlyDictionary<string, string> ShortNames = new Dictionary<string, string>
    {
        ["gtin"] = "01", ["itip"] = "8006", ["cpv"] = "22", ["lot"] = "10", ["ser"] = "21", ["sscc"] = "00",
        ["gln"] = "414", ["glnx"] = "254", ["party"] = "417", ["gsrnp"] = "8017", ["gsrn"] = "8018", ["srin"] = "8019",
        ["gcn"] = "255", ["gdti"] = "253", ["ginc"] = "401", ["gsin"] = "402", ["grai"] = "8003", ["giai"] = "8004",
        ["cpid"] = "8010", ["cpsn"] = "8011", ["gmn"] = "8013", ["payTo"] = "415", ["refno"] = "8020",
    };

    public static SyntaxDictionary Instance { get; } = Load();

    private readonly Dictionary<string, AiDefinition> entries;

    private SyntaxDictionary(Dictionary<string, AiDefinition> entries) => this.entries = entries;

    public IEnumerable<AiDefinition> All => entries.Values;

    public IEnumerable<AiDefinition> PrimaryKeys => entries.Values.Where(e => e.IsPrimaryKey).OrderBy(e => e.Ai, StringComparer.Ordinal);

    public AiDefinition? Find(string ai) => entries.GetValueOrDefault(ai);

    /// <summary>The numeric AI for a path or query key: the AI itself, or a Digital Link short name.</summary>
    public AiDefinition? FindByKey(string key) =>
        Find(key) ?? (ShortNames.TryGetValue(key, out var ai) ? Find(ai) : null);

    private static SyntaxDictionary Load()
    {
        using var stream = typeof(SyntaxDictionary).Assembly.GetManifestResourceStream("Nguon.Gs1.gs1-syntax-dictionary.txt")
            ?? throw new InvalidOperationException("the GS1 syntax dictionary is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Parses the dictionary's text format (see the header of the file).</summary>
    public static SyntaxDictionary Parse(string text)
    {
        var entries = new Dictionary<string, AiDefinition>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var hash = raw.IndexOf('#');
            if (hash == 0 || raw.Trim().Length == 0) continue;
            var title = hash < 0 ? "" : raw[(hash + 1)..].Trim();
            var tokens = (hash < 0 ? raw : raw[..hash]).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var i = 1;
            var flags = tokens.Length > 1 && tokens[1].All(c => Flags.Contains(c)) ? tokens[i++] : "";
            var components = new List<AiComponent>();
            for (; i < tokens.Length && Component().Match(tokens[i]) is { Success: true } m; i++)
                components.Add(ToComponent(m));
            var attributes = tokens[i..];
            var pkey = attributes.Where(a => a == "dlpkey" || a.StartsWith("dlpkey=", StringComparison.Ordinal)).ToList();
            var sequences = pkey.SelectMany(a => a == "dlpkey" ? [] : a["dlpkey=".Length..].Split('|'))
                .Select(s => (IReadOnlyList<string>)s.Split(',')).ToList();
            var requires = Values(attributes, "req=")
                .Select(r => (IReadOnlyList<IReadOnlyList<string>>)[.. r.Split(',').Select(g => (IReadOnlyList<string>)g.Split('+'))])
                .ToList();
            var excludes = Values(attributes, "ex=").SelectMany(e => e.Split(',')).ToList();
            foreach (var ai in Range(tokens[0]))
                entries[ai] = new AiDefinition(ai, title, components, flags.Contains('?'), pkey.Count > 0, sequences, requires, excludes);
        }
        return new SyntaxDictionary(entries);
    }

    private static IEnumerable<string> Values(IEnumerable<string> attributes, string key) =>
        attributes.Where(a => a.StartsWith(key, StringComparison.Ordinal)).Select(a => a[key.Length..]);

    private static IEnumerable<string> Range(string ais)
    {
        var dash = ais.IndexOf('-');
        if (dash < 0) return [ais];
        var (from, to) = (int.Parse(ais[..dash]), int.Parse(ais[(dash + 1)..]));
        return Enumerable.Range(from, to - from + 1).Select(n => n.ToString().PadLeft(ais.Length - dash - 1, '0'));
    }

    private static AiComponent ToComponent(Match m)
    {
        var optional = m.Groups["open"].Success;
        var max = int.Parse(m.Groups["len"].Value);
        var min = m.Groups["var"].Success ? 1 : max;
        var linters = m.Groups["lint"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new AiComponent(m.Groups["set"].Value[0], min, max, optional, linters);
    }

    [GeneratedRegex(@"^(?<open>\[)?(?<set>[NXYZ])(?<var>\.\.)?(?<len>\d+)\]?(?<lint>(,[a-z0-9]+)*)$")]
    private static partial Regex Component();

    /// <summary>True when <paramref name="ai"/> matches a dictionary pattern such as "31nn" or "394n" (n: any digit).</summary>
    public static bool Matches(string pattern, string ai) =>
        pattern.Length == ai.Length && pattern.Zip(ai).All(p => p.First == 'n' ? char.IsAsciiDigit(p.Second) : p.First == p.Second);
}
