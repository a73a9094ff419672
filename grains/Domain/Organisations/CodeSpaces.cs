using System.Text.RegularExpressions;
using Nguon.Model;

namespace Nguon.Domain.Organisations;

/// <summary>Batch codes are namespaced, so a code cannot be squatted: an organisation that holds a code space
/// (registered with it by the administrator) creates only codes "{space}-…", and nobody else may create one. A
/// code's space is its first segment (up to the first '-'), compared in upper case so "ps-1" cannot pass for
/// "PS-1". Organisations registered without a space share the rest, first come first served.</summary>
public static partial class CodeSpaces
{
    public const int MaxLength = 12;

    [GeneratedRegex(@"^[A-Z0-9]{2,12}\z")]
    private static partial Regex Pattern();

    /// <summary>Whether <paramref name="space"/> is a code space in its one spelling (upper case).</summary>
    public static bool IsValid(string? space) => space is not null && Pattern().IsMatch(space);

    /// <summary>The one spelling of a code space as given (trimmed, upper case), or null when none is given.</summary>
    public static string? Normalise(string? space) =>
        string.IsNullOrWhiteSpace(space) ? null : space.Trim().ToUpperInvariant();

    public static Violation Invalid(string space) =>
        new("input.code-space", $"'{space}' is not a code space: use 2–{MaxLength} letters and digits, no '-'");

    /// <summary>The code space <paramref name="code"/> would fall in, or null when its first segment cannot be one.</summary>
    public static string? Of(string code)
    {
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? null : code[..dash].ToUpperInvariant();
        return IsValid(first) ? first : null;
    }

    /// <summary>The spaces whose holders must be looked up before <paramref name="actor"/> creates these codes: none
    /// when it holds a space of its own (its codes must be in it, which needs no lookup).</summary>
    public static IReadOnlyList<string> ToLookUp(Actor actor, IEnumerable<string> codes) =>
        actor.CodeSpace is not null ? [] : [.. codes.Select(Of).OfType<string>().Distinct()];

    /// <summary>Every new code of <paramref name="codes"/> that <paramref name="actor"/> may not create.</summary>
    /// <param name="holders">Who holds each space of <see cref="ToLookUp"/> (spaces nobody holds are absent).</param>
    public static IEnumerable<Violation> Check(Actor actor, IEnumerable<string> codes, IReadOnlyDictionary<string, string> holders)
    {
        foreach (var code in codes.Distinct())
        {
            if (actor.CodeSpace is { } own)
            {
                if (!code.StartsWith(own + "-", StringComparison.Ordinal))
                    yield return new("batch.code-space", $"batch code {code} is outside {actor.Organisation}'s code space: "
                        + $"its batch codes start with {own}-");
            }
            else if (Of(code) is { } space && holders.TryGetValue(space, out var holder) && holder != actor.Organisation)
            {
                yield return new("batch.code-space", $"batch code {code} is in code space {space}, held by {holder}: "
                    + "only its holder creates batches in it");
            }
        }
    }
}
