using Nguon.Silo.Inspect;

namespace Nguon.Tests.Browser;

/// <summary>The find box's reading of what an inspector typed (pure: no silo): the forms of a lot's label, and codes.</summary>
public sealed class InspectExactCodeTests
{
    private static readonly DateOnly Today = new(2026, 6, 20);

    [Theory]
    [InlineData("(01)08935000100011(10)LN26EXP01")]
    [InlineData("(01) 08935000100011 (10) LN26EXP01")]
    [InlineData("010893500010001110LN26EXP01")]
    [InlineData("0108935000100011 10LN26EXP01")]
    [InlineData("0108935000100011\u001d10LN26EXP01")]
    [InlineData("]d2010893500010001110LN26EXP01")]
    [InlineData("(01)08935000100011(17)261231(10)LN26EXP01")]
    [InlineData("01089350001000111726123110LN26EXP01")]
    [InlineData("https://id.example/01/08935000100011/10/LN26EXP01")]
    [InlineData("HTTPS://id.example/01/8935000100011/10/LN26EXP01/21/7?linkType=all")]
    [InlineData("http://127.0.0.1:5080/label/01/08935000100011/10/LN26EXP01?lang=ja")]
    public void A_label_in_any_of_its_forms_reads_as_GTIN_and_lot(string text)
    {
        Assert.True(ExactCode.TryParse(text, Today, out var found, out var error), error);
        Assert.Equal(new ExactCode(null, "08935000100011", "LN26EXP01"), found);
        Assert.True(found.IsLabel);
    }

    [Theory]
    [InlineData("PH01-LN26-EXP-0001")]
    [InlineData(" VNBG-LN-HG-001 ")]
    [InlineData("VN-GI-00017")]
    [InlineData("0123")] // digits that are no GTIN and lot are a code
    [InlineData("01-LOT-7")]
    public void Anything_else_that_is_an_id_reads_as_a_code(string text)
    {
        Assert.True(ExactCode.TryParse(text, Today, out var found, out var error), error);
        Assert.Equal(text.Trim(), found.Code);
        Assert.False(found.IsLabel);
    }

    [Theory]
    [InlineData("", "type a batch code")]
    [InlineData("two words", "is not a batch code")]
    [InlineData("(01)08935000100012(10)LN26EXP01", "check digit")]
    [InlineData("(01)08935000100011", "a GTIN alone names a product")]
    [InlineData("(10)LN26EXP01", "no GTIN")]
    [InlineData("(01)08935000100011(10", "a bracketed element string is")]
    [InlineData("https://id.example/10/LN26EXP01", "holds no GTIN")]
    [InlineData("https://id.example/01/08935000100011/10/LN26EXP01/x1/y", "is not a GS1 Application Identifier")]
    public void What_is_none_of_them_is_refused_in_one_sentence(string text, string said)
    {
        Assert.False(ExactCode.TryParse(text, Today, out _, out var error));
        Assert.Contains(said, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Overlong_text_is_refused_before_it_is_read()
    {
        Assert.False(ExactCode.TryParse("(01)" + new string('9', ExactCode.MaxLength), Today, out _, out var error));
        Assert.Equal($"at most {ExactCode.MaxLength} characters", error);
    }
}
