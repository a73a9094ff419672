using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nguon.Client.Demo;

/// <summary>The demo's documents, made here so the demo needs no files: small but well-formed PDFs (a
/// phytosanitary certificate, a fumigation record) and a residue report in JSON. Contents are illustrative.</summary>
public static class DemoDocuments
{
    public const string PhytosanitaryName = "PC-2026-BG-00871.pdf";
    public const string FumigationName = "FUM-BG-01-2026-0610-17.pdf";
    public const string ResidueName = "RES-2026-BG-0311.json";

    /// <summary>The residue results the report states (substance → mg/kg), also recorded as the sampling event's sensor readings.</summary>
    public static readonly (string Substance, decimal MgPerKg)[] Residues = [("cypermethrin", 0.12m), ("azoxystrobin", 0.35m),
        ("difenoconazole", 0.004m)];

    public static byte[] Phytosanitary() => Pdf(
        "PHYTOSANITARY CERTIFICATE No. PC-2026-BG-00871",
        "Plant Protection Department, Viet Nam - to the Plant Protection Organization of Japan",
        "Fresh lychee (Litchi chinensis), lot PH01-LN26-EXP-0001, 1,500 kg, GTIN 08935000100011 lot LN26EXP01",
        "Growing areas VNBG-LN-PS-001, VNBG-LN-QS-001, VNBG-LN-HG-001; packing house PH-BG-LN-001",
        "Treatment: methyl bromide 32 g/m3, 2 h, 24.5 C, facility FUM-BG-01, 2026-06-10",
        "Inspected 2026-06-11 at PH-BG-LN-001: found free from quarantine pests");

    public static byte[] Fumigation() => Pdf(
        "FUMIGATION RECORD FUM-BG-01 / 2026-06-10 17:00",
        "Lot PH01-LN26-P-0001 (2,400 kg), chamber 2",
        "Methyl bromide dose 32 g/m3, exposure 2 h, pulp temperature 24.5 C",
        "Recognised facility FUM-BG-01 (PPD / MAFF)");

    public static byte[] ResidueReport()
    {
        var results = string.Join(",",
            Residues.Select(r => $"{{\"substance\":\"{r.Substance}\",\"mgPerKg\":{r.MgPerKg.ToString(CultureInfo.InvariantCulture)}}}"));
        return Encoding.UTF8.GetBytes("{\"report\":\"RES-2026-BG-0311\",\"laboratory\":\"Bac Giang plant protection laboratory\","
            + "\"lot\":\"PH01-LN26-P-0001\",\"sampled\":\"2026-06-10T18:00+07:00\",\"method\":\"LC-MS/MS, GC-MS/MS multi-residue\","
            + $"\"results\":[{results}]}}\n");
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A one-page PDF with these lines of text (Helvetica), with a correct cross-reference table.</summary>
    public static byte[] Pdf(params string[] lines)
    {
        var text = new StringBuilder("BT /F1 11 Tf 50 780 Td 14 TL\n");
        foreach (var line in lines)
            text.Append('(').Append(line.Replace("\\", "\\\\").Replace("(", "\\(").Replace(")", "\\)")).Append(") '\n");
        text.Append("ET");
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(text.ToString())} >>\nstream\n{text}\nendstream",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append($"{offset:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
