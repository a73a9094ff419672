using System.Net;
using System.Net.Http.Headers;
using Nguon.Tests.Http;

namespace Nguon.Tests.Exports;

/// <summary>The FSMA 204 export of the demo's export lot from a real silo process (loaded with --demo through the API),
/// opened with the Open XML SDK and parsed as CSV with .NET's own parser.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class Fsma204HttpTests(DemoSiloFixture fixture)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string ExportTlc = "(01)08935000100011(10)LN26EXP01";
    private const string Packer = "ph-lucngan-01";
    private const string PackingHouse = "PH-BG-LN-001";
    private const string PackerDescription = "Lục Ngạn packing house 01 (ph-lucngan-01), Phượng Sơn, VN";
    private HttpClient Client => fixture.Client;

    private static string Path(string tlc, string? format = null) =>
        $"api/exports/fsma204?tlc={Uri.EscapeDataString(tlc)}" + (format is null ? "" : $"&format={format}");

    private async Task<(HttpResponseMessage Response, byte[] Body)> Export(string path, Party by, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", by.Token);
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_export_lots_XLSX_has_one_row_per_event_back_to_its_three_harvests_with_the_KDEs_filled()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        // The lot as a scanner reads its label: GTIN + lot as a GS1 element string.
        var (response, body) = await Export(Path("010893500010001110LN26EXP01"), inspector);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Xlsx, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("fsma204-PH01-LN26-EXP-0001.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar
            ?? response.Content.Headers.ContentDisposition?.FileName);
        var book = Spreadsheets.OpenXlsx(body);
        Assert.Equal(["FSMA 204 records", "Columns"], book.SheetNames);
        // Sortable: the header row is frozen and filtered over every row and column.
        Assert.Equal(("A2", 1d), (book.FrozenTopLeftCell, book.FrozenRows));
        var records = book.Records;
        Assert.Equal($"A1:{ColumnLetters(records.Headers.Count)}{records.Rows.Count + 1}", book.AutoFilter);
        // The column sheet describes every column, with the rule's paragraphs.
        Assert.Equal(records.Headers, book.Columns.Rows.Select(r => (string)r["Column"]!));
        Assert.All(book.Columns.Rows, r => Assert.False(string.IsNullOrWhiteSpace((string?)r["Key data element"])));

        var rows = records.Rows;
        Assert.Equal(
            new[]
            {
                ("Harvesting", "HG-LN26-H-0003", (string?)null), ("Harvesting", "PS-LN26-H-0001", null),
                ("Harvesting", "QS-LN26-H-0002", null),
                ("Initial packing", "PH01-LN26-P-0001", "HG-LN26-H-0003"), ("Initial packing", "PH01-LN26-P-0001", "PS-LN26-H-0001"),
                ("Initial packing", "PH01-LN26-P-0001", "QS-LN26-H-0002"), ("Transformation", ExportTlc, "PH01-LN26-P-0001"),
                ("Shipping", ExportTlc, null), ("Receiving", ExportTlc, null),
            },
            rows.Select(r => ((string)r["Critical tracking event"]!, (string)r["Traceability lot code (TLC)"]!, (string?)r["Input TLC"])));

        // Dates are date cells, quantities numbers.
        var june10 = new DateOnly(2026, 6, 10);
        Assert.Equal(new object?[] { june10, june10, june10, june10, june10, june10, new DateOnly(2026, 6, 11), new DateOnly(2026, 6, 11),
            new DateOnly(2026, 6, 13) }, rows.Select(r => r["Event date"]));
        Assert.Equal(new object?[] { 600m, 1200m, 800m, 2400m, 2400m, 2400m, 1500m, 1500m, 1500m }, rows.Select(r => r["Quantity"]));
        Assert.All(rows, r => Assert.Equal("kg", r["Unit of measure"]));

        // Harvesting: the farm (its growing-area code, name, coordinates) and where the harvest went.
        var ps = rows[1];
        Assert.Equal("2026-06-10T06:00:00+07:00", ps["Event time"]);
        Assert.Equal(("lychee", "thiều"), (ps["Commodity"], ps["Variety"]));
        Assert.Equal("VNBG-LN-PS-001", ps["Location"]);
        Assert.Equal("Vườn vải Phượng Sơn 1, HTX vải thiều Phượng Sơn (htx-ps), Phượng Sơn, Lục Ngạn, Bắc Giang, VN, "
            + "21.32700, 106.52400 (latitude, longitude)", ps["Location description"]);
        Assert.Equal(("VNBG-LN-PS-001", "Vườn vải Phượng Sơn 1"), (ps["Farm (growing-area code)"], ps["Field or growing area name"]));
        Assert.Equal((Packer, PackerDescription), (ps["Immediate subsequent recipient"], ps["Immediate subsequent recipient description"]));
        Assert.Equal(("Nguon event record", "PS-LN26-H-0001#1"), (ps["Reference document type"], ps["Reference document number"]));
        Assert.Equal("phone numbers", ps["Not recorded in Nguon"]);

        // Initial packing at the packing house: each harvest's farm, harvester, dates, and what was received and used.
        var fromHg = rows[3];
        Assert.Equal(("2026-06-10T15:00:00+07:00", PackingHouse, PackingHouse),
            (fromHg["Event time"], fromHg["Location"], fromHg["TLC source"]));
        Assert.Equal($"{PackingHouse}, {PackerDescription}", fromHg["TLC source description"]);
        Assert.Equal(("VNBG-LN-HG-001", "HTX vải thiều Hồng Giang (htx-hg)"),
            (fromHg["Farm (growing-area code)"], fromHg["Harvester business name"]));
        Assert.Equal((june10, june10), (fromHg["Harvest date"], fromHg["Date received"]));
        Assert.Equal((600m, 400m, "kg"),
            (fromHg["Input quantity received"], fromHg["Input quantity used"], fromHg["Input unit of measure"]));
        Assert.Equal((1200m, 1200m), (rows[4]["Input quantity received"], rows[4]["Input quantity used"]));
        Assert.Equal("PH01-LN26-P-0001#2", fromHg["Reference document number"]); // the packing event

        // The labelled export lot, made from the packed lot at the packing house.
        var made = rows[6];
        Assert.Equal(("08935000100011", "LN26EXP01"), (made["GTIN"], made["Lot"]));
        Assert.Equal("Luc Ngan lychee, export grade: lychee (thiều), 5 kg per trade unit", made["Product description"]);
        Assert.Equal(("2026-06-11T07:00:00+07:00", PackingHouse, 1500m),
            (made["Event time"], made["TLC source"], made["Input quantity used"]));

        // Shipped by the packer to the Japanese importer, who received it two days later.
        var (shipped, received) = (rows[7], rows[8]);
        Assert.Equal((Packer, PackerDescription), (shipped["Location"], shipped["Location description"]));
        Assert.Equal(("jp-importer-tokyo", "Tokyo fresh fruit importer (jp-importer-tokyo), JP"),
            (shipped["Immediate subsequent recipient"], shipped["Immediate subsequent recipient description"]));
        Assert.Equal(("jp-importer-tokyo", Packer, PackingHouse),
            (received["Location"], received["Immediate previous source"], received["TLC source"]));
        Assert.Equal(("PH01-LN26-EXP-0001#3", "PH01-LN26-EXP-0001#4"), (shipped["Nguon event"], received["Nguon event"]));
        // Every event that needs a product description has one (the packed lot has no GTIN, so no packaging is known).
        Assert.All(rows.Skip(3), r => Assert.False(string.IsNullOrEmpty((string?)r["Product description"])));
        Assert.Contains("packaging size and style", (string)rows[3]["Not recorded in Nguon"]!);
    }

    [Fact]
    public async Task The_CSV_parses_to_the_same_rows_as_the_XLSX_by_format_or_by_Accept()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var (_, xlsx) = await Export(Path(DemoSiloFixture.ExportLot), inspector);
        var (byFormat, csv) = await Export(Path(DemoSiloFixture.ExportLot, "csv"), inspector);
        var (byAccept, accepted) = await Export(Path(DemoSiloFixture.ExportLot), inspector, "text/csv");

        Assert.Equal(HttpStatusCode.OK, byFormat.StatusCode);
        Assert.Equal("text/csv", byFormat.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", byFormat.Content.Headers.ContentType?.CharSet);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
        Assert.Equal(csv, accepted);
        // RFC 4180: CRLF after every record, no byte-order mark.
        var text = System.Text.Encoding.UTF8.GetString(csv);
        Assert.False(csv.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]));
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));

        var book = Spreadsheets.OpenXlsx(xlsx).Records;
        var parsed = Spreadsheets.ParseCsv(csv);
        Assert.Equal(book.Headers, parsed.Headers);
        Assert.Equal(9, parsed.Rows.Count);
        for (var i = 0; i < book.Rows.Count; i++)
            foreach (var header in book.Headers)
                Assert.True(Spreadsheets.AsCsv(book.Rows[i][header]) == (string?)parsed.Rows[i][header],
                    $"row {i + 1}, {header}: XLSX '{book.Rows[i][header]}' but CSV '{parsed.Rows[i][header]}'");
    }

    [Fact]
    public async Task Whoever_may_not_read_the_lots_trace_may_not_export_it()
    {
        await fixture.DemoDataLoaded();
        await Client.Get(Path(DemoSiloFixture.ExportLot)).ExpectUnauthorized();

        // The retailer never held the lot: refused, as its trace is; the importer holds it, the packer held it before the
        // importer received it (issue 14: an organisation reads the lots it held), and the inspector reads everything.
        string[] organisations = [Packer, DemoSiloFixture.DemoRetailer, DemoSiloFixture.DemoImporter, DemoSiloFixture.DemoInspector];
        foreach (var organisation in organisations)
        {
            var party = await fixture.Demo(organisation);
            using var trace = await Client.Get($"api/batches/{DemoSiloFixture.ExportLot}/trace?events=none", party);
            var (export, body) = await Export(Path(ExportTlc), party);
            Assert.True(trace.StatusCode == export.StatusCode,
                $"{organisation}: the trace answers {(int)trace.StatusCode}, the export {(int)export.StatusCode}");
            if (export.StatusCode == HttpStatusCode.OK) Assert.Equal(Xlsx, export.Content.Headers.ContentType?.MediaType);
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
                Assert.Equal(Api.ProblemJson, export.Content.Headers.ContentType?.MediaType);
                Assert.Contains("auth.forbidden", System.Text.Encoding.UTF8.GetString(body));
            }
        }
        var importer = await Export(Path(ExportTlc), await fixture.Demo(DemoSiloFixture.DemoImporter));
        Assert.Equal(HttpStatusCode.OK, importer.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Export(Path(ExportTlc), await fixture.Demo(Packer))).Response.StatusCode);
        var retailer = await Export(Path(ExportTlc), await fixture.Demo(DemoSiloFixture.DemoRetailer));
        Assert.Equal(HttpStatusCode.Forbidden, retailer.Response.StatusCode);
    }

    [Fact]
    public async Task Bad_and_unknown_lots_and_formats_are_problem_documents()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        Assert.Contains("input.tlc", (await Client.Get("api/exports/fsma204", inspector).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        Assert.Contains("input.tlc", (await Client.Get(Path("no such lot!"), inspector).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        Assert.Contains("input.format",
            (await Client.Get(Path(DemoSiloFixture.ExportLot, "pdf"), inspector).ExpectProblem(HttpStatusCode.BadRequest)).Rules());
        await Client.Get(Path("PH01-LN26-NONE-0001"), inspector).ExpectProblem(HttpStatusCode.NotFound);
        // A valid GTIN and lot that no lot carries.
        Assert.Contains("label.unknown",
            (await Client.Get(Path("(01)08935000100011(10)NOSUCHLOT"), inspector).ExpectProblem(HttpStatusCode.NotFound)).Rules());
    }

    private static string ColumnLetters(int column)
    {
        var name = "";
        for (; column > 0; column = (column - 1) / 26) name = (char)('A' + (column - 1) % 26) + name;
        return name;
    }
}
