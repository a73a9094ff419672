using System.Net;
using System.Net.Http.Headers;
using Nguon.Tests.Http;

namespace Nguon.Tests.Exports;

/// <summary>The FSMA 204 export of a period (?from=&amp;to=&amp;gi=), from the read model of a real silo loaded with the demo:
/// the same rows as each lot's own export for the events in the period, an XLSX the Open XML SDK opens and validates, the
/// reader's permissions, and bounds.</summary>
[Collection(DemoSiloCollection.Name)]
public sealed class Fsma204PeriodTests(DemoSiloFixture fixture)
{
    private const string June = "from=2026-06-01&to=2026-07-01";
    private HttpClient Client => fixture.Client;

    private async Task<(HttpResponseMessage Response, byte[] Body)> Export(string query, Party by)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/exports/fsma204?{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", by.Token);
        var response = await Client.SendAsync(request);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static string Key(IReadOnlyDictionary<string, object?> row) => string.Join("|", row.Values.Select(Spreadsheets.AsCsv));

    [Fact]
    public async Task A_month_of_the_demo_GI_holds_every_row_of_the_export_lots_own_export()
    {
        var inspector = await fixture.Demo(DemoSiloFixture.DemoInspector);
        var (response, body) = await Export($"{June}&gi=VN-GI-00017&format=csv", inspector);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Nguon-Read-Model-As-Of"));
        var period = Spreadsheets.ParseCsv(body);
        var (_, lotBody) = await Export($"tlc={DemoSiloFixture.ExportLot}&format=csv", inspector);
        var lot = Spreadsheets.ParseCsv(lotBody);

        Assert.Equal(lot.Headers, period.Headers);
        Assert.Equal(9, lot.Rows.Count);
        var inPeriod = period.Rows.Select(Key).ToHashSet();
        Assert.All(lot.Rows, row => Assert.Contains(Key(row), inPeriod));
        // The retail lot's transformation and the domestic lot's receiving are in the month too; the trader's lots claim no GI.
        Assert.Contains(period.Rows, r => (string?)r["Critical tracking event"] == "Transformation"
            && (string?)r["Traceability lot code (TLC)"] == "(01)08935000100028(10)LN26RT01");
        Assert.DoesNotContain(period.Rows, r => ((string?)r["Traceability lot code (TLC)"])!.StartsWith("TRTH-", StringComparison.Ordinal));
        Assert.All(period.Rows, r => Assert.StartsWith("2026-06-", (string?)r["Event date"]));

        var (xlsxResponse, xlsx) = await Export($"{June}&gi=VN-GI-00017", inspector);
        Assert.Equal("fsma204-VN-GI-00017-20260601-20260701.xlsx", xlsxResponse.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(period.Rows.Count, Spreadsheets.OpenXlsx(xlsx).Records.Rows.Count);
    }

    [Fact]
    public async Task A_period_lists_only_the_lots_its_reader_may_read()
    {
        var (_, importerBody) = await Export($"{June}&format=csv", await fixture.Demo(DemoSiloFixture.DemoImporter));
        var tlcs = Spreadsheets.ParseCsv(importerBody).Rows.Select(r => (string?)r["Traceability lot code (TLC)"]).Distinct().ToList();
        Assert.Equal(["(01)08935000100011(10)LN26EXP01"], tlcs);
        var (_, nothing) = await Export("from=2026-01-01&to=2026-02-01&format=csv", await fixture.Demo(DemoSiloFixture.DemoInspector));
        Assert.Empty(Spreadsheets.ParseCsv(nothing).Rows);
    }

    [Theory]
    [InlineData("from=2026-06-01", "input.to")]
    [InlineData("from=2026-06-01&to=2026-12-01", "input.to")]
    [InlineData("from=2026-06-02&to=2026-06-01", "input.to")]
    [InlineData("from=June&to=2026-07-01", "input.from")]
    [InlineData("from=2026-06-01&to=2026-07-01&gi=a%20b", "input.gi")]
    [InlineData("from=2026-06-01&to=2026-07-01&limit=5", "input.limit")]
    public async Task A_bad_period_is_a_problem_naming_the_parameter(string query, string rule)
    {
        var problem = await Client.Get($"api/exports/fsma204?{query}", await fixture.Inspector()).ExpectProblem(HttpStatusCode.BadRequest);
        Assert.Contains(rule, problem.Rules());
    }
}
