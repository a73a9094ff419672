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

    [Theory]
    [InlineData("en", "This lot cannot be checked", "Its chain of custody is longer or larger than a check may follow.")]
    [InlineData("vi", "Không thể kiểm tra lô hàng này", "Chuỗi truy xuất của lô hàng dài hoặc lớn hơn mức một lần kiểm tra được phép đi qua.")]
    [InlineData("ja", "このロットは確認できません", "流通履歴が、確認でたどれる長さ・規模を超えています。")]
    public void A_refused_verification_is_a_page_saying_in_words_why_the_lot_cannot_be_checked(string language, string title, string why)
    {
        var http = new DefaultHttpContext();
        http.Request.QueryString = new QueryString($"?lang={language}");
        var refusal = new Violation("trace.too-deep", "the ancestry of <B-9> is more than 1000 levels deep");
        var html = LabelPage.Refused(LabelText.For(http.Request), [refusal], "08935000100011", "L9", "/01/08935000100011/10/L9");
        Assert.Contains($"<h1>{title}</h1>", html, StringComparison.Ordinal);
        Assert.Contains($"<li data-rule=\"trace.too-deep\"><strong>{why}</strong>", html, StringComparison.Ordinal);
        Assert.Contains("the ancestry of &lt;B-9&gt; is more than 1000 levels deep", html, StringComparison.Ordinal);
        Assert.Contains("(01) 08935000100011 · (10) L9", html, StringComparison.Ordinal);
        Assert.DoesNotContain("verified", html, StringComparison.OrdinalIgnoreCase);
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
