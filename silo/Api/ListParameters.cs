using System.Globalization;
using Microsoft.Extensions.Primitives;
using Nguon.Model;
using Nguon.Silo.ReadModel;

namespace Nguon.Silo.Api;

/// <summary>A list request's query string, read strictly: an unknown parameter, a value given twice, an id that is no
/// id, a time without a date, a limit over <see cref="ListQueries.MaxLimit"/> — each is a violation naming the
/// parameter (400), so a mistyped filter never quietly lists everything.</summary>
public sealed class ListParameters(IQueryCollection query, params string[] allowed)
{
    /// <summary>Whether <c>limit</c> and <c>cursor</c> are taken too (a list's pages; not an export's).</summary>
    public bool Paged { get; init; } = true;

    private readonly List<Violation> violations = [];

    /// <summary>Every violation of the values read so far, and of parameters this request does not take.</summary>
    public IReadOnlyList<Violation> Violations =>
    [
        .. violations,
        .. query.Keys.Where(name => !Taken.Contains(name, StringComparer.Ordinal)).Select(name => new Violation($"input.{name}",
            $"?{name}= is not a parameter of this request; it takes {string.Join(", ", Taken)}")),
    ];

    private IEnumerable<string> Taken => Paged ? allowed.Append("limit").Append("cursor") : allowed;

    public int Limit => Value("limit") is { } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= ListQueries.MaxLimit
            ? n : Fail("limit", $"?limit= is a number from 1 to {ListQueries.MaxLimit}, not '{text}'", ListQueries.DefaultLimit)
        : ListQueries.DefaultLimit;

    public string After => Cursor.TryRead(Value("cursor"), out var after) ? after
        : Fail("cursor", "?cursor= is not a cursor this server gave (pass the previous page's 'next' unchanged)", "");

    public string? Id(string name) => Value(name) is { } v
        ? Ids.IsValid(v) ? v
            : Fail(name, $"?{name}= is an id of 1–{Ids.MaxLength} letters, digits, '.', '_' or '-', not '{Cut(v)}'", (string?)null)
        : null;

    public T? Enum<T>(string name) where T : struct, Enum => Value(name) is { } v
        ? !char.IsDigit(v[0]) && System.Enum.TryParse<T>(v.Replace("-", ""), ignoreCase: true, out var parsed)
            && System.Enum.IsDefined(parsed)
            ? parsed
            : Fail(name, $"?{name}= is one of {string.Join(", ", System.Enum.GetValues<T>().Select(Domain.ReadModel.ReadRows.Name))}, "
                + $"not '{Cut(v)}'", (T?)null)
        : null;

    public bool? Bool(string name) => Value(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var v => Fail(name, $"?{name}= is true or false, not '{Cut(v)}'", (bool?)null),
    };

    /// <summary>A time with its offset (2026-06-01T00:00:00+07:00), or a day (2026-06-01, midnight UTC).</summary>
    public DateTimeOffset? Time(string name)
    {
        if (Value(name) is not { } v) return null;
        if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (v.Length >= 20 && DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            && (v.EndsWith('Z') || v[^6] is '+' or '-'))
            return at;
        return Fail(name, $"?{name}= is a day (2026-06-01) or a time with its offset (2026-06-01T08:00:00+07:00), not '{Cut(v)}'",
            (DateTimeOffset?)null);
    }

    public string? Gtin(string name) => Value(name) is { } v
        ? Domain.Gtin.IsValid(v) ? Domain.Gtin.ToGtin14(v)
            : Fail(name, $"?{name}= is a GTIN with a valid check digit, not '{Cut(v)}'", (string?)null)
        : null;

    public string? BizStep(string name) => Value(name) is { } v
        ? Model.BizStep.Find(v) is { } step ? step.Value
            : Fail(name, $"?{name}= is a business step ({string.Join(", ", Model.BizStep.All.Select(s => s.Value))}), not '{Cut(v)}'",
                (string?)null)
        : null;

    /// <summary>Free text for a prefix search: at most 64 characters, no control characters.</summary>
    public string? Prefix(string name) => Value(name) is { } v
        ? v.Length is >= 1 and <= 64 && !v.Any(char.IsControl) && !HasLoneSurrogate(v) ? v
            : Fail(name, $"?{name}= is 1–64 characters of text", (string?)null)
        : null;

    /// <summary>Text that is not well-formed UTF-16 has no place in a prefix range (ListQueries.PrefixRange).</summary>
    private static bool HasLoneSurrogate(string v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            if (char.IsHighSurrogate(v[i]) && i + 1 < v.Length && char.IsLowSurrogate(v[i + 1])) i++;
            else if (char.IsSurrogate(v[i])) return true;
        }
        return false;
    }

    private string? Value(string name)
    {
        if (!query.TryGetValue(name, out StringValues values)) return null;
        if (values.Count != 1) return Fail(name, $"?{name}= is given {values.Count} times; give it once", (string?)null);
        return values[0];
    }

    private T Fail<T>(string name, string message, T fallback)
    {
        violations.Add(new Violation($"input.{name}", message));
        return fallback;
    }

    private static string Cut(string v) => v.Length <= 40 ? v : v[..40] + "…";
}
