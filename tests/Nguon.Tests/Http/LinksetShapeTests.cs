using System.Text.Json;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Tests.Http;

/// <summary>The linkset's JSON is what GS1's linkset schema (GS1-Conformant resolver 1.2.0) and RFC 9264 ask: one
/// context per level with its anchor, link types as full GS1 vocabulary URIs, each target with href, title, type and
/// an hreflang array; and the resolver's choice of one link follows linkType and Accept-Language.</summary>
public sealed class LinksetShapeTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private const string Self = "https://id.example.vn";

    private static readonly Product Lychee = new("08935000100011", "ph-lucngan-01",
        new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"), "lychee", new(5m, "kg"), null, "VN-GI-00017", null,
        DateTimeOffset.UnixEpoch);

    private static List<LinkContext> Contexts() =>
    [
        ResolverLinks.Lot(Self, $"{Self}/01/08935000100011/10/LN26EXP01", "/label/01/08935000100011/10/LN26EXP01", "PH01-LN26-EXP-0001",
            "lychee", "VN-GI-00017"),
        ResolverLinks.Product(Self, $"{Self}/01/08935000100011", "/label/01/08935000100011", Lychee),
    ];

    [Fact]
    public void Every_level_is_a_context_and_every_target_has_href_title_type_and_hreflang()
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(ResolverLinks.Linkset(Contexts()), Web));
        var contexts = doc.RootElement.GetProperty("linkset").EnumerateArray().ToList();
        Assert.Equal([$"{Self}/01/08935000100011/10/LN26EXP01", $"{Self}/01/08935000100011"],
            contexts.Select(c => c.GetProperty("anchor").GetString()));
        foreach (var context in contexts)
        {
            var types = context.EnumerateObject().Where(p => p.Name != "anchor").ToList();
            Assert.Contains(types, t => t.Name == "https://gs1.org/voc/defaultLink");
            Assert.All(types, t =>
            {
                Assert.StartsWith("https://gs1.org/voc/", t.Name, StringComparison.Ordinal);
                Assert.All(t.Value.EnumerateArray(), link =>
                {
                    Assert.StartsWith(Self + "/", link.GetProperty("href").GetString(), StringComparison.Ordinal);
                    Assert.False(string.IsNullOrEmpty(link.GetProperty("title").GetString()));
                    Assert.Contains("/", link.GetProperty("type").GetString(), StringComparison.Ordinal);
                    Assert.NotEmpty(link.GetProperty("hreflang").EnumerateArray());
                });
            });
        }
        var lot = contexts[0];
        Assert.Equal($"{Self}/api/batches/PH01-LN26-EXP-0001/verification?claim=VN-GI-00017",
            lot.GetProperty("https://gs1.org/voc/verificationService")[0].GetProperty("href").GetString());
        Assert.Equal(3, lot.GetProperty("https://gs1.org/voc/defaultLinkMulti").GetArrayLength());
        Assert.Equal($"{Self}/api/products/08935000100011",
            contexts[1].GetProperty("https://gs1.org/voc/masterData")[0].GetProperty("href").GetString());
    }

    [Theory]
    [InlineData("gs1:pip")]
    [InlineData("https://gs1.org/voc/pip")]
    [InlineData("https://ref.gs1.org/voc/pip")]
    public void A_link_type_in_any_GS1_spelling_selects_its_link_walking_up_to_the_product(string linkType)
    {
        var chosen = ResolverLinks.Choose(Contexts(), ResolverLinks.Term(linkType)!, Languages("ja, en;q=0.5"));
        Assert.Equal($"{Self}/label/01/08935000100011?lang=ja", chosen!.Href);
        Assert.Null(ResolverLinks.Choose(Contexts(), "recipeInfo", []));
        Assert.Null(ResolverLinks.Term("pip"));
    }

    [Theory]
    [InlineData("en-GB,en;q=0.9", "?lang=en")]
    [InlineData("ja", "?lang=ja")]
    [InlineData("fr", "")]
    [InlineData(null, "")]
    public void The_default_link_follows_Accept_Language(string? acceptLanguage, string suffix) =>
        Assert.Equal($"{Self}/label/01/08935000100011/10/LN26EXP01{suffix}",
            ResolverLinks.Default(Contexts(), Languages(acceptLanguage))!.Href);

    [Fact]
    public void The_query_is_passed_on_without_linkType()
    {
        Assert.Equal("https://x/p?17=271231&lang=en", ResolverLinks.WithQuery("https://x/p",
            [new("linkType", "gs1:pip"), new("17", "271231"), new("lang", "en")]));
        Assert.Equal("https://x/p?lang=vi&17=1", ResolverLinks.WithQuery("https://x/p?lang=vi", [new("lang", "en"), new("17", "1")]));
    }

    private static IList<Microsoft.Net.Http.Headers.StringWithQualityHeaderValue> Languages(string? header) =>
        header is null ? [] : Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.ParseList([header]);
}
