using System.Text.Json;
using Microsoft.Data.Sqlite;
using Nguon.Domain.Epcis;
using Nguon.Model;
using Nguon.Silo.Epcis;
using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Nguon.Tests.Infrastructure;
using Npgsql;
using static Nguon.Tests.Epcis.EpcisQueryWorld;

namespace Nguon.Tests.Epcis;

/// <summary>A store with <see cref="EpcisQueryWorld"/> captured once, shared by one store's query tests.</summary>
public abstract class EpcisQueryStoreFixture : IAsyncLifetime
{
    protected abstract NguonOptions Options { get; }
    public ReadModelSql Sql { get; private set; } = null!;
    public EpcisQueryStore Store { get; private set; } = null!;
    public List<WorldEvent> World { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        await SchemaMigrator.ApplyAsync(Options);
        Sql = new ReadModelSql(Options.Storage, Options.StorageConnectionString, "epcis-query-test");
        Store = new EpcisQueryStore(Sql);
        World = await Capture(new EpcisEventStore(Sql, null), Sql);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

public sealed class SqliteEpcisQueryStoreFixture : EpcisQueryStoreFixture
{
    private readonly TempFolder folder = new("nguon-epcis-query-");

    protected override NguonOptions Options => new()
    {
        Storage = StorageKind.Sqlite, ConnectionString = $"Data Source={folder.File("store.db")};Pooling=False",
    };

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>In a schema of its own (the search path), so its rows and plans are its own.</summary>
public sealed class PostgresEpcisQueryStoreFixture : EpcisQueryStoreFixture
{
    private readonly string schema = $"epcisq_{Guid.NewGuid():N}"[..20];

    protected override NguonOptions Options => new()
    {
        Storage = StorageKind.Postgres,
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresClusterFixture.ConnectionString) { SearchPath = schema }.ToString(),
    };

    public override async Task InitializeAsync()
    {
        await Run($"CREATE SCHEMA {schema}");
        await base.InitializeAsync();
    }

    public override Task DisposeAsync() => Run($"DROP SCHEMA {schema} CASCADE");

    private static async Task Run(string text)
    {
        await using var connection = new NpgsqlConnection(PostgresClusterFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(text, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>SimpleEventQuery over the store, on SQLite and PostgreSQL: each parameter against an oracle over the captured
/// index, both orders, every page without loss or duplicates, who sees what, the canonical forms, and the 400s.</summary>
public abstract class EpcisQueryStorageTests<TFixture>(TFixture fixture) where TFixture : EpcisQueryStoreFixture
{
    private static readonly Actor Inspector = new("inspector", [Role.Inspector]);
    private static readonly Actor ReaderA = new(OrgA, [Role.Operator]);
    private static readonly Actor ReaderB = new(OrgB, [Role.Operator]);
    private static string Dl(string urn) => EpcUrn.ToDigitalLink(urn)!;

    /// <summary>A query string and the events it must find (in capture order), as an inspector sees them.</summary>
    public static readonly Dictionary<string, (string Query, Func<WorldEvent, bool> Expected)> Cases = new()
    {
        ["eventType"] = ("eventType=AggregationEvent|TransformationEvent", e => e.Index.EventType is "AggregationEvent" or "TransformationEvent"),
        ["eventType, commas"] = ("eventType=ObjectEvent,AssociationEvent", e => e.Index.EventType is "ObjectEvent" or "AssociationEvent"),
        ["eventTime window"] = ("GE_eventTime=2026-06-10T05:00:00Z&LT_eventTime=2026-06-10T16:00:00%2B07:00",
            e => e.Index.EventTime >= Start.AddHours(5) && e.Index.EventTime < Start.AddHours(9)),
        ["eventTime, '+' read as a space"] = ("GE_eventTime=2026-06-10T12:00:00+07:00", e => e.Index.EventTime >= Start.AddHours(5)),
        ["recordTime"] = ("GE_recordTime=2026-06-16T00:00:00Z&LT_recordTime=2026-06-17T00:00:00Z", e => e.N is >= 10 and < 20),
        ["EQ_action"] = ("EQ_action=ADD", e => e.Index.Action == "ADD"),
        ["EQ_bizStep bare|CURIE"] = ("EQ_bizStep=shipping|cbv:BizStep-packing", e => e.N % 4 is 0 or 2),
        ["EQ_bizStep URN"] = ("EQ_bizStep=urn:epcglobal:cbv:bizstep:receiving", e => e.N % 4 == 1),
        ["EQ_disposition"] = ("EQ_disposition=active", e => e.N % 2 == 1),
        ["EQ_readPoint URN"] = ($"EQ_readPoint={Sgln(1)}", e => e.N % 3 == 1),
        ["WD_readPoint Digital Link"] = ($"WD_readPoint={Dl(Sgln(2))}", e => e.N % 3 == 2),
        ["EQ_bizLocation"] = ($"EQ_bizLocation={Sgln(6)}|{Sgln(9)}", e => e.N % 2 == 1),
        ["MATCH_epc URN"] = ($"MATCH_epc={Sgtin(0, false)}|{Sgtin(1, false)}", e => e.N is 0 or 1), // epcList, childEPCs
        ["MATCH_epc Digital Link"] = ($"MATCH_epc={Sgtin(0, true)}|{Sgtin(1, true)}", e => e.N is 0 or 1),
        ["MATCH_epc skips inputs"] = ($"MATCH_epc={Sgtin(3, false)}", e => false),
        ["MATCH_epc pattern"] = ("MATCH_epc=urn:epc:idpat:sgtin:8935000.010001.*", e => e.Index.EventType != "TransformationEvent"),
        ["MATCH_parentID"] = ($"MATCH_parentID={Sscc(1)}|{Sscc(4)}|{Sscc(5)}", e => e.N is 1 or 4),
        ["MATCH_inputEPC"] = ($"MATCH_inputEPC={Sgtin(3, true)}", e => e.N == 3),
        ["MATCH_outputEPC"] = ($"MATCH_outputEPC={Sgtin(103, false)}|{Sgtin(108, false)}", e => e.N is 3 or 8),
        ["MATCH_anyEPC"] = ($"MATCH_anyEPC={Sgtin(3, false)}|{Sscc(1)}|{Sgtin(12, false)}|{Sgtin(108, true)}", e => e.N is 1 or 3 or 8 or 12),
        ["MATCH_epcClass"] = ($"MATCH_epcClass={Lgtin(1)}", e => e.N % 3 == 1 && e.Index.EventType is "ObjectEvent" or "TransactionEvent" or "AggregationEvent"),
        ["MATCH_inputEPCClass"] = ($"MATCH_inputEPCClass={Dl(Lgtin(2))}", e => e.N % 3 == 2 && e.Index.EventType == "TransformationEvent"),
        ["MATCH_outputEPCClass"] = ($"MATCH_outputEPCClass={Lgtin(9)}", e => e.Index.EventType == "TransformationEvent"),
        ["MATCH_anyEPCClass pattern"] = ("MATCH_anyEPCClass=https://id.gs1.org/01/08935000100011/*",
            e => e.Index.EventType != "AssociationEvent"),
        ["quantity range"] = ("GE_quantity=50&LT_quantity=120", e => e.Index.Epcs.Any(x => x.Quantity is >= 50 and < 120)),
        ["EQ_quantity"] = ("EQ_quantity=70", e => e.Index.Epcs.Any(x => x.Quantity == 70)),
        ["GT_quantity LE_quantity"] = ("GT_quantity=200&LE_quantity=230", e => e.Index.Epcs.Any(x => x.Quantity is > 200 and <= 230)),
        ["EQ_eventID"] = ($"EQ_eventID={EventId(5)}|{EventId(25)}", e => e.N is 5 or 25),
        ["EXISTS_errorDeclaration"] = ("EXISTS_errorDeclaration=", e => e.N is 7 or 22),
        ["EQ_type bare"] = ("EQ_type=Temperature", e => e.N % 8 == 1),
        ["EQ_type CURIE"] = ("EQ_type=gs1:Humidity", e => e.N % 8 == 5),
        ["EQ_deviceID"] = ($"EQ_deviceID={Device(1)}", e => e.N % 4 == 1 && e.N / 4 % 2 == 1),
        ["EQ_chemicalSubstance"] = ("EQ_chemicalSubstance=https://identifiers.org/inchikey:GZCGUPFRVQAUEE-SLPGGIOYSA-N", e => e.N % 4 == 1),
        ["combined"] = ("eventType=ObjectEvent&EQ_bizStep=shipping&GE_eventTime=2026-06-10T00:00:00Z", e => e.Index.EventType == "ObjectEvent"
            && e.N % 4 == 0),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    private (EpcisQuery Query, IReadOnlyList<string> Errors) Parse(string queryString, string? token = null)
    {
        var pairs = queryString.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .Select(p => (Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "")).ToList();
        if (token is not null) pairs.Add(("nextPageToken", token));
        return EpcisQueryParameters.Parse([.. pairs.GroupBy(p => p.Item1).Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(p => p.Item2)]))]);
    }

    /// <summary>Every page of the query, following the tokens as a client follows the Link header.</summary>
    private async Task<List<int>> All(string queryString, Actor? reader = null)
    {
        var found = new List<int>();
        string? token = null;
        for (var pages = 0; ; pages++)
        {
            Assert.True(pages < 100, "the pages never end");
            var (query, errors) = Parse(queryString, token);
            Assert.Empty(errors);
            var page = await fixture.Store.Events(query, reader ?? Inspector);
            found.AddRange(page.Bodies.Select(N));
            if (page.Next is null) return found;
            token = EpcisPageToken.Of(page.Next, query.Fingerprint);
        }
    }

    private int N(string body)
    {
        var id = JsonDocument.Parse(body).RootElement.GetProperty("eventID").GetString();
        return fixture.World.Single(e => e.EventId == id).N;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Each_parameter_finds_what_the_standard_says(string name)
    {
        var (query, expected) = Cases[name];
        var want = fixture.World.Where(expected).Select(e => e.N).ToList();
        Assert.NotEmpty(want.Count > 0 || name.Contains("skips") ? [1] : want);
        Assert.Equal(want, await All(query + "&perPage=4"));
    }

    [Fact]
    public async Task Both_orders_by_event_time_and_record_time_page_without_loss_or_duplicates()
    {
        var byTime = fixture.World.OrderBy(e => e.Index.EventTime).ThenBy(e => e.N).Select(e => e.N).ToList();
        Assert.Equal(byTime, await All("orderBy=eventTime&orderDirection=ASC&perPage=7"));
        Assert.Equal(Enumerable.Reverse(byTime), await All("orderBy=eventTime&perPage=3")); // DESC is the default
        var byRecord = fixture.World.OrderByDescending(e => e.RecordTime).ThenByDescending(e => e.N).Select(e => e.N).ToList();
        Assert.Equal(byRecord, await All("orderBy=recordTime&orderDirection=DESC&perPage=4"));
        Assert.Equal(Enumerable.Range(0, 30), await All("perPage=1000"));
        Assert.Equal(Enumerable.Range(0, 30), await All("perPage=1"));
    }

    [Fact]
    public async Task EventCountLimit_gives_the_first_N_across_pages()
    {
        var latest = fixture.World.OrderByDescending(e => e.Index.EventTime).Take(5).Select(e => e.N).ToList();
        Assert.Equal(latest, await All("orderBy=eventTime&eventCountLimit=5&perPage=2"));
        Assert.Equal(latest[..1], await All("orderBy=eventTime&eventCountLimit=1"));
        Assert.Equal(30, await fixture.Store.Count(Parse("").Query, Inspector, 100));
        Assert.Equal(11, await fixture.Store.Count(Parse("").Query, Inspector, 10)); // counted up to maxEventCount + 1
    }

    [Fact]
    public async Task An_organisation_sees_what_it_captured_and_the_events_of_lots_it_may_read()
    {
        Assert.Equal([.. Enumerable.Range(0, 20), .. Enumerable.Range(20, 10).Where(n => n % 2 == 0)], await All("", ReaderA));
        Assert.Equal(Enumerable.Range(20, 10), await All("", ReaderB));
        Assert.Equal([7, 22], await All("EXISTS_errorDeclaration=true", ReaderA));
        Assert.Empty(await All($"EQ_eventID={EventId(21)}", ReaderA));
        Assert.Null(await fixture.Store.Event(EventId(21), ReaderA));
        Assert.NotNull(await fixture.Store.Event(EventId(22), ReaderA));
        Assert.Null(await fixture.Store.Event(EventId(3), ReaderB));
        Assert.NotNull(await fixture.Store.Event(EventId(3), Inspector));
        Assert.Null(await fixture.Store.Event("urn:uuid:no-such-event", Inspector));
    }

    [Fact]
    public async Task A_reader_of_some_events_pages_its_own_and_its_lots_events_merged_in_order()
    {
        // ReaderA's own events (0-19) and the events of lots it may read (the even ones of 20-29) come from two pages merged.
        var visible = fixture.World.Where(e => e.N < 20 || e.N % 2 == 0).ToList();
        var byTime = visible.OrderBy(e => e.Index.EventTime).ThenBy(e => e.N).Select(e => e.N).ToList();
        Assert.Equal(byTime, await All("orderBy=eventTime&orderDirection=ASC&perPage=3", ReaderA));
        Assert.Equal(Enumerable.Reverse(byTime), await All("orderBy=eventTime&perPage=2", ReaderA));
        var byRecord = visible.OrderByDescending(e => e.RecordTime).ThenByDescending(e => e.N).Select(e => e.N).ToList();
        Assert.Equal(byRecord, await All("orderBy=recordTime&perPage=4", ReaderA));
        Assert.Equal(visible.Select(e => e.N), await All("perPage=1", ReaderA));
        Assert.Equal(byTime.Take(7).ToList(), await All("orderBy=eventTime&orderDirection=ASC&eventCountLimit=7&perPage=3", ReaderA));
    }

    [Fact]
    public async Task A_bare_word_a_CURIE_a_URI_and_a_URN_of_one_bizStep_or_EPC_find_the_same_events()
    {
        var forms = new[] { "packing", "cbv:BizStep-packing", "https://ref.gs1.org/cbv/BizStep-packing", "urn:epcglobal:cbv:bizstep:packing" };
        var results = await Task.WhenAll(forms.Select(f => All("EQ_bizStep=" + Uri.EscapeDataString(f))));
        Assert.All(results, r => Assert.Equal(results[0], r));
        Assert.Equal(fixture.World.Where(e => e.N % 4 == 2).Select(e => e.N), results[0]);
        Assert.Equal(await All($"MATCH_anyEPC={Sgtin(5, false)}"), await All($"MATCH_anyEPC={Uri.EscapeDataString(Sgtin(5, true))}"));
    }

    [Fact]
    public async Task The_values_of_the_top_level_resources_are_those_the_reader_sees_paged()
    {
        var (steps, more) = await fixture.Store.Values(EpcisValueColumn.BizStep, Inspector, null, 3);
        Assert.Equal(Steps.Order(StringComparer.Ordinal).Take(3).Select(s => EpcisIndex.BizStepPrefix + s), steps);
        Assert.True(more);
        var (rest, none) = await fixture.Store.Values(EpcisValueColumn.BizStep, Inspector, steps[^1], 3);
        Assert.Equal([EpcisIndex.BizStepPrefix + "shipping"], rest);
        Assert.False(none);
        var (epcs, _) = await fixture.Store.Values(EpcisValueColumn.Epc, ReaderB, null, 1000);
        Assert.Contains(Dl(Sgtin(21, false)), epcs);
        Assert.DoesNotContain(Dl(Sgtin(3, false)), epcs);
        var (points, _) = await fixture.Store.Values(EpcisValueColumn.ReadPoint, ReaderA, null, 10);
        Assert.Equal(3, points.Count);
    }

    [Theory]
    [InlineData("EQ_bizstep=shipping", "EQ_bizstep")]
    [InlineData("GE_eventTime=yesterday", "GE_eventTime")]
    [InlineData("GE_eventTime=2026-06-10T00:00:00", "GE_eventTime")]
    [InlineData("EQ_quantity=ten", "EQ_quantity")]
    [InlineData("orderBy=quantity", "orderBy")]
    [InlineData("orderBy=eventTime&orderDirection=down", "orderDirection")]
    [InlineData("eventCountLimit=3", "eventCountLimit")]
    [InlineData("orderBy=eventTime&eventCountLimit=3&maxEventCount=3", "mutually exclusive")]
    [InlineData("perPage=0", "perPage")]
    [InlineData("perPage=1001", "perPage")]
    [InlineData("eventType=QuantityEvent", "eventType")]
    [InlineData("EQ_action=UPDATE", "EQ_action")]
    [InlineData("EQ_bizStep=shipping&EQ_bizStep=receiving", "given 2 times")]
    [InlineData("MATCH_epc=urn:epc:idpat:sgtin:8935000.*.*", "MATCH_epc")]
    [InlineData("EQ_transformationID=x", "does not support")]
    [InlineData("nextPageToken=AAAA", "nextPageToken")]
    [InlineData("EXISTS_errorDeclaration=maybe", "EXISTS_errorDeclaration")]
    public void A_bad_parameter_is_named_in_the_errors(string queryString, string named)
    {
        var (_, errors) = Parse(queryString);
        Assert.Contains(errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Too_many_values_and_a_token_of_another_query_are_refused()
    {
        var many = "EQ_bizStep=" + string.Join("|", Enumerable.Range(0, EpcisQueryParameters.MaxValues + 1).Select(i => "s" + i));
        Assert.Contains(Parse(many).Errors, e => e.Contains("at most", StringComparison.Ordinal));
        var (query, _) = Parse("EQ_bizStep=shipping&perPage=2");
        var page = await fixture.Store.Events(query, Inspector);
        var token = EpcisPageToken.Of(page.Next!, query.Fingerprint);
        Assert.Empty(Parse("EQ_bizStep=shipping&perPage=5", token).Errors); // perPage may change between pages
        Assert.Contains(Parse("EQ_bizStep=receiving&perPage=2", token).Errors, e => e.StartsWith("nextPageToken", StringComparison.Ordinal));
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        Assert.Contains(Parse("EQ_bizStep=shipping&perPage=2", tampered).Errors, e => e.StartsWith("nextPageToken", StringComparison.Ordinal));
    }
}

public sealed class SqliteEpcisQueryStorageTests(SqliteEpcisQueryStoreFixture fixture)
    : EpcisQueryStorageTests<SqliteEpcisQueryStoreFixture>(fixture), IClassFixture<SqliteEpcisQueryStoreFixture>;

public sealed class PostgresEpcisQueryStorageTests(PostgresEpcisQueryStoreFixture fixture)
    : EpcisQueryStorageTests<PostgresEpcisQueryStoreFixture>(fixture), IClassFixture<PostgresEpcisQueryStoreFixture>;
