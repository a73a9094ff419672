using System.Text;
using CsCheck;
using Nguon.Silo.ReadModel;
using Xunit;

namespace Nguon.Tests.ReadModel;

/// <summary>q= searches a range per column (ListQueries.PrefixRange): a string is in the range exactly when it starts
/// with the prefix, compared as the stores compare (UTF-8 bytes: PostgreSQL's COLLATE "C", SQLite's BINARY).</summary>
public class PrefixRangeTests
{
    private static int Bytewise(string a, string b) =>
        ((ReadOnlySpan<byte>)Encoding.UTF8.GetBytes(a)).SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    private static bool InRange(string value, string prefix)
    {
        var (low, high) = ListQueries.PrefixRange(prefix);
        return Bytewise(value, low) >= 0 && (high is null || Bytewise(value, high) < 0);
    }

    [Theory]
    [InlineData("H1", "H2")]
    [InlineData("Vải", "Vảj")]
    [InlineData("a\uD7FF", "a\uE000")]
    [InlineData("a\U0010FFFF", "b")]
    [InlineData("z\U0001F34B", "z\U0001F34C")]
    public void The_upper_bound_is_the_prefix_with_its_last_code_point_one_higher(string prefix, string high) =>
        Assert.Equal((prefix, high), ListQueries.PrefixRange(prefix));

    [Fact]
    public void A_prefix_of_only_the_highest_code_point_has_no_upper_bound() =>
        Assert.Equal(("\U0010FFFF", (string?)null), ListQueries.PrefixRange("\U0010FFFF"));

    [Fact]
    public void A_string_is_in_the_range_exactly_when_it_starts_with_the_prefix()
    {
        // Few letters, so prefixes and values often share their start; the edges of UTF-8's ranges among them.
        var letter = Gen.OneOf(Gen.Const("A"), Gen.Const("B"), Gen.Const("-"), Gen.Const("ả"), Gen.Const("\uD7FF"),
            Gen.Const("\uE000"), Gen.Const("\uFFFF"), Gen.Const("\U0001F34B"), Gen.Const("\U0010FFFF"));
        var text = letter.Array[0, 5].Select(parts => string.Concat(parts));
        Gen.Select(text.Where(t => t.Length > 0), text, text).Sample((prefix, rest, other) =>
        {
            Assert.True(InRange(prefix + rest, prefix), $"'{prefix + rest}' starts with '{prefix}'");
            Assert.Equal(other.StartsWith(prefix, StringComparison.Ordinal), InRange(other, prefix));
        });
    }
}
