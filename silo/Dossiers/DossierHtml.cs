using System.Globalization;
using System.Text;
using Nguon.Client.Dossiers;
using Nguon.Model;

namespace Nguon.Silo.Dossiers;

/// <summary>The human-readable rendering of a dossier, every label in English, Japanese and Vietnamese. It shows
/// what the signed JWS states; the JWS (not this page) is what a buyer verifies.</summary>
public static class DossierHtml
{
    private static readonly Dictionary<string, (string En, string Ja, string Vi)> Labels = new()
    {
        ["title"] = ("Export dossier", "輸出書類一式", "Hồ sơ xuất khẩu"),
        ["lot"] = ("Lot", "ロット", "Lô hàng"),
        ["product"] = ("Product", "品目", "Sản phẩm"),
        ["issued"] = ("Issued", "発行日時", "Ngày cấp"),
        ["issuer"] = ("Issuer", "発行者", "Đơn vị cấp"),
        ["key"] = ("Signing key (kid)", "署名鍵 (kid)", "Khóa ký (kid)"),
        ["root"] = ("Root hash", "ルートハッシュ", "Mã băm gốc"),
        ["gi"] = ("Geographical indication", "地理的表示 (GI)", "Chỉ dẫn địa lý"),
        ["jpreg"] = ("Registration abroad", "海外での登録", "Đăng ký ở nước ngoài"),
        ["verdict"] = ("GI verdict", "GI 判定", "Kết luận CDĐL"),
        ["reasons"] = ("Reasons", "理由", "Lý do"),
        ["market"] = ("Import rules of the destination market", "輸入先市場の検疫条件", "Quy định nhập khẩu của thị trường"),
        ["rule"] = ("Rule", "条件", "Quy định"),
        ["result"] = ("Result", "結果", "Kết quả"),
        ["pass"] = ("passed", "適合", "đạt"),
        ["fail"] = ("failed", "不適合", "không đạt"),
        ["chain"] = ("Chain of custody", "流通経路", "Chuỗi lưu chuyển"),
        ["batch"] = ("Batch", "バッチ", "Lô"),
        ["event"] = ("Event", "イベント", "Sự kiện"),
        ["time"] = ("Time", "日時", "Thời gian"),
        ["where"] = ("Where", "場所", "Địa điểm"),
        ["by"] = ("Recorded by", "記録者", "Người ghi"),
        ["readings"] = ("Readings", "測定値", "Số đo"),
        ["farms"] = ("Growing areas", "生産園地", "Vùng trồng"),
        ["code"] = ("Growing-area code", "園地コード", "Mã số vùng trồng"),
        ["address"] = ("Address", "所在地", "Địa chỉ"),
        ["documents"] = ("Documents", "添付書類", "Tài liệu"),
        ["name"] = ("Name", "名称", "Tên"),
        ["type"] = ("Type", "種類", "Loại"),
        ["none"] = ("none", "なし", "không có"),
        ["log"] = ("Transparency log", "透明性ログ", "Nhật ký minh bạch"),
        ["howto"] = ("Verify the signed dossier offline: nguon dossier verify FILE --jwks JWKS [--documents DIR]",
            "署名済み書類のオフライン検証: nguon dossier verify FILE --jwks JWKS [--documents DIR]",
            "Kiểm tra hồ sơ đã ký khi không có mạng: nguon dossier verify FILE --jwks JWKS [--documents DIR]"),
    };

