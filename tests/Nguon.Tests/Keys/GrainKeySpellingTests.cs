using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Nguon.Domain;
using Nguon.Domain.Organisations;
using Nguon.Log;
using Nguon.Model;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Keys;

/// <summary>Every grain type, on a real database: three spellings of one hexadecimal-looking key (C1A2…, c1a2…,
/// 0C1A2…), which Orleans' ADO.NET storage would keep in one row, are written through the grains; after a restart
/// (nothing in memory) each reads back what was written under it, and the database holds one string-keyed row per
/// spelling. The exception is by design: API key ids are case-insensitive, so a key grain exists under its lower-case
/// spelling only and the others are refused. A new grain type without a case here fails
/// <see cref="Every_grain_type_has_a_case"/>.</summary>
public abstract class GrainKeySpellingTests(AdoNetClusterFixture fixture)
{
    private const string Gtin = "08930000000019";
    private static readonly Actor Authority = new("authority", [Role.Authority]);
    private static readonly Actor Inspector = new("inspector", [Role.Inspector]);

    public static TheoryData<string> GrainTypes => [.. Cases];

    private static readonly string[] Cases =
    [
        "batch", "batch-page", "certificate", "documents", "farm", "farm-season", "idempotency", "label", "api-key",
        "organisation", "audit", "audit-page", "audit-days", "trace", "scan", "public-verdict", "product", "company-prefix",
        "code-space",
        "log-intake", "log-intake-chunk", "log-leaves", "log-nodes", "log-checkpoints", "log-record", "log-sequencer", "log-query",
    ];

    private IGrainFactory Grains => fixture.Grains;

    private Scenario Scenario => new(Grains);

