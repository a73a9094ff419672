using Microsoft.AspNetCore.Http.Headers;

namespace Nguon.Silo.Labels;

/// <summary>The label page's words in Vietnamese, English and Japanese. The language is <c>?lang=</c> when given,
/// else the best of <c>Accept-Language</c>, else Vietnamese (the produce's home market).</summary>
public sealed class LabelText
{
    public static readonly string[] Languages = ["vi", "en", "ja"];

    private LabelText(string language) => Language = language;

    public string Language { get; }

    public static LabelText For(HttpRequest request)
    {
        if (request.Query["lang"].ToString() is { Length: > 0 } asked && Languages.Contains(asked)) return new(asked);
        var best = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is not null && Languages.Contains(l));
        return new(best ?? "vi");
    }

    public string this[string key] => Words.TryGetValue(key, out var w) ? Language switch { "en" => w.En, "ja" => w.Ja, _ => w.Vi } : key;

    /// <summary>A sentence with its values filled in ({0}, {1}, …).</summary>
    public string Format(string key, params object[] values) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], values);

    public string Product(string product) => Words.ContainsKey("product." + product) ? this["product." + product] : product;

    /// <summary>A reason rule in plain words; the rule family decides when the exact rule has no sentence.</summary>
    public string Reason(string rule) =>
        Words.ContainsKey("reason." + rule) ? this["reason." + rule]
        : Words.ContainsKey("reason." + rule.Split('.')[0]) ? this["reason." + rule.Split('.')[0]]
        : this["reason.other"];

    private static readonly Dictionary<string, (string Vi, string En, string Ja)> Words = new()
    {
        ["title"] = ("Kiểm tra nguồn gốc", "Origin check", "産地確認"),
        ["verdict.Verified"] = ("Đã xác minh", "Verified", "確認済み"),
        ["verdict.NotVerified"] = ("Không xác minh được", "Not verified", "確認できません"),
        ["verdict.Recalled"] = ("Đã thu hồi", "Recalled", "回収対象"),
        ["verdict.Verified.sub"] = ("Chỉ dẫn địa lý trên nhãn là thật: mọi khâu đã được kiểm tra.",
            "The GI claim on this label is genuine: every step checks out.", "このラベルの地理的表示は本物です。すべての工程を確認しました。"),
        ["verdict.NotVerified.sub"] = ("Không thể xác nhận chỉ dẫn địa lý trên nhãn này. Lý do:",
            "The GI claim on this label cannot be confirmed. Why:", "このラベルの地理的表示は確認できません。理由:"),
        ["verdict.Recalled.sub"] = ("Lô hàng này đã bị thu hồi. Không bán, không sử dụng. Lý do:",
            "This lot has been recalled. Do not sell or eat it. Why:", "このロットは回収対象です。販売・飲食しないでください。理由:"),
        ["product"] = ("Sản phẩm", "Product", "品目"),
        ["gi"] = ("Chỉ dẫn địa lý", "Geographical indication", "地理的表示"),
        ["gi.none"] = ("Không có", "None claimed", "なし"),
        ["gi.japan"] = ("Đăng ký tại Nhật Bản", "Registered in Japan", "日本で登録"),
        ["producers"] = ("Nhà vườn", "Producers", "生産者"),
        ["harvest"] = ("Ngày thu hoạch", "Harvested", "収穫日"),
        ["journey"] = ("Hành trình", "Journey", "流通経路"),
        ["map"] = ("Vùng trồng", "Where it was grown", "産地"),
        ["map.area"] = ("Vùng được bảo hộ", "Protected GI area", "保護地域"),
        ["map.outside"] = ("ngoài vùng bảo hộ", "outside the protected area", "保護地域外"),
        ["lot"] = ("Lô", "Lot", "ロット"),
        ["checked"] = ("Kiểm tra lúc", "Checked", "確認日時"),
        ["fingerprint"] = ("Mã băm chuỗi", "Chain fingerprint", "チェーンのハッシュ"),
        ["step.harvest"] = ("Thu hoạch", "Harvest", "収穫"),
        ["step.packing"] = ("Đóng gói", "Packing", "選果・包装"),
        ["step.fumigation"] = ("Xông hơi khử trùng", "Fumigation", "くん蒸"),
        ["step.inspection"] = ("Kiểm dịch", "Inspection", "検査"),
        ["step.shipment"] = ("Vận chuyển", "Shipment", "出荷"),
        ["step.receipt"] = ("Nhận hàng", "Received", "入荷"),
        ["step.labelled"] = ("Dán nhãn lô hàng", "Lot labelled", "ロット表示"),
        ["step.retail"] = ("Bán lẻ", "Retail", "小売"),
        ["step.recall"] = ("Thu hồi", "Recall", "回収"),
        ["product.lychee"] = ("Vải thiều", "Lychee", "ライチ"),
        ["product.custard apple"] = ("Na", "Custard apple", "カスタードアップル"),
        ["notfound.title"] = ("Không tìm thấy lô hàng", "Lot not found", "ロットが見つかりません"),
        ["notfound.body"] = ("Không có lô hàng nào mang mã này trong hệ thống. Nhãn có thể bị làm giả hoặc bị in sai. Đừng tin vào chỉ "
            + "dẫn địa lý trên nhãn này.",
            "No lot with this code is registered. The label may be forged or misprinted: do not rely on its GI claim.",
            "このコードのロットは登録されていません。偽造または誤印刷の可能性があります。このラベルの地理的表示を信頼しないでください。"),
        ["soldas"] = ("{0} được bán là {1} ({2}); lô hàng này không được xác minh là {1}:",
            "{0} is sold as {1} ({2}); this lot does not verify for it:",
            "{0} は {1}（{2}）として販売されていますが、このロットはそれとして確認できません:"),
        ["notfound.product"] = ("GTIN {0} là {1} của {2}, nhưng không có lô {3} nào của sản phẩm này.",
            "GTIN {0} is {1} of {2}, but no lot {3} of it exists.",
            "GTIN {0} は {2} の {1} ですが、ロット {3} は存在しません。"),
        ["notfound.product.title"] = ("Sản phẩm chưa được đăng ký", "Product not registered", "製品が登録されていません"),
        ["product.page"] = ("Thông tin sản phẩm do chủ nhãn hàng đăng ký", "Product information registered by the brand owner",
            "ブランドオーナーが登録した製品情報"),
        ["brand"] = ("Chủ nhãn hàng", "Brand owner", "ブランドオーナー"),
        ["net"] = ("Khối lượng tịnh", "Net content", "内容量"),
        ["refused.title"] = ("Không thể kiểm tra lô hàng này", "This lot cannot be checked", "このロットは確認できません"),
        ["refused.body"] = ("Không kiểm tra được nguồn gốc của lô hàng, nên chỉ dẫn địa lý trên nhãn chưa được xác nhận. Lý do:",
            "Its origin could not be checked, so the GI claim on this label is not confirmed. Why:",
            "産地を確認できなかったため、このラベルの地理的表示は確認されていません。理由:"),
        ["reason.trace"] = ("Chuỗi truy xuất của lô hàng dài hoặc lớn hơn mức một lần kiểm tra được phép đi qua.",
            "Its chain of custody is longer or larger than a check may follow.", "流通履歴が、確認でたどれる長さ・規模を超えています。"),
        ["reason.gi.no-claim"] = ("Lô hàng này không được đăng ký là sản phẩm chỉ dẫn địa lý.",
            "This lot was never registered as GI produce.", "このロットは地理的表示産品として登録されていません。"),
        ["reason.gi.outside-area"] = ("Một vườn trồng nằm ngoài vùng được bảo hộ.", "A farm it came from lies outside the protected area.",
            "保護地域外の園地の産品が含まれています。"),
        ["reason.gi.farm-not-authorised"] = ("Một vườn trồng không được phép dùng tên chỉ dẫn địa lý.",
            "A farm it came from is not authorised to use the GI name.", "地理的表示の使用を許可されていない園地の産品が含まれています。"),
        ["reason.gi.authorisation-inactive"] = ("Quyền dùng chỉ dẫn địa lý của một vườn trồng đã bị đình chỉ hoặc thu hồi.",
            "A farm's right to use the GI name is suspended or revoked.", "園地の地理的表示使用許可が停止または取消されています。"),
        ["reason.gi.certificate-inactive"] = ("Giấy chứng nhận chỉ dẫn địa lý đang bị đình chỉ hoặc đã bị thu hồi.",
            "The GI certificate is suspended or revoked.", "地理的表示の登録が停止または取消されています。"),
        ["reason.gi.certificate-not-valid"] = ("Giấy chứng nhận chỉ dẫn địa lý không có hiệu lực vào ngày thu hoạch.",
            "The GI certificate was not valid on the harvest date.", "収穫日に地理的表示の登録が有効ではありませんでした。"),
        ["reason.gi.certificate-unknown"] = ("Chỉ dẫn địa lý trên nhãn chưa được đăng ký.", "The GI on the label is not registered.",
            "ラベルの地理的表示は登録されていません。"),
        ["reason.gi.dilution"] = ("Lô hàng bị trộn với quả không thuộc chỉ dẫn địa lý.", "Fruit without the GI was mixed into this lot.",
            "地理的表示でない果実が混入しています。"),
        ["reason.gi.yield-exceeded"] = ("Sản lượng vượt quá khả năng của diện tích trồng.",
            "More was harvested than the farm's area can grow.", "園地の面積で生産可能な量を超えています。"),
        ["reason.gi"] = ("Lô hàng không đáp ứng quy định của chỉ dẫn địa lý.", "The lot does not meet the GI's rules.",
            "地理的表示の基準を満たしていません。"),
        ["reason.integrity"] = ("Lịch sử của lô hàng đã bị sửa đổi.", "The recorded history has been altered.", "記録された履歴が改ざんされています。"),
        ["reason.lineage"] = ("Thiếu một phần lịch sử của lô hàng.", "Part of the lot's history is missing.", "履歴の一部が欠けています。"),
        ["reason.mass-balance"] = ("Số lượng ghi nhận dọc chuỗi không khớp.", "The quantities along the chain do not add up.",
            "流通経路の数量が合いません。"),
        ["reason.recall"] = ("Lô hàng này hoặc nguồn của nó đã bị thu hồi.", "This lot or one of its sources has been recalled.",
            "このロットまたはその原料が回収対象です。"),
        ["reason.other"] = ("Một bước kiểm tra truy xuất nguồn gốc không đạt.", "A traceability check failed.", "トレーサビリティ確認で問題が見つかりました。"),
    };
}
