using System.Text.Json;
using Nguon.Client;

namespace Nguon.Tests.Cli;

/// <summary>A silo process of its own with the demo data set loaded by `nguon demo`, and the demo organisations' keys
/// read back from the keys file it wrote (NGUON_KEY_INSPECTOR, NGUON_KEY_IMPORTER, …). Nothing writes to it after
/// the load that the lists read (an alert acknowledged is not in them): the lists the tests read are the demo's.</summary>
public sealed class DemoSilo : IAsyncLifetime
{
    private readonly Dictionary<string, string> keys = new(StringComparer.Ordinal);

    public CliSilo Silo { get; private set; } = null!;
    public NguonTool Tool => new(Silo.Url);

    /// <summary>The key of a demo organisation by its keys-file name (INSPECTOR, IMPORTER, PACKER, …).</summary>
    public string Key(string name) => keys[$"NGUON_KEY_{name}"];

    public async Task InitializeAsync()
    {
        Silo = await CliSilo.StartNewAsync();
        var keysFile = Silo.NewFile("demo-keys.env");
        (await Tool.As(Silo.AdminKey, "demo", "--keys-file", keysFile)).Ok();
        foreach (var line in await File.ReadAllLinesAsync(keysFile))
            if (line.Split('=', 2) is [var name, var value] && name.StartsWith("NGUON_KEY_", StringComparison.Ordinal))
                keys[name] = value;
    }

    public async Task DisposeAsync()
    {
        if (Silo is not null) await Silo.DisposeAsync();
    }
}

/// <summary>`nguon search`, `batch list`, `farm list`, `cert list`, `org list` and `admin reindex` / `admin read-model`
/// against the demo data set: what each role may read, paging by cursor, and bad filters refused with the server's one
/// line. One silo for the class (<see cref="DemoSilo"/>); the tests only read.</summary>
[Collection(CliSiloCollection.Name)]
public sealed class ListCommandTests(DemoSilo demo) : IClassFixture<DemoSilo>
{
    /// <summary>The demo's batches that claim the Lục Ngạn lychee GI, in code order (the lists' order).</summary>
    private static readonly string[] LycheeLots =
    [
        "HG-LN26-H-0003", "PH01-LN26-DOM-0001", "PH01-LN26-EXP-0001", "PH01-LN26-P-0001", "PS-LN26-H-0001", "QS-LN26-H-0002",
        "RTHN-LN26-RT-0001",
    ];

    private const string Gi = "VN-GI-00017";

    private Task<CliRun> Inspector(params string[] args) => demo.Tool.As(demo.Key("INSPECTOR"), args);

