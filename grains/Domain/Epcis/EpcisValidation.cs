using System.Text.Json;
using System.Text.RegularExpressions;

namespace Nguon.Domain.Epcis;

/// <summary>One thing wrong with an EPCIS document or event: which event of the eventList (null when the problem is
/// not inside one, or the event was sent alone), where (an RFC 6901 JSON pointer into what was validated; a missing
/// field's pointer is where it belongs) and what, as one readable line that starts with the field's path.</summary>
public sealed record EpcisProblem(int? EventIndex, string Pointer, string Message);

/// <summary>What <see cref="EpcisValidation"/> found; <see cref="Truncated"/> when it stopped at
/// <see cref="EpcisValidation.MaxProblems"/>.</summary>
public sealed record EpcisValidationResult(IReadOnlyList<EpcisProblem> Problems, bool Truncated)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>Checks EPCIS 2.0 JSON/JSON-LD (GS1 EPCIS 2.0 §7–§9 and its JSON schema) before capture: the document
/// envelope, each event's fields by its type, times, quantities, identifiers as URIs, CBV words, and that every
/// user extension (and every ILMD field) is namespaced by a prefix the @context declares or is a full URI. Pure: it
/// reads the JSON and nothing else, so it neither fetches a remote @context nor knows master data.
/// <para>Written as C# rather than as a JSON Schema run by a schema library: most rules need the document's own
/// @context (which prefixes are declared) or look across fields (parentID by action, inputs and outputs), every
/// message must be one line a sender can act on, and the checks must stay well under a millisecond an event.</para></summary>
public static class EpcisValidation
{
    /// <summary>The problem <c>type</c> of the EPCIS 2.0 REST binding for a rejected capture or event: its OpenAPI,
    /// gs1/EPCIS "REST Bindings/openapi.yaml", answers <c>POST /capture</c> and <c>POST /events</c> with 400 and an
    /// application/problem+json whose type is <c>epcisException:ValidationException</c>.</summary>
    public const string ProblemType = "epcisException:ValidationException";

    /// <summary>At most this many problems are reported, so a hostile document cannot make a huge answer.</summary>
    public const int MaxProblems = 100;

    /// <summary>An EPCISDocument: type "EPCISDocument", @context, schemaVersion "2.0", creationDate, an optional
    /// epcisHeader and epcisBody.eventList, each event checked as <see cref="Event"/> does with the document's
    /// @context (an event may add its own).</summary>
    public static EpcisValidationResult Document(JsonElement document)
    {
        var check = new EpcisChecks(EpcisNamespaces.Standard, "document");
        check.Document(document);
        return check.Result();
    }

    /// <summary>One event as <c>POST /epcis/events</c> receives it: it must carry its own @context unless the caller
    /// passes the @context of the document it came in (<paramref name="documentContext"/>).</summary>
    public static EpcisValidationResult Event(JsonElement @event, JsonElement? documentContext)
    {
        var check = new EpcisChecks(EpcisNamespaces.Standard.With(documentContext), "event");
        check.Event(@event, JsonLocation.Root, index: null, contextRequired: documentContext is null);
        return check.Result();
    }
}

/// <summary>A place in the JSON being validated, kept as a chain so that the pointer and the path are only written
/// when there is a problem to report.</summary>
internal sealed class JsonLocation
{
    public static JsonLocation Root { get; } = new(null, null, -1);

    private readonly JsonLocation? parent;
    private readonly string? key;
    private readonly int index;

    private JsonLocation(JsonLocation? parent, string? key, int index) => (this.parent, this.key, this.index) = (parent, key, index);

    public JsonLocation this[string member] => new(this, member, -1);

    public JsonLocation this[int item] => new(this, null, item);

    private IEnumerable<JsonLocation> FromRoot() =>
        parent is null ? [] : parent.FromRoot().Append(this);

    /// <summary>RFC 6901: "/epcisBody/eventList/3/quantityList/0", '~' as ~0 and '/' as ~1 in member names.</summary>
    public string Pointer() =>
        string.Concat(FromRoot().Select(l => "/" + (l.key is null ? l.index.ToString() : l.key.Replace("~", "~0").Replace("/", "~1"))));

    /// <summary>The path a message starts with: "eventList[3].quantityList[0].quantity" (epcisBody left out).</summary>
    public string Path(string root)
    {
        var path = string.Concat(FromRoot().Select(l => l.key is null ? $"[{l.index}]" : "." + l.key)).TrimStart('.');
        if (path.StartsWith("epcisBody.eventList", StringComparison.Ordinal)) path = path["epcisBody.".Length..];
        return path.Length == 0 ? root : path;
    }
}

