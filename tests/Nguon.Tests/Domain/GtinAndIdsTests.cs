using CsCheck;
using Nguon.Domain;
using Nguon.Model;
using Xunit;

namespace Nguon.Tests.Domain;

public class GtinTests
{
    /// <summary>A GTIN-14 for a lychee carton: indicator 1, GS1 Vietnam prefix 893, company and item reference.</summary>
    private static readonly string LycheeCarton = "1893456700123" + Gtin.CheckDigit("1893456700123");

    [Fact]
    public void Check_digit_matches_published_gs1_examples()
    {
        Assert.Equal(1, Gtin.CheckDigit("400638133393"));   // GTIN-13 4006381333931
        Assert.Equal(2, Gtin.CheckDigit("03600029145"));    // GTIN-12 036000291452
        Assert.Equal(4, Gtin.CheckDigit("9638507"));        // GTIN-8 96385074
        Assert.Equal(0, Gtin.CheckDigit("0000000000000"));
    }

    [Fact]
    public void Gtin14_with_computed_check_digit_is_valid()
    {
        Assert.Equal(14, LycheeCarton.Length);
        Assert.True(Gtin.IsValid(LycheeCarton));
    }

    [Theory]
    [InlineData("4006381333931")]
    [InlineData("036000291452")]
    [InlineData("96385074")]
    [InlineData("04006381333931")]
    public void Gtin8_12_and_13_are_accepted(string gtin)
    {
        Assert.True(Gtin.IsValid(gtin));
    }

    [Fact]
    public void Wrong_check_digit_is_refused()
    {
        var wrong = LycheeCarton[..^1] + (char)('0' + (LycheeCarton[^1] - '0' + 1) % 10);
        Assert.False(Gtin.IsValid(wrong));
        Assert.False(Gtin.IsValid("4006381333932"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("40063813339")]
    [InlineData("400638133393100")]
    [InlineData("4006381333931 ")]
    [InlineData("400638133393A")]
    [InlineData("-400638133393")]
    [InlineData("٤٠٠٦٣٨١٣٣٣٩٣١")]
    public void Wrong_length_or_non_ascii_digits_are_refused(string? gtin)
    {
        Assert.False(Gtin.IsValid(gtin));
    }

    [Fact]
    public void Short_gtins_pad_to_fourteen_digits()
    {
        Assert.Equal("04006381333931", Gtin.ToGtin14("4006381333931"));
        Assert.Equal("00000096385074", Gtin.ToGtin14("96385074"));
        Assert.Equal(LycheeCarton, Gtin.ToGtin14(LycheeCarton));
        Assert.True(Gtin.IsValid(Gtin.ToGtin14("036000291452")));
    }

    [Fact]
    public void Appending_the_check_digit_always_makes_a_valid_gtin_and_no_other_digit_does()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Char["0123456789"].Array[13, 13]).Sample((lengthPick, digits) =>
        {
            var body = new string(digits)[..(new[] { 7, 11, 12, 13 }[lengthPick])];
            var check = Gtin.CheckDigit(body);
            for (var d = 0; d <= 9; d++)
                Assert.Equal(d == check, Gtin.IsValid(body + d));
        });
    }

    [Fact]
    public void Any_single_digit_error_is_detected()
    {
        Gen.Select(Gen.Char["0123456789"].Array[13, 13], Gen.Int[0, 13], Gen.Int[1, 9]).Sample((digits, position, shift) =>
        {
            var body = new string(digits);
            var gtin = (body + Gtin.CheckDigit(body)).ToCharArray();
            gtin[position] = (char)('0' + (gtin[position] - '0' + shift) % 10);
            Assert.False(Gtin.IsValid(new string(gtin)));
        });
    }

    [Theory]
    [InlineData("LN-2025/06.A_1")]
    [InlineData("1")]
    [InlineData("ABCDEFGHIJ0123456789")]
    public void Lot_of_gs1_characters_up_to_twenty_is_valid(string lot)
    {
        Assert.True(Gtin.IsValidLot(lot));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCDEFGHIJ0123456789X")]
    [InlineData("LN 2025")]
    [InlineData("Lục-Ngạn")]
    [InlineData("LN#1")]
    public void Lot_that_is_empty_too_long_or_has_other_characters_is_invalid(string? lot)
    {
        Assert.False(Gtin.IsValidLot(lot));
    }
}

public class IdsTests
{
    [Theory]
    [InlineData("BG-LN-0001")]
    [InlineData("VN-GI-00050")]
    [InlineData("a")]
    [InlineData("H.2025_06-10")]
    [InlineData("0")]
    public void Plain_identifiers_are_valid(string id)
    {
        Assert.True(Ids.IsValid(id));
    }

    [Fact]
    public void Identifier_of_exactly_the_maximum_length_is_valid()
    {
        Assert.Equal(64, Ids.MaxLength);
        Assert.True(Ids.IsValid(new string('a', Ids.MaxLength)));
        Assert.False(Ids.IsValid(new string('a', Ids.MaxLength + 1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("-leading-dash")]
    [InlineData(".hidden")]
    [InlineData("_x")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("a#1")]
    [InlineData("Lục-Ngạn")]
    [InlineData("a\tb")]
    public void Identifiers_with_odd_characters_are_invalid(string? id)
    {
        Assert.False(Ids.IsValid(id));
    }

    /// <summary>.NET's <c>$</c> also matches before a final newline, so the pattern must anchor with <c>\z</c>.</summary>
    [Theory]
    [InlineData("BG-LN-0001\n")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n")]
    public void Identifier_with_a_trailing_newline_is_invalid(string id)
    {
        Assert.False(Ids.IsValid(id));
    }
}