    private static string[] Codes(JsonElement page, string key = "code") =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty(key).GetString()!)];

    [Fact]
    public async Task The_inspector_searches_by_GI_and_sees_the_demo_lychee_lots_in_a_table_with_the_watermark()
    {
        var human = (await Inspector("search", "--gi", Gi)).Ok();
        var rows = human.Stdout.Split('\n').Where(l => l.StartsWith('│')).Skip(1).ToList();
        Assert.Equal(LycheeLots, rows.Select(r => r.Split('│', StringSplitOptions.TrimEntries)[1]));
        Assert.Contains(rows, r => r.Contains("08935000100011 / LN26EXP01", StringComparison.Ordinal)
            && r.Contains("jp-importer-tokyo", StringComparison.Ordinal) && r.Contains("1500 kg", StringComparison.Ordinal));
        Assert.Matches(@"\n7 batches, as of \d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d", human.Stdout);
        Assert.DoesNotContain("--cursor", human.Stdout);

        var json = (await Inspector("search", "--gi", Gi, "--json")).Ok().Json();
        Assert.Equal(LycheeLots, Codes(json));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("next").ValueKind);
        Assert.True(json.GetProperty("asOf").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1));
        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.Equal(Gi, i.GetProperty("giClaim").GetString()));

        // The same list is `batch list`, filters and all; text search takes its characters literally.
        Assert.Equal(LycheeLots, Codes((await Inspector("batch", "list", "--gi", Gi, "--json")).Ok().Json()));
        Assert.Equal(["PH01-LN26-EXP-0001"], Codes((await Inspector("search", "--q", "PH01-LN26-E", "--json")).Ok().Json()));
        Assert.Empty(Codes((await Inspector("search", "--q", "PH01%_ &x=1", "--json")).Ok().Json()));
        Assert.Equal(["PH01-LN26-EXP-0001"],
            Codes((await Inspector("search", "--gi", Gi, "--destination", "JP", "--status", "active", "--json")).Ok().Json()));
    }

    [Fact]
    public async Task The_importer_lists_only_the_lot_it_holds()
    {
        var json = (await demo.Tool.As(demo.Key("IMPORTER"), "batch", "list", "--json")).Ok().Json();
        Assert.Equal(["PH01-LN26-EXP-0001"], Codes(json));
        Assert.Equal("jp-importer-tokyo", json.GetProperty("items")[0].GetProperty("custodian").GetString());
        // In the offset the packer recorded the split in (Hà Nội), not UTC: the inspector reads the packer's day.
        Assert.Equal("2026-06-11T07:00:00+07:00", json.GetProperty("items")[0].GetProperty("createdAt").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("next").ValueKind);
        var human = (await demo.Tool.As(demo.Key("IMPORTER"), "batch", "list")).Ok();
        Assert.Contains("\n1 batch, as of", human.Stdout);
    }

    [Fact]
    public async Task Pages_of_two_name_the_next_cursor_and_the_cursor_gives_the_next_page()
    {
        var first = (await Inspector("search", "--gi", Gi, "--limit", "2", "--json")).Ok().Json();
        Assert.Equal(LycheeLots[..2], Codes(first));
        var next = first.GetProperty("next").GetString()!;
        Assert.False(string.IsNullOrEmpty(next));
        var human = (await Inspector("search", "--gi", Gi, "--limit", "2")).Ok();
        Assert.Contains("2 batches, as of", human.Stdout);
        Assert.Contains($"--cursor {next}", human.Stdout);

        var second = (await Inspector("search", "--gi", Gi, "--limit", "2", "--cursor", next, "--json")).Ok().Json();
        Assert.Equal(LycheeLots[2..4], Codes(second));

        // Page by page to the end, and --all in one go, give the whole list once.
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            string[] from = cursor is null ? [] : ["--cursor", cursor];
            var page = (await Inspector(["search", "--gi", Gi, "--limit", "3", "--json", .. from])).Ok().Json();
            seen.AddRange(Codes(page));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null && seen.Count < 20);
        Assert.Equal(LycheeLots, seen);
        var all = (await Inspector("search", "--gi", Gi, "--limit", "2", "--all")).Ok();
        Assert.Contains("\n7 batches, as of", all.Stdout);
        Assert.DoesNotContain("--cursor", all.Stdout);
    }

    [Fact]
    public async Task Following_pages_stops_at_the_most_asked_for_and_says_where_to_go_on()
    {
        var client = NguonClient.Create(new Uri(demo.Silo.Url), demo.Key("INSPECTOR"));
        var filter = new BatchFilter(Gi: Gi);
        var pages = 0;
        Task<ListPage<BatchSummary>> Page(int limit, string? cursor, CancellationToken ct)
        {
            pages++;
            return client.ListBatches(filter, limit, cursor, ct);
        }

        var capped = await NguonClient.Follow(Page, max: 3, pageSize: 2);
        Assert.Equal(LycheeLots[..3], capped.Items.Select(b => b.Code));
        Assert.Equal(2, pages);
        Assert.NotNull(capped.Next);
        var rest = await NguonClient.Follow(Page, max: 100, cursor: capped.Next, pageSize: 2);
        Assert.Equal(LycheeLots[3..], rest.Items.Select(b => b.Code));
        Assert.Null(rest.Next);
        Assert.Equal("api/batches?q=a%20b%26c%3D%25&gi=VN-GI-00017",
            NguonClient.WithQuery("api/batches", [("q", "a b&c=%"), ("season", null), ("gi", Gi)]));
    }

    [Fact]
    public async Task Bad_filters_exit_2_with_one_line_saying_what_is_wrong()
    {
        var status = (await Inspector("search", "--status", "bogus")).Failed();
        Assert.Contains("(400)", status);
        Assert.Contains("?status= is one of active, inTransit, consumed, recalled, not 'bogus'", status);
        Assert.Contains("2026-13-01", (await Inspector("batch", "list", "--from", "2026-13-01")).Failed());
        Assert.Contains("?limit=", (await Inspector("search", "--limit", "501")).Failed());
        Assert.Contains("'maybe'", (await Inspector("farm", "list", "--authorised", "maybe")).Failed());
        Assert.Contains("'frozen'", (await Inspector("cert", "list", "--status", "frozen")).Failed());
        Assert.Contains("see nguon --help", (await Inspector("search", "--limit", "many")).Failed());
    }

    [Fact]
    public async Task Farms_certificates_and_organisations_list_for_who_may_read_them()
    {
        var farms = (await Inspector("farm", "list", "--gi", Gi, "--authorised", "true", "--json")).Ok().Json();
        var codes = Codes(farms);
        Assert.Equal(20, codes.Length);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.All(codes, c => Assert.StartsWith("VNBG-LN-", c));
        Assert.All(farms.GetProperty("items").EnumerateArray(), f => Assert.Contains(f.GetProperty("authorisations").EnumerateArray(),
            a => a.GetProperty("gi").GetString() == Gi && a.GetProperty("status").GetString() == "active"));
        Assert.Equal(["VNHD-TH-TH-001"], Codes((await Inspector("farm", "list", "--authorised", "false", "--json")).Ok().Json()));
        var table = (await Inspector("farm", "list", "--gi", Gi, "--authorised", "true", "--limit", "1")).Ok();
        Assert.Contains("VNBG-LN-", table.Stdout);
        Assert.Contains($"{Gi} active", table.Stdout);
        Assert.Contains("1 farm, as of", table.Stdout);

        var certificates = (await demo.Tool.Anonymous("cert", "list", "--json")).Failed();
        Assert.Contains("(401)", certificates);
        Assert.Equal([Gi, "VN-GI-00084"],
            Codes((await demo.Tool.As(demo.Key("PACKER"), "cert", "list", "--status", "active", "--json")).Ok().Json(), "number"));

        (await Inspector("org", "list")).Forbidden();
        var operators = (await demo.Tool.As(demo.Silo.AdminKey, "org", "list", "--role", "operator", "--json")).Ok().Json();
        Assert.Equal(["jp-importer-tokyo", "ph-lucngan-01"], Codes(operators, "id"));
    }

    [Fact]
    public async Task Admin_reindex_of_a_fresh_demo_fixes_nothing_and_read_model_says_how_fresh_it_is()
    {
        var report = (await demo.Tool.As(demo.Silo.AdminKey, "admin", "reindex", "--json")).Ok().Json();
        Assert.Equal(0, report.GetProperty("fixed").GetInt64());
        var kinds = report.GetProperty("kinds").EnumerateArray().ToDictionary(k => k.GetProperty("kind").GetString()!);
        Assert.Equal(["batches", "certificates", "farms", "organisations"], kinds.Keys.Order(StringComparer.Ordinal));
        Assert.All(kinds.Values, k => Assert.Equal(0, k.GetProperty("missing").GetInt64() + k.GetProperty("different").GetInt64()
            + k.GetProperty("extra").GetInt64()));
        Assert.Equal(2, kinds["certificates"].GetProperty("checked").GetInt64());
        Assert.Equal(22, kinds["farms"].GetProperty("checked").GetInt64());

        var human = (await demo.Tool.As(demo.Silo.AdminKey, "admin", "reindex")).Ok();
        Assert.Matches(@"│ farms\s+│ 22\s+│ 0\s+│ 0\s+│ 0\s+│", human.Stdout);
        Assert.Contains("\nfixed 0 (started ", human.Stdout);
        Assert.Contains("may not rebuild the read model", (await Inspector("admin", "reindex")).Forbidden());

        var status = (await Inspector("admin", "read-model")).Ok();
        Assert.Contains("0 records not projected yet", status.Stdout);
        Assert.Equal(0, (await Inspector("admin", "read-model", "--json")).Ok().Json().GetProperty("behind").GetInt32());
    }
    [Fact]
    public async Task The_authority_reads_the_demo_season_ledger_as_tables_and_bars_and_it_adds_up()
    {
        var human = (await demo.Tool.As(demo.Key("AUTHORITY"), "gi", "season", Gi, "2026")).Ok().Stdout;
        Assert.Contains("20 authorised farms (3 harvesting)", human);
        Assert.Matches(@"│ exported\s+│ 1,500\s+│ 57\.7 %\s+│", human);
        Assert.Matches(@"│ domestic market\s+│ 900\s+│", human);
        Assert.Matches(@"│ unpacked\s+│ 200\s+│", human);
        Assert.Contains("the season adds up", human);
        Assert.Contains("exported: JP 1,500 kg", human);
        Assert.Contains("2026-W24  ", human);
        Assert.Contains("█", human);
        Assert.Contains("10 of 20 farm lines", human);

        var json = (await demo.Tool.As(demo.Key("AUTHORITY"), "gi", "season", Gi, "2026", "--json")).Ok().Json();
        var b = json.GetProperty("balance");
        Assert.Equal(2600m, b.GetProperty("harvestedKg").GetDecimal());
        Assert.Equal(0m, b.GetProperty("unaccountedKg").GetDecimal());
        var own = (await demo.Tool.As(demo.Key("PRODUCER_PS"), "gi", "season", Gi, "2026", "--json")).Ok().Json();
        Assert.All(own.GetProperty("farmLines").EnumerateArray(), f => Assert.Equal("htx-ps", f.GetProperty("owner").GetString()));
        Assert.Contains("may not read a GI's season ledger", (await demo.Tool.As(demo.Key("PACKER"), "gi", "season", Gi, "2026")).Forbidden());
        Assert.Contains("is not a season", (await demo.Tool.As(demo.Key("AUTHORITY"), "gi", "season", Gi, "20x")).Failed());
    }
    [Fact]
    public async Task The_demo_harvests_recorded_months_after_June_are_back_dated_alerts_an_inspector_acknowledges()
    {
        var evaluated = (await Inspector("alerts", "evaluate", "--gi", Gi, "--season", "2026")).Ok().Stdout;
        Assert.Contains($"{Gi} 2026: 3 findings", evaluated);
        var list = (await Inspector("alerts", "--gi", Gi, "--rule", "harvest.back-dated", "--json")).Ok().Json();
        var ids = list.GetProperty("items").EnumerateArray().ToDictionary(a => a.GetProperty("subject").GetString()!, a => a.GetProperty("id").GetString()!);
        Assert.Equal(["HG-LN26-H-0003", "PS-LN26-H-0001", "QS-LN26-H-0002"], ids.Keys.Order(StringComparer.Ordinal));
        var acked = (await Inspector("alerts", "ack", ids["PS-LN26-H-0001"], "--note", "the demo loads June's chain later")).Ok().Stdout;
        Assert.Contains("acknowledged by ppd-inspector: the demo loads June's chain later", acked);
        Assert.Contains("harvest.back-dated", (await Inspector("alerts", "show", ids["PS-LN26-H-0001"])).Ok().Stdout);
        Assert.Contains("is acknowledged already",
            (await Inspector("alerts", "ack", ids["PS-LN26-H-0001"], "--note", "again")).Failed());
        Assert.Contains("may not read or change alerts", (await demo.Tool.As(demo.Key("PACKER"), "alerts")).Forbidden());
    }
}