/// <summary>The member names of one JSON object seen so far, to find one given twice: a short list compared in turn (most
/// objects have a few members), a set past <see cref="Few"/>.</summary>
internal struct SeenNames(JsonElement obj)
{
    private const int Few = 16;
    private readonly string[]? few = obj.GetPropertyCount() is var n and > 1 and <= Few ? new string[n] : null;
    private readonly HashSet<string>? many = obj.GetPropertyCount() > Few ? new(StringComparer.Ordinal) : null;
    private int count;

    /// <summary>False when <paramref name="name"/> was seen before.</summary>
    public bool Add(string name)
    {
        if (many is not null) return many.Add(name);
        if (few is null) return true; // one member: never twice
        for (var i = 0; i < count; i++)
            if (string.Equals(few[i], name, StringComparison.Ordinal)) return false;
        few[count++] = name;
        return true;
    }
}

/// <summary>The checks of one validation: the problems found so far, the CURIE prefixes in force, and the checks of
/// values every structure uses (URIs, times, numbers, vocabulary terms, namespaced names).</summary>
internal sealed partial class EpcisChecks(EpcisNamespaces namespaces, string root)
{
    /// <summary>A field's check: its value and where it is.</summary>
    private delegate void FieldCheck(EpcisChecks check, JsonElement value, JsonLocation at);

    /// <summary>URI schemes without "//" accepted as absolute URIs; any other "word:rest" must be a declared CURIE
    /// (the standard is silent here: an undeclared prefix is far likelier a mistake than a URI of an unknown scheme).</summary>
    private static readonly HashSet<string> OpaqueSchemes = new(["urn", "tag", "did", "mailto"], StringComparer.OrdinalIgnoreCase);

    private readonly List<EpcisProblem> problems = [];
    private EpcisNamespaces ns = namespaces;
    private int? eventIndex;
    private bool truncated;

    public EpcisValidationResult Result() => new(problems, truncated);

    private bool Full => problems.Count >= EpcisValidation.MaxProblems;

    private void Report(JsonLocation at, string message)
    {
        if (Full) truncated = true;
        else problems.Add(new(eventIndex, at.Pointer(), at.Path(root) + ": " + message));
    }

    /// <summary>Each member through its check in <paramref name="fields"/>; any other must be a namespaced user
    /// extension, or is refused where the structure takes none (<paramref name="extensible"/> false).</summary>
    private void Fields(JsonElement obj, JsonLocation at, IReadOnlyDictionary<string, FieldCheck> fields, string owner,
        bool extensible = true)
    {
        var seen = new SeenNames(obj);
        foreach (var member in obj.EnumerateObject())
        {
            if (Full) { truncated = true; return; }
            var here = at[member.Name];
            if (!seen.Add(member.Name)) Report(here, "given twice");
            else if (fields.TryGetValue(member.Name, out var check)) check(this, member.Value, here);
            else if (!extensible) Report(here, $"not a field of {owner}, which takes no extensions");
            else if (Namespaced(member.Name, here, $"not an EPCIS 2.0 field of {owner}; a user extension")) Extension(member.Value, here);
        }
    }