    public static string Render(DossierPayload d, string kid)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
            + "content=\"width=device-width\">")
            .Append($"<title>{E(d.Batch)} — Export dossier / 輸出書類一式 / Hồ sơ xuất khẩu</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:70rem}")
            .Append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}")
            .Append("td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}.l small{display:block;"
                + "color:#555}")
            .Append(".pass{color:#060}.fail{color:#a00}code{font-size:.85em;word-break:break-all}</style></head><body>");
        html.Append($"<h1>{L("title")}: {E(d.Batch)}</h1><table>");
        var root = d.Batches.First(b => b.Batch.Code == d.Batch).Batch;
        Row(html, "lot", $"{E(d.Batch)}{(root.Gtin is null ? "" : $" (GTIN {E(root.Gtin)}, lot {E(root.Lot ?? "")})")}");
        Row(html, "product", E($"{root.Product}{(root.Variety is null ? "" : $" ({root.Variety})")}, {root.Quantity}"));
        Row(html, "issued", E(d.IssuedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        Row(html, "issuer", E(d.Issuer));
        Row(html, "key", $"<code>{E(kid)}</code>");
        Row(html, "root", $"<code>{E(d.RootHash)}</code>");
        if (d.Log is { } log)
            Row(html, "log", E($"{log.Heads.Count} chain heads proven in the checkpoint of {log.Checkpoint.TreeSize} leaves of ")
                + $"{E(log.Checkpoint.Time.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))}, root "
                + $"<code>{E(log.Checkpoint.RootHash)}</code>");
        foreach (var c in d.Certificates)
        {
            Row(html, "gi",
                E($"{c.Number} — {c.Name.Vi} / {c.Name.En}{(c.Name.Ja is null ? "" : " / " + c.Name.Ja)} "
                    + $"({c.Status.ToString().ToLowerInvariant()})"));
            foreach (var r in c.ForeignRegistrations)
                Row(html, "jpreg", E($"{r.Country} {r.Number}{(r.RegisteredOn is { } on ? $", {on:yyyy-MM-dd}" : "")}"));
        }
        var v = d.Verification;
        Row(html, "verdict",
            $"<b class=\"{(v.Verdict == Verdict.Verified ? "pass" : "fail")}\">{E(v.Verdict.ToString())}"
                + $"</b>{(v.GiClaim is null ? "" : $" (GI {E(v.GiClaim)})")}");
        Row(html, "reasons", v.Reasons.Count == 0 ? L("none") : string.Join("<br>", v.Reasons.Select(r => E(r.Message))));
        html.Append("</table>");

        if (v.Market is { } market)
        {
            html.Append($"<h2>{L("market")}: {E(market.Market)} <small>({E(market.RuleSet)})</small> — <span "
                + $"class=\"{(market.Passed ? "pass" : "fail")}\">{L(market.Passed ? "pass" : "fail")}</span></h2>");
            html.Append($"<table><tr><th>{L("rule")}</th><th>{L("result")}</th><th></th></tr>");
            foreach (var r in market.Rules)
                html.Append($"<tr><td><code>{E(r.Rule)}</code></td><td "
                    + $"class=\"{(r.Passed ? "pass" : "fail")}\">{L(r.Passed ? "pass" : "fail")}</td><td>{E(r.Message)}</td></tr>");
            html.Append("</table>");
        }

        html.Append($"<h2>{L("chain")}</h2><table><tr><th>{L("batch")}</th><th>{L("event")}</th><th>{L("time")}</th><th>{L("where")}</th>"
            + $"<th>{L("by")}</th><th>{L("readings")}</th></tr>");
        foreach (var node in d.Batches)
            foreach (var e in node.Events)
                html.Append($"<tr><td>{E(node.Batch.Code)}</td><td>{E(e.BizStep)}{(e.Disposition is null ? "" : $" ({E(e.Disposition)})")}"
                    + $"{(e.Reason is null ? "" : $": {E(e.Reason)}")}</td>")
                    .Append($"<td>{E(e.EventTime.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture))}</td>"
                        + $"<td>{E(e.ReadPoint ?? e.BizLocation ?? "")}</td><td>{E(e.Actor)}</td>")
                    .Append($"<td>{string.Join("<br>", e.Sensors.Select(Reading))}</td></tr>");
        html.Append("</table>");

        html.Append($"<h2>{L("farms")}</h2><table><tr><th>{L("code")}</th><th>{L("name")}</th><th>{L("address")}</th></tr>");
        foreach (var f in d.Farms)
            html.Append($"<tr><td>{E(f.Code)}</td><td>{E(f.Name)}</td>"
                + $"<td>{E($"{f.Address.Commune}, {f.Address.District}, {f.Address.Province}")}</td></tr>");
        html.Append("</table>");

        html.Append($"<h2>{L("documents")}</h2><table><tr><th>{L("name")}</th><th>{L("type")}</th><th>{L("batch")}</th><th>SHA-256</th>"
            + $"</tr>");
        foreach (var doc in d.Documents)
            html.Append($"<tr><td>{E(doc.Name)}</td><td>{E(doc.Type ?? "")}</td>"
                + $"<td>{E($"{doc.Subject.ToString().ToLowerInvariant()} {doc.SubjectId}")}</td>"
                + $"<td><code>{E(doc.Sha256)}</code></td></tr>");
        html.Append("</table>");
        html.Append($"<p>{L("howto")}</p></body></html>");
        return html.ToString();
    }

    private static string Reading(SensorReading s) => E($"{s.Type} = {s.Value.ToString(CultureInfo.InvariantCulture)} {s.Unit}");

    private static void Row(StringBuilder html, string label, string valueHtml)
        => html.Append($"<tr><th class=\"l\">{L(label)}</th><td>{valueHtml}</td></tr>");

    /// <summary>A label in the three languages: English, then Japanese and Vietnamese in small type.</summary>
    private static string L(string key)
    {
        var (en, ja, vi) = Labels[key];
        return $"{E(en)} <small lang=\"ja\">{E(ja)}</small> <small lang=\"vi\">{E(vi)}</small>";
    }

    /// <summary>Escapes markup characters only (WebUtility.HtmlEncode would turn Vietnamese letters into entities).</summary>
    private static string E(string text) => Nguon.Client.Html.Escape(text);
}
