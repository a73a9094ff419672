using System.Text;
using Nguon.Domain;
using Xunit;

namespace Nguon.Tests.Domain;

/// <summary>GS1 Digital Link URI parsing, judged by the vendored GS1 Barcode Syntax Dictionary: vectors from the
/// Digital Link standard's examples, plus one valid link per primary key (and per qualifier sequence) built from the
/// dictionary's own component specifications, and invalid links for every kind of error.</summary>
public sealed class DigitalLinkParsingTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);

    private static bool Parse(string path, out DigitalLinkUri link, out string error, string query = "")
    {
        var pairs = query.Length == 0 ? [] : query.Split('&').Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))).ToList();
        return DigitalLinkUri.TryParse(path.TrimStart('/').Split('/'), pairs, Today, out link, out error);
    }

    private static DigitalLinkUri Valid(string path, string query = "")
    {
        Assert.True(Parse(path, out var link, out var error, query), $"{path}?{query}: {error}");
        return link;
    }

    private static string Invalid(string path, string query = "")
    {
        Assert.False(Parse(path, out _, out var error, query), $"{path}?{query} parsed");
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Fact]
    public void The_dictionary_is_the_GS1_one_and_names_the_primary_keys_and_their_qualifier_sequences()
    {
        var d = SyntaxDictionary.Instance;
        Assert.True(d.All.Count() > 500, "every AI, ranges expanded");
        Assert.Equal(["00", "01", "253", "255", "401", "402", "414", "415", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018"],
            d.PrimaryKeys.Select(k => k.Ai));
        Assert.Equal([["22", "10", "21"], ["235"]], d.Find("01")!.QualifierSequences);
        Assert.Equal([["254"], ["7040"]], d.Find("414")!.QualifierSequences);
        Assert.True(d.Find("17")!.IsDataAttribute);
        Assert.False(d.Find("21")!.IsDataAttribute);
        Assert.Equal("BATCH/LOT", d.Find("10")!.Title);
        Assert.Equal(("3103", "NET WEIGHT (kg)"), (d.Find("3103")!.Ai, d.Find("3103")!.Title));
    }

    [Theory]
    [InlineData("/01/09520123456788")] // GS1 Digital Link standard's example GTIN
    [InlineData("/01/09520123456788/10/ABC123")]
    [InlineData("/01/09520123456788/21/12345")]
    [InlineData("/01/09520123456788/10/ABC123/21/12345")]
    [InlineData("/01/09520123456788/22/2A/10/ABC1/21/12345")]
    [InlineData("/01/09520123456788/22/2A")]
    [InlineData("/01/09520123456788/235/XYZ-123")]
    [InlineData("/01/4006381333931/10/LOT-1")] // a GTIN-13 (padded to 14)
    [InlineData("/01/12345670/10/LOT-1")] // a GTIN-8
    [InlineData("/01/09520123456788/10/ABC/")] // trailing slash
    public void Standard_GTIN_links_parse(string path) => Assert.Equal("01", Valid(path).PrimaryKey.Ai);

    [Fact]
    public void A_short_GTIN_is_padded_to_fourteen_digits_and_qualifiers_keep_their_path_order()
    {
        var link = Valid("/01/4006381333931/22/V1/10/L%2F1/21/S1");
        Assert.Equal("04006381333931", link.PrimaryKey.Value);
        Assert.Equal([("22", "V1"), ("10", "L/1"), ("21", "S1")], link.Qualifiers.Select(q => (q.Ai, q.Value)));
        Assert.Equal("/01/04006381333931/22/V1/10/L%2F1/21/S1", link.Path());
        Assert.Equal("/01/04006381333931/22/V1", link.Path(1));
    }

    [Theory]
    [InlineData("/gtin/09520123456788/lot/ABC/ser/1", "/01/09520123456788/10/ABC/21/1")]
    [InlineData("/gtin/09520123456788/cpv/2A", "/01/09520123456788/22/2A")]
    [InlineData("/sscc/106141412345678908", "/00/106141412345678908")]
    [InlineData("/itip/095201234567880102/lot/X", "/8006/095201234567880102/10/X")]
    public void Digital_Link_short_names_mean_their_AIs(string shortPath, string numericPath) =>
        Assert.Equal(Valid(numericPath).Path(), Valid(shortPath).Path());

    /// <summary>One valid value per AI, built from the dictionary's own components (check digits computed).</summary>
    internal static string Example(AiDefinition ai)
    {
        var value = new StringBuilder();
        foreach (var c in ai.Components.Where(c => !c.Optional))
        {
            var part = c.Linters.Contains("zero") ? "0"
                : c.Linters.Contains("pieceoftotal") ? "0102"[..Math.Min(4, c.MaxLength)]
                : c.CharacterSet == 'N' ? new string('1', c.MinLength == c.MaxLength ? c.MaxLength : Math.Min(4, c.MaxLength))
                : "ABC1"[..Math.Min(4, c.MaxLength)];
            if (c.Linters.Contains("csum")) part = part[..^1] + Gtin.CheckDigit(part[..^1]);
            value.Append(part);
        }
        return value.ToString();
    }

    public static TheoryData<string> EveryPrimaryKeyWithEachQualifierSequence()
    {
        var data = new TheoryData<string>();
        foreach (var key in SyntaxDictionary.Instance.PrimaryKeys)
        {
            data.Add(key.Ai);
            foreach (var sequence in key.QualifierSequences) data.Add($"{key.Ai}+{string.Join(",", sequence)}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPrimaryKeyWithEachQualifierSequence))]
    public void Every_primary_key_parses_alone_and_with_each_full_qualifier_sequence(string vector)
    {
        var parts = vector.Split('+');
        var d = SyntaxDictionary.Instance;
        var key = d.Find(parts[0])!;
        var qualifiers = parts.Length > 1 ? parts[1].Split(',') : [];
        var path = $"/{key.Ai}/{Uri.EscapeDataString(Example(key))}"
            + string.Concat(qualifiers.Select(q => $"/{q}/{Uri.EscapeDataString(Example(d.Find(q)!))}"));
        // (415) Pay To requires its qualifier (8020) by the dictionary's req= attribute.
        if (key.Ai == "415" && qualifiers.Length == 0)
        {
            Assert.Contains("needs (8020)", Invalid(path), StringComparison.Ordinal);
            return;
        }
        var link = Valid(path);
        Assert.Equal(key.Ai, link.PrimaryKey.Ai);
        Assert.Equal(qualifiers, link.Qualifiers.Select(q => q.Ai));
    }

    [Theory]
    [InlineData("17=271231")]
    [InlineData("3103=000195")]
    [InlineData("15=250600")] // day 00: the end of the month
    [InlineData("17=271231&3103=000195&11=260610")]
    [InlineData("7007=260610")]
    [InlineData("linkType=gs1%3Apip&17=271231&lang=en")] // other parameters are kept apart
    public void Data_attributes_in_the_query_parse(string query)
    {
        var link = Valid("/01/09520123456788/10/ABC", query);
        var expected = query.Split('&').Count(p => char.IsAsciiDigit(p[0]));
        Assert.Equal(expected, link.Attributes.Count);
        Assert.All(link.OtherParameters, p => Assert.False(p.Key.All(char.IsAsciiDigit)));
    }

    [Fact]
    public void Percent_encoding_is_decoded_exactly_once()
    {
        Assert.Equal("LN26%45XP01", Valid("/01/09520123456788/10/LN26%2545XP01").Qualifier("10"));
        Assert.Equal("A/B", Valid("/01/09520123456788/10/A%2FB").Qualifier("10"));
        Assert.Equal("LN26EXP01", Valid("/01/09520123456788/10/LN26%45XP01").Qualifier("10"));
    }

    [Theory]
    [InlineData("/01/09520123456789", "check digit")]
    [InlineData("/01/09520123456", "too short")]
    [InlineData("/01/095201234567880", "too long")]
    [InlineData("/01/0952012345678X", "may not contain 'X'")]
    [InlineData("/01/09520123456788/21/1/10/ABC", "GS1's order")]
    [InlineData("/01/09520123456788/10/ABC/22/2A", "GS1's order")]
    [InlineData("/01/09520123456788/22/2A/235/XYZ", "GS1's order")] // two sequences mixed
    [InlineData("/01/09520123456788/10/ABC/10/DEF", "GS1's order")]
    [InlineData("/01/09520123456788/17/271231", "GS1's order")] // a data attribute is not a path qualifier
    [InlineData("/00/106141412345678908/10/ABC", "takes no key qualifiers")]
    [InlineData("/10/ABC", "not a Digital Link primary key")]
    [InlineData("/99x/ABC", "not a GS1 Application Identifier")]
    [InlineData("/01/09520123456788/10/ABCDEFGHIJKLMNOPQRSTU", "too long")] // 21 characters
    [InlineData("/01/09520123456788/10/A%20B", "may not contain ' '")]
    [InlineData("/01/09520123456788/10/L%C3%B4", "may not contain")]
    [InlineData("/01/09520123456788/10", "followed by")]
    [InlineData("/01", "followed by")]
    [InlineData("/01/09520123456788/10/%ZZ", "percent-encoded")]
    [InlineData("/8003/19520123456788", "must be 0")] // GRAI starts with a zero digit
    [InlineData("/8006/095201234567880302/10/X", "exceeds the total")]
    public void Invalid_links_are_refused_saying_why(string path, string why) =>
        Assert.Contains(why, Invalid(path), StringComparison.Ordinal);

    [Theory]
    [InlineData("17=271331", "month 13")]
    [InlineData("11=250229", "day 29")] // 2025 is not a leap year
    [InlineData("3103=00019", "too short")]
    [InlineData("10=ABC", "may not be a data attribute")] // a key qualifier belongs in the path
    [InlineData("21=1", "may not be a data attribute")]
    [InlineData("01=09520123456788", "given twice")]
    [InlineData("37=12", "may not be used with (37)")] // the dictionary's ex= for (01)
    [InlineData("250=X", "needs (01) with (21)")] // the dictionary's req= for (250)
    [InlineData("17=271231&17=271231", "given twice")]
    [InlineData("999=1", "not a GS1 Application Identifier")]
    public void Invalid_data_attributes_are_refused_saying_why(string query, string why) =>
        Assert.Contains(why, Invalid("/01/09520123456788", query), StringComparison.Ordinal);

    [Fact]
    public void A_requirement_met_by_a_path_qualifier_is_met()
    {
        Valid("/01/09520123456788/10/ABC/21/7", "250=X");
        Assert.Contains("needs", Invalid("/01/09520123456788/10/ABC", "250=X"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_date_linter_follows_GS1s_sliding_century()
    {
        Assert.True(Parse("/01/09520123456788", out _, out _, "17=760229")); // 2076 is a leap year (within 50 years ahead)
        Assert.False(Parse("/01/09520123456788", out _, out _, "17=770229"));
    }
}