    /// <summary>A user extension's value (or an ILMD field's): any JSON, whose nested members are namespaced in turn
    /// (JSON-LD keywords such as @value or @type aside).</summary>
    private void Extension(JsonElement value, JsonLocation at)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Extension(item, at[i++]);
        }
        else if (value.ValueKind == JsonValueKind.Object)
        {
            var seen = new SeenNames(value);
            foreach (var member in value.EnumerateObject())
            {
                var here = at[member.Name];
                if (!seen.Add(member.Name)) Report(here, "given twice");
                else if (member.Name.StartsWith('@') || Namespaced(member.Name, here, "a nested extension field"))
                    Extension(member.Value, here);
            }
        }
    }

    /// <summary>Whether a member name is namespaced: a CURIE of a declared prefix or a full URI.</summary>
    private bool Namespaced(string name, JsonLocation at, string what)
    {
        switch (Classify(name, out var prefix))
        {
            case Form.Curie or Form.AbsoluteUri:
                return true;
            case Form.UndeclaredPrefix:
                Report(at, $"prefix \"{prefix}\" is not declared in the @context");
                return false;
            default:
                Report(at, $"{what} needs a namespace: a CURIE with a prefix the @context declares, or a full URI");
                return false;
        }
    }

    private enum Form { Bare, Curie, AbsoluteUri, UndeclaredPrefix, Malformed }

    /// <summary>What a name or an identifier is: a bare word, a CURIE of a declared prefix, an absolute URI (with
    /// "//" after its scheme, or of a scheme in <see cref="OpaqueSchemes"/>), a CURIE of an undeclared prefix, or
    /// nothing usable (white space, no scheme before the colon).</summary>
    private Form Classify(string s, out string prefix)
    {
        var colon = s.IndexOf(':');
        prefix = colon > 0 ? s[..colon] : "";
        if (s.Length == 0 || HasSpaceOrControl(s)) return Form.Malformed;
        if (colon < 0) return Form.Bare;
        if (colon == 0 || colon == s.Length - 1 || !IsScheme(prefix)) return Form.Malformed;
        if (s.AsSpan(colon + 1).StartsWith("//"))
            return System.Uri.TryCreate(s, UriKind.Absolute, out var uri) && (!uri.Scheme.StartsWith("http") || uri.Host.Length > 0)
                ? Form.AbsoluteUri : Form.Malformed;
        if (ns.Expands(s)) return Form.Curie;
        if (!OpaqueSchemes.Contains(prefix)) return Form.UndeclaredPrefix;
        return !prefix.Equals("urn", StringComparison.OrdinalIgnoreCase) || Urn().IsMatch(s) ? Form.AbsoluteUri : Form.Malformed;
    }

    private static bool HasSpaceOrControl(string s)
    {
        foreach (var c in s)
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return true;
        return false;
    }

    /// <summary>An RFC 3986 scheme: a letter, then letters, digits, '+', '.' or '-' (ASCII).</summary>
    private static bool IsScheme(string prefix)
    {
        if (prefix.Length == 0 || !char.IsAsciiLetter(prefix[0])) return false;
        foreach (var c in prefix)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '.' or '-')) return false;
        return true;
    }

    private const string AnyUri = "a URI";
    private const string EpcUri = "a URI (an EPC URN urn:epc:id:…, a GS1 Digital Link https://… or another absolute URI)";

    private void Identifier(JsonElement value, JsonLocation at) => Identifier(value, at, AnyUri);

    private void Identifier(JsonElement value, JsonLocation at, string expected)
    {
        if (!Text(value, at, expected, out var s)) return;
        var form = Classify(s, out var prefix);
        if (form == Form.UndeclaredPrefix) Report(at, $"{Quote(s)}: prefix \"{prefix}\" is not declared in the @context");
        else if (form is not (Form.Curie or Form.AbsoluteUri)) Report(at, $"{expected}, not {Quote(s)}");
    }

    /// <summary>A list of URIs, each given once.</summary>
    private void IdentifierList(JsonElement value, JsonLocation at, string expected)
    {
        if (!List(value, at, "a list of URIs")) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && !seen.Add(item.GetString()!)) Report(at[i], "given twice in the list");
            else Identifier(item, at[i], expected);
            i++;
        }
    }

    /// <summary>An xsd:dateTimeStamp / RFC 3339 date-time with its offset (Z or ±hh:mm, at most ±14:00), as the
    /// JSON schema's "date-time"; upper-case T and Z only, as xsd:dateTime writes them.</summary>
    private void Time(JsonElement value, JsonLocation at)
    {
        if (!Text(value, at, "a date-time", out var s)) return;
        var m = DateTimeStamp().Match(s);
        if (!m.Success)
        {
            Report(at, LocalDateTime().IsMatch(s) ? $"{Quote(s)} has no offset: end it with Z or ±hh:mm"
                : $"{Quote(s)} is not a date-time with an offset (RFC 3339, as 2026-06-01T08:30:00+07:00)");
            return;
        }
        var valid = IsDateAndClock(s) && (m.Groups[1].Value == "Z" || Offset().IsMatch(m.Groups[1].Value));
        if (!valid) Report(at, $"{Quote(s)} is no such time (a day, hour or offset out of range)");
    }

    /// <summary>Whether "yyyy-MM-ddTHH:mm:ss" at the start of <paramref name="s"/> (its shape matched) is a day and a time
    /// of day: ASCII digits, year 1–9999, the month's days, hours 0–23, minutes and seconds 0–59 (as DateTime reads it).</summary>
    private static bool IsDateAndClock(string s)
    {
        int? N(int from, int length)
        {
            var n = 0;
            for (var i = from; i < from + length; i++)
            {
                if (!char.IsAsciiDigit(s[i])) return null;
                n = n * 10 + (s[i] - '0');
            }
            return n;
        }
        return N(0, 4) is >= 1 and var year && N(5, 2) is >= 1 and <= 12 and var month
            && N(8, 2) is { } day && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && N(11, 2) is <= 23 && N(14, 2) is <= 59 && N(17, 2) is <= 59;
    }

    private void Number(JsonElement value, JsonLocation at)
    {
        if (value.ValueKind != JsonValueKind.Number) Report(at, $"a number, not {Kind(value)}");
    }

    /// <summary>A term of a standard vocabulary: its bare word, or a URI or declared CURIE; one inside the
    /// vocabulary's namespace must name a standard term, and a CBV 1.x URN is refused (the JSON schema's rule:
    /// EPCIS 2.0 JSON writes standard terms as bare words).</summary>
    private void Term(JsonElement value, JsonLocation at, EpcisVocabulary vocabulary)
    {
        if (!Text(value, at, "a " + vocabulary.Name, out var s)) return;
        if (!s.Contains(':'))
        {
            if (!vocabulary.Words.Contains(s))
                Report(at, $"{Quote(s)} is not a {vocabulary.Name} of {vocabulary.Source}: a bare word must be a standard one, "
                    + "any other value a URI or a CURIE with a declared prefix");
            return;
        }
        if (s.StartsWith("urn:epcglobal:cbv:", StringComparison.Ordinal) || s.Contains("//ns.gs1.org/cbv/", StringComparison.Ordinal))
        {
            Report(at, $"{Quote(s)} is a CBV 1.x identifier: EPCIS 2.0 JSON writes a standard {vocabulary.Name} as its bare word");
            return;
        }
        Identifier(value, at, AnyUri);
        var full = ns.ExpandValue(s);
        if (full.StartsWith(vocabulary.TermNamespace, StringComparison.Ordinal))
        {
            if (!vocabulary.Words.Contains(full[vocabulary.TermNamespace.Length..]))
                Report(at, $"{Quote(s)} names no {vocabulary.Name} of {vocabulary.Source}");
        }
        else if (full.StartsWith(EpcisNamespaces.Cbv, StringComparison.Ordinal))
            Report(at, $"{Quote(s)} is a CBV term, but not a {vocabulary.Name}");
    }

    private bool Text(JsonElement value, JsonLocation at, string expected, out string text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        if (value.ValueKind != JsonValueKind.String) Report(at, $"{expected}, not {Kind(value)}");
        return value.ValueKind == JsonValueKind.String;
    }

    private bool Object(JsonElement value, JsonLocation at, string expected)
    {
        if (value.ValueKind != JsonValueKind.Object) Report(at, $"{expected}, not {Kind(value)}");
        return value.ValueKind == JsonValueKind.Object;
    }

    private bool List(JsonElement value, JsonLocation at, string expected)
    {
        if (value.ValueKind != JsonValueKind.Array) Report(at, $"{expected}, not {Kind(value)}");
        return value.ValueKind == JsonValueKind.Array;
    }

    private void Require(JsonElement obj, JsonLocation at, string name, string why)
    {
        if (!obj.TryGetProperty(name, out _)) Report(at[name], "required: " + why);
    }

    /// <summary>A JSON value as a message names it: text "12", the number 12, an object, a list, true, null.</summary>
    private static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => "text " + Quote(v.GetString()!),
        JsonValueKind.Number => "the number " + Quote(v.GetRawText()).Trim('"'),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        _ => "null",
    };

    /// <summary>A sender's text in a message: quoted, on one line, cut at 60 characters.</summary>
    private static string Quote(string s)
    {
        var shown = s.Length > 60 ? s[..60] + "…" : s;
        return "\"" + string.Concat(shown.Select(c => char.IsControl(c) ? "\\u" + ((int)c).ToString("x4") : c is '"' or '\\'
            ? "\\" + c : c.ToString())) + "\"";
    }

    [GeneratedRegex(@"^urn:[A-Za-z0-9][A-Za-z0-9\-]{0,31}:.+$", RegexOptions.IgnoreCase)]
    private static partial Regex Urn();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimeStamp();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")]
    private static partial Regex LocalDateTime();

    /// <summary>An offset of eventTimeZoneOffset and of a date-time: ±hh:mm from -14:00 to +14:00 (the JSON schema's).</summary>
    [GeneratedRegex(@"^[+-]((0\d|1[0-3]):[0-5]\d|14:00)$")]
    private static partial Regex Offset();
}
