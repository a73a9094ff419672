using Nguon.Domain.Epcis;

namespace Nguon.Tests.Domain.Epcis;

/// <summary>EPC URNs (GS1 Tag Data Standard) to canonical GS1 Digital Links and back, the constrained canonical form
/// of any Digital Link, and the pre-hash's times and numbers. Check digits computed by hand (GS1 mod 10).</summary>
public sealed class EpcUrnTests
{
    [Theory]
    [InlineData("urn:epc:id:sgtin:8935001.012345.A1", "https://id.gs1.org/01/08935001123453/21/A1")]
    [InlineData("urn:epc:id:sgtin:8935001.167890.D%2F1", "https://id.gs1.org/01/18935001678905/21/D%2F1")]
    [InlineData("urn:epc:id:sgtin:8935001.012345.a!b(c)", "https://id.gs1.org/01/08935001123453/21/a%21b%28c%29")]
    [InlineData("urn:epc:class:lgtin:8935001.012345.LOT-7", "https://id.gs1.org/01/08935001123453/10/LOT-7")]
    [InlineData("urn:epc:idpat:sgtin:8935001.012345.*", "https://id.gs1.org/01/08935001123453")]
    [InlineData("urn:epc:id:sscc:8935001.0000000001", "https://id.gs1.org/00/089350010000000013")]
    [InlineData("urn:epc:id:sgln:8935001.00001.0", "https://id.gs1.org/414/8935001000013")]
    [InlineData("urn:epc:id:sgln:8935001.00002.7", "https://id.gs1.org/414/8935001000020/254/7")]
    [InlineData("urn:epc:id:pgln:8935001.00009", "https://id.gs1.org/417/8935001000099")]
    [InlineData("urn:epc:id:grai:8935001.00003.B9", "https://id.gs1.org/8003/08935001000037B9")]
    [InlineData("urn:epc:id:giai:8935001.LOGGER-4", "https://id.gs1.org/8004/8935001LOGGER-4")]
    [InlineData("urn:epc:id:gsrn:8935001.0000000123", "https://id.gs1.org/8018/893500100000001236")]
    [InlineData("urn:epc:id:gsrnp:8935001.0000000123", "https://id.gs1.org/8017/893500100000001236")]
    [InlineData("urn:epc:id:gdti:8935001.00001.DRY1", "https://id.gs1.org/253/8935001000013DRY1")]
    [InlineData("urn:epc:id:pgln:893500100000.", "https://id.gs1.org/417/8935001000006")]
    public void An_epc_urn_is_its_canonical_digital_link(string urn, string link)
    {
        Assert.Equal(link, EpcUrn.ToDigitalLink(urn));
        Assert.Equal(link, CanonicalDigitalLink.Normalise(link));
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:8935001.12345.A1")] // company prefix + item reference must be 13 digits
    [InlineData("urn:epc:id:sgtin:8935001.012345.")]
    [InlineData("urn:epc:id:sscc:893.50010000000001")]
    [InlineData("urn:epc:class:sgtin:8935001.012345.A1")]
    [InlineData("urn:epc:id:unknown:8935001.1")]
    [InlineData("urn:epcglobal:cbv:bt:8935001000013:INV-9")]
    public void What_is_no_epc_urn_has_no_digital_link(string urn) => Assert.Null(EpcUrn.ToDigitalLink(urn));

    [Theory]
    [InlineData("urn:epc:id:sgtin:8935001.012345.D%2F1", 7)]
    [InlineData("urn:epc:class:lgtin:8935001.012345.LOT-7", 7)]
    [InlineData("urn:epc:idpat:sgtin:8935001.012345.*", 7)]
    [InlineData("urn:epc:id:sscc:8935001.0000000001", 7)]
    [InlineData("urn:epc:id:sgln:8935001.00001.0", 7)]
    [InlineData("urn:epc:id:sgln:8935001.00002.7", 7)]
    [InlineData("urn:epc:id:pgln:8935001.00009", 7)]
    [InlineData("urn:epc:id:grai:8935001.00003.B9", 7)]
    [InlineData("urn:epc:id:giai:8935001.LOGGER-4", 7)]
    [InlineData("urn:epc:id:gsrn:8935001.0000000123", 7)]
    [InlineData("urn:epc:id:gdti:8935001.00001.DRY1", 7)]
    [InlineData("urn:epc:id:sgtin:893500112.0345.A1", 9)]
    public void A_canonical_digital_link_goes_back_to_its_urn_given_the_company_prefix_length(string urn, int prefixLength) =>
        Assert.Equal(urn, EpcUrn.FromDigitalLink(EpcUrn.ToDigitalLink(urn)!, prefixLength));

    [Theory]
    [InlineData("https://id.nguon.vn/01/08935001123453/10/LOT-7?17=271231&linkType=gs1:pip",
        "https://id.gs1.org/01/08935001123453/10/LOT-7")]
    [InlineData("https://example.com/a/b/gtin/8935001123453/lot/LOT-7", "https://id.gs1.org/01/08935001123453/10/LOT-7")]
    [InlineData("https://id.gs1.org/01/08935001123453/22/2A/10/L%2F1/21/S%211", "https://id.gs1.org/01/08935001123453/21/S%211")]
    [InlineData("https://id.gs1.org/414/8935001000013/254/7", "https://id.gs1.org/414/8935001000013/254/7")]
    public void A_digital_link_keeps_only_its_finest_key_on_id_gs1_org(string link, string canonical) =>
        Assert.Equal(canonical, CanonicalDigitalLink.Normalise(link));

    [Theory]
    [InlineData("https://id.gs1.org/01/08935001123454/21/A1")] // wrong check digit
    [InlineData("https://cert.example.vn/gi/00121")]
    [InlineData("https://id.gs1.org/")]
    [InlineData("urn:epc:id:sgtin:8935001.012345.A1")]
    public void What_is_no_valid_digital_link_is_not_rewritten(string uri) => Assert.Null(CanonicalDigitalLink.Normalise(uri));

    [Theory]
    [InlineData("2023-01-18T11:04:03.1415Z", "2023-01-18T11:04:03.142Z")]
    [InlineData("2023-01-18T11:04:03.1425Z", "2023-01-18T11:04:03.143Z")]
    [InlineData("2023-12-31T23:59:59.9996Z", "2024-01-01T00:00:00.000Z")]
    [InlineData("2023-01-18T11:04:03+07:00", "2023-01-18T04:04:03.000Z")]
    [InlineData("2023-01-18T01:04:03-11:30", "2023-01-18T12:34:03.000Z")]
    [InlineData("not a time", "not a time")]
    public void Times_are_utc_at_millisecond_precision(string time, string expected) =>
        Assert.Equal(expected, PreHashValues.Time(time));

    [Theory]
    [InlineData("1.0", "1")]
    [InlineData("0.3434000", "0.3434")]
    [InlineData("+012.50", "12.5")]
    [InlineData("-0.0", "0")]
    [InlineData("2E2", "200")]
    public void Numbers_have_no_trailing_zeros(string number, string expected) =>
        Assert.Equal(expected, PreHashValues.Number(number));

    [Fact]
    public void Sorting_is_by_utf8_bytes_not_utf16_units()
    {
        // U+FF21 (three UTF-8 bytes, EF BC A1) sorts before U+1F600 (F0 9F 98 80); in UTF-16 the surrogate D83D comes first.
        Assert.True(Utf8Order.Instance.Compare("\uFF21", "\U0001F600") < 0);
        Assert.True(string.CompareOrdinal("\uFF21", "\U0001F600") > 0);
        Assert.True(Utf8Order.Instance.Compare("Z", "a") < 0);
    }
}
