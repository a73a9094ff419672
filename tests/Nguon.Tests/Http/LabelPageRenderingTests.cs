using Microsoft.AspNetCore.Http;
using Nguon.Model;
using Nguon.Silo.Labels;

namespace Nguon.Tests.Http;

/// <summary>The label page renderer on its own: the map marks a farm outside the claimed GI's area, and whatever
/// the stored names hold is text on the page, never markup.</summary>
public sealed class LabelPageRenderingTests
{
    private static PublicVerification Verification(string producer) => new(
        "B-1", "08935000100011", "L1", "lychee", "VN-GI-00017", new LocalizedText("Vải thiều Lục Ngạn", "Luc Ngan lychee", "ルックガン・ライチ"),
        [new PublicProducer(producer, "Phượng Sơn", "Lục Ngạn", "Bắc Giang")], [new DateOnly(2026, 6, 10)], Verdict.NotVerified,
        [new PublicReason("gi.outside-area", "farm X lies outside the protected area of GI VN-GI-00017")], new string('a', 64), DateTimeOffset.UnixEpoch,
        [new PublicJourneyStep("harvest", DateTimeOffset.UnixEpoch, ["Phượng Sơn"])],
        [new PublicOriginFarm(producer, "Phượng Sơn", Api.Inside, true),
         new PublicOriginFarm("Vườn vải Thanh Hà", "Thanh Hà", Api.Outside, false)],
        Api.Area);

    private static LabelText English()
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString("?lang=en");
        return LabelText.For(http.Request);
    }

    [Fact]
    public void A_farm_outside_the_protected_area_is_marked_on_the_map_and_in_the_legend()
    {
        var html = LabelPage.Render(Verification("Vườn vải Phượng Sơn 1"), English(), "/01/08935000100011/10/L1");
        Assert.Equal(2, html.Split("<g class=\"farm").Length - 1);
        Assert.Single(html.Split("<g class=\"farm outside\"").Skip(1));
        Assert.Contains("Vườn vải Thanh Hà — outside the protected area", html, StringComparison.Ordinal);
        Assert.Contains("A farm it came from lies outside the protected area.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_names_are_text_not_markup()
    {
        var html = LabelPage.Render(Verification("<script>alert(1)</script>"), English(), "/01/08935000100011/10/L1\"><x");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"><x", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Escaping_touches_markup_characters_only()
    {
        Assert.Equal("Vườn vải Thanh Hà &lt;b&gt; &amp; &quot;x&quot; &#39;y&#39; ×½", Nguon.Client.Html.Escape("Vườn vải Thanh Hà <b> & \"x\" 'y' ×½"));
        Assert.Equal("", Nguon.Client.Html.Escape(null));
    }

    [Theory]
    [InlineData("ja-JP,ja;q=0.9,en;q=0.8", null, "ja")]
    [InlineData("fr-FR,en;q=0.5", null, "en")]
    [InlineData("fr-FR", null, "vi")]
    [InlineData("en", "ja", "ja")]
    [InlineData("en", "xx", "en")]
    public void The_language_is_the_switch_else_the_best_accepted_else_Vietnamese(string acceptLanguage, string? lang, string expected)
    {
        var http = new DefaultHttpContext();
        http.Request.Headers.AcceptLanguage = acceptLanguage;
        if (lang is not null) http.Request.QueryString = new QueryString($"?lang={lang}");
        Assert.Equal(expected, LabelText.For(http.Request).Language);
    }
}