    [Fact]
    public void Every_grain_type_has_a_case()
    {
        var declared = typeof(Nguon.Batches.BatchGrain).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<GrainTypeAttribute>()?.GetGrainType(null!, t).ToString())
            .OfType<string>();
        Assert.Equal(declared.Order(StringComparer.Ordinal), Cases.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GrainTypes))]
    public async Task Spellings_of_one_key_are_one_grain_or_refused_never_two_activations_of_one_row(string grainType)
    {
        // 12 hex digits, the shape of an API key id.
        var upper = "C" + RandomNumberGenerator.GetHexString(11);
        string[] spellings = [upper, upper.ToLowerInvariant(), "0" + upper];
        var (keys, verify) = await Write(grainType, spellings);

        await fixture.RestartAsync();
        await verify();
        var rows = await fixture.RowsAsync();
        foreach (var key in keys)
        {
            var row = Assert.Single(rows, r => r.Key == CanonicalKeyGrainStorage.StoredKey(grainType, key));
            Assert.Equal((0L, 0L), (row.N0, row.N1));
        }
        Assert.Equal(keys.Count, rows.Count(r => r.Key is { } k && k.StartsWith($"~{grainType}/", StringComparison.Ordinal)
            && (spellings.Any(s => k.Contains(s, StringComparison.Ordinal)) || keys.Any(x => k == CanonicalKeyGrainStorage.StoredKey(grainType, x)))));
    }

    /// <summary>Writes something different under each spelling; answers with the keys written and a check that
    /// each key reads back its own.</summary>
    private async Task<(IReadOnlyList<string> Keys, Func<Task> Verify)> Write(string grainType, string[] spellings)
    {
        switch (grainType)
        {
            case "batch":
                await Harvests(spellings);
                return (spellings, () => Each(spellings, async c => Assert.Equal(c, (await Grains.GetGrain<IBatchGrain>(c).GetRecord())?.Code)));
            case "batch-page":
                {
                    var events = await Harvests(spellings);
                    await Each(spellings, c => Grains.GetGrain<IBatchEventPageGrain>(c).Seal(events[c]));
                    return (spellings, () => Each(spellings, async c =>
                        Assert.Equal(events[c].Select(e => e.Hash), (await Grains.GetGrain<IBatchEventPageGrain>(c).Get()).Select(e => e.Hash))));
                }
            case "certificate":
                await Certificates(spellings);
                return (spellings, () => Each(spellings, async g => Assert.Equal(g, (await Grains.GetGrain<ICertificateGrain>(g).Get())?.Number)));
            case "documents":
                {
                    await Certificates(spellings);
                    var keys = spellings.Select(g => DocumentRules.Key(DocumentSubjectKind.Certificate, g)).ToArray();
                    await Each(spellings, async g => Scenario.Ok(await Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Certificate, g))
                        .Attach(Document(g), Authority)));
                    return (keys, () => Each(spellings, async g => Assert.Equal([g],
                        (await Grains.GetGrain<IDocumentGrain>(DocumentRules.Key(DocumentSubjectKind.Certificate, g)).GetAll()).Select(d => d.Name))));
                }
            case "farm":
                await Each(spellings, async c => Scenario.Ok(await Grains.GetGrain<IFarmGrain>(c).Register(WorldData.Farm(c, "producer"), Authority)));
                return (spellings, () => Each(spellings, async c => Assert.Equal(c, (await Grains.GetGrain<IFarmGrain>(c).GetProfile())?.Code)));
            case "farm-season":
                {
                    var keys = spellings.Select(c => $"{c}/2026").ToArray();
                    await Each(spellings, async c => Scenario.Ok(await Grains.GetGrain<IFarmSeasonGrain>($"{c}/2026").Reserve(c, 10m, null)));
                    return (keys, () => Each(spellings, async c => Assert.Equal([c], (await Grains.GetGrain<IFarmSeasonGrain>($"{c}/2026").GetLedger()).Batches)));
                }
            case "idempotency":
                await Each(spellings, async c =>
                {
                    var grain = Grains.GetGrain<IIdempotencyGrain>(c);
                    Assert.Equal(IdempotencyState.Started, (await grain.Begin(c, fixture.Cluster.Primary!.SiloAddress)).State);
                    await grain.Complete(c, new RecordedResponse(201, null, null, Encoding.UTF8.GetBytes(c), DateTimeOffset.UtcNow));
                });
                return (spellings, () => Each(spellings, async c =>
                {
                    var claim = await Grains.GetGrain<IIdempotencyGrain>(c).Begin(c, fixture.Cluster.Primary!.SiloAddress);
                    Assert.Equal((IdempotencyState.Completed, c), (claim.State, Encoding.UTF8.GetString(claim.Response!.Body)));
                }));
            case "label":
                {
                    var keys = spellings.Select(lot => DigitalLink.LabelKeyFor(Gtin, lot)).ToArray();
                    await Each(spellings, async lot => Assert.True(await Grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(Gtin, lot)).Claim(lot)));
                    return (keys, () => Each(spellings, async lot => Assert.Equal(lot, await Grains.GetGrain<ILabelGrain>(DigitalLink.LabelKeyFor(Gtin, lot)).Get())));
                }
            case "api-key":
                return await ApiKeySpellings(spellings);
            case "organisation":
                await Each(spellings, async o => Scenario.Ok(await Grains.GetGrain<IOrganisationGrain>(o)
                    .Register(new RegisterOrganisation(o, [Role.Operator]), Actor.System)));
                return (spellings, () => Each(spellings, async o => Assert.Equal(o, (await Grains.GetGrain<IOrganisationGrain>(o).Get())?.Id)));
            case "code-space":
                {
                    // A code space exists in upper case only: the other spellings claim nothing, and an
                    // organisation registered with a lower-case space holds its upper-case spelling.
                    var holder = $"space-holder-{spellings[0]}".ToLowerInvariant();
                    Scenario.Ok(await Grains.GetGrain<IOrganisationGrain>(holder)
                        .Register(new RegisterOrganisation(holder, [Role.Operator], CodeSpace: spellings[1]), Actor.System));
                    var claims = await Task.WhenAll(spellings[1..].Select(s => Grains.GetGrain<ICodeSpaceGrain>(s).Claim("squatter")));
                    Assert.Equal(new[] { false, false }, claims);
                    return ([spellings[0]], async () =>
                    {
                        Assert.Equal(holder, await Grains.GetGrain<ICodeSpaceGrain>(spellings[0]).Holder());
                        var others = await Task.WhenAll(spellings[1..].Select(s => Grains.GetGrain<ICodeSpaceGrain>(s).Holder()));
                        Assert.All(others, Assert.Null);
                    }
                    );
                }
            case "audit":
                {
                    // Today: a day past the audit retention keeps nothing.
                    var keys = spellings.Select(o => AuditRules.Key(o, Today, 0)).ToArray();
                    await Each(keys, k => Grains.GetGrain<IAuditLogGrain>(k).Append(Entry(k)));
                    return (keys, () => Each(keys, async k => Assert.Equal([Entry(k)],
                        Scenario.Ok(await Grains.GetGrain<IAuditLogGrain>(k).Read(Inspector)))));
                }
            case "audit-days":
                await Each(spellings, o => Grains.GetGrain<IAuditDaysGrain>(o).Add(Today));
                return (spellings, () => Each(spellings, async o => Assert.Equal([Today], await Grains.GetGrain<IAuditDaysGrain>(o).Days())));
            case "audit-page":
                {
                    // A batch's page grain under the same keys: both state names are "page", still two rows per key.
                    var events = (await Harvests([$"H{spellings[0]}"])).Single().Value;
                    await Each(spellings, async k =>
                    {
                        await Grains.GetGrain<IAuditPageGrain>(k).Seal([Entry(k)]);
                        await Grains.GetGrain<IBatchEventPageGrain>(k).Seal(events);
                    });
                    return (spellings, () => Each(spellings, async k =>
                    {
                        Assert.Equal([Entry(k)], await Grains.GetGrain<IAuditPageGrain>(k).Get());
                        Assert.Equal(events.Select(e => e.Hash), (await Grains.GetGrain<IBatchEventPageGrain>(k).Get()).Select(e => e.Hash));
                        Assert.Single(await fixture.RowsAsync(), r => r.Key == CanonicalKeyGrainStorage.StoredKey("batch-page", k));
                    }));
                }
            case "trace":
                // Stateless (integer key 0): it stores nothing, so it has no row to share.
                Assert.DoesNotContain(typeof(Nguon.Queries.TraceGrain).GetConstructors().SelectMany(c => c.GetParameters()),
                    p => p.GetCustomAttributes().Any(a => a.GetType().Name.Contains("PersistentState", StringComparison.Ordinal)));
                await Harvests(spellings);
                return ([], () => Each(spellings, async c =>
                    Assert.Equal(c, Scenario.Ok(await Grains.GetGrain<ITraceGrain>(0).Forward(c, Inspector)).Starts.Single())));
            case "scan" or "public-verdict":
                // Kept in memory only: it stores nothing, and each spelling of a batch code is its own lot's verdict.
                Assert.DoesNotContain(new[] { typeof(Nguon.Queries.PublicVerdictGrain), typeof(Nguon.Queries.ScanGrain) }
                    .SelectMany(t => t.GetConstructors()).SelectMany(c => c.GetParameters()),
                    p => p.GetCustomAttributes().Any(a => a.GetType().Name.Contains("PersistentState", StringComparison.Ordinal)));
                await Harvests(spellings);
                return ([], () => Each(spellings, async c =>
                    Assert.Equal(c, Scenario.Ok(await Grains.GetGrain<IScanGrain>(0).Scan(c, null)).Verification.Batch)));
            case "log-intake" or "log-intake-chunk" or "log-leaves" or "log-nodes" or "log-checkpoints" or "log-record"
                or "log-sequencer" or "log-query":
                // The transparency log's grains are keyed by the log itself (shard and page numbers, a record's
                // SHA-256 in lower-case hex) behind a fixed prefix: no caller's spelling reaches them.
                Assert.Equal(["log-intake-3", "log-leaves-7", "log-nodes-1-2", "log-checkpoints-0"],
                    [HeadLog.ShardKey(3), LogPages.LeafKey(7), LogPages.NodeKey(1, 2), LogPages.CheckpointKey(0)]);
                return ([], () => Task.CompletedTask);
            case "product":
                {
                    // Digit-only keys: a GTIN-14 and the same number without its leading zero (the API only ever makes
                    // the first, but the store must keep them apart anyway).
                    var body = "0893" + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("000000000");
                    var gtin14 = body + Nguon.Domain.Gtin.CheckDigit(body);
                    string[] keys = [gtin14, gtin14[1..]];
                    var s = new Scenario(Grains);
                    var brand = new Actor("brand-owner", [Role.Operator]);
                    await s.HoldsPrefix(brand, gtin14);
                    await Each(keys, async k => Scenario.Ok(await Grains.GetGrain<IProductGrain>(k).Register(new(new(k, k), "lychee"), brand)));
                    return (keys, () => Each(keys, async k => Assert.Equal(k, (await Grains.GetGrain<IProductGrain>(k).Get())?.Name.Vi)));
                }
            case "company-prefix":
                {
                    // A group key is six digits; "0" + the same digits is another group, which refuses this prefix.
                    var group = "89" + RandomNumberGenerator.GetInt32(0, 10_000).ToString("0000");
                    var prefix = group + "123";
                    await Scenario.Organisation("prefix-holder", Role.Operator);
                    Scenario.Ok(await Grains.GetGrain<ICompanyPrefixGrain>(group).Register(prefix, new("prefix-holder", "GS1-TEST"), Actor.System));
                    Assert.Equal(OutcomeStatus.Rejected,
                        (await Grains.GetGrain<ICompanyPrefixGrain>("0" + group).Register(prefix, new("prefix-holder", "GS1-TEST"), Actor.System)).Status);
                    return ([group], async () =>
                    {
                        Assert.Equal("prefix-holder", (await Grains.GetGrain<ICompanyPrefixGrain>(group).Get(prefix))?.Holder);
                        Assert.Null(await Grains.GetGrain<ICompanyPrefixGrain>("0" + group).Get(prefix));
                    }
                    );
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(grainType), grainType, "no spelling case for this grain type");
        }
    }

    private async Task<(IReadOnlyList<string>, Func<Task>)> ApiKeySpellings(string[] spellings)
    {
        var (upper, lower, padded) = (spellings[0], spellings[1], spellings[2]);
        var hash = ApiKeys.Hash("secret-" + lower);
        Assert.True(await Grains.GetGrain<IApiKeyGrain>(lower).Create("key-holder", hash, null));
        Assert.False(await Grains.GetGrain<IApiKeyGrain>(upper).Create("key-holder", hash, null));
        Assert.False(await Grains.GetGrain<IApiKeyGrain>(padded).Create("key-holder", hash, null));
        // Every way in reads the key id in its one spelling.
        Assert.True(ApiKeys.TryParse($"{ApiKeys.Prefix}{upper}_{new string('s', 24)}", out var parsed, out _));
        Assert.Equal(lower, parsed);
        return ([lower], async () =>
        {
            Assert.Equal(lower, (await Grains.GetGrain<IApiKeyGrain>(lower).Get())?.KeyId);
            Assert.Null(await Grains.GetGrain<IApiKeyGrain>(upper).Get());
            Assert.DoesNotContain(await fixture.RowsAsync(), r => r.Key == CanonicalKeyGrainStorage.StoredKey("api-key", upper));
        }
        );
    }

    /// <summary>A harvest batch under each code (100 kg on one authorised farm); answers with each one's events.</summary>
    private async Task<Dictionary<string, IReadOnlyList<BatchEvent>>> Harvests(IReadOnlyList<string> codes)
    {
        var s = new Scenario(Grains);
        await s.WithCertificate();
        var farm = await s.AuthorisedFarm("farm");
        var events = new Dictionary<string, IReadOnlyList<BatchEvent>>();
        foreach (var code in codes)
        {
            Scenario.Ok(await farm.RecordHarvest(new RecordHarvest(code, "lychee", new Quantity(100m, "kg"), Scenario.At(6, 10, 6), s.Gi), s.Producer));
            events[code] = Scenario.Ok(await Grains.GetGrain<IBatchGrain>(code).GetEvents(s.Producer));
        }
        return events;
    }

    private Task Certificates(IEnumerable<string> numbers) =>
        Each(numbers, async g => Scenario.Ok(await Grains.GetGrain<ICertificateGrain>(g).Register(WorldData.Certificate(10_000m), Authority)));

    private static DocumentInfo Document(string name) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))), 100, "application/pdf", name, null, "whoever", Scenario.At(6, 12));

    private static string Today => AuditRules.Day(DateTimeOffset.UtcNow);

    private static AuditEntry Entry(string keyId) => new(Scenario.At(6, 10), "key-holder", keyId, "POST", "/api/batches", 201, null);

    private static async Task Each(IEnumerable<string> keys, Func<string, Task> action)
    {
        foreach (var key in keys) await action(key);
    }
}

public sealed class SqliteGrainKeySpellingTests(SqliteClusterFixture fixture)
    : GrainKeySpellingTests(fixture), IClassFixture<SqliteClusterFixture>;

public sealed class PostgresGrainKeySpellingTests(PostgresKeysClusterFixture fixture)
    : GrainKeySpellingTests(fixture), IClassFixture<PostgresKeysClusterFixture>;
