using Microsoft.Extensions.DependencyInjection;
using Nguon.Silo.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using SiloStorage = Nguon.Silo.Hosting.SiloConfiguration;

namespace Nguon.Tests.Keys;

/// <summary>The "nguon" storage itself, written through directly and read back with SQL: keys that Orleans' ADO.NET
/// provider would store as one integer (CAFE01, cafe01, 0CAFE01, and a GUID-looking key) and two grain types that
/// share a state name each get a row of their own, keyed by a string and nothing else; ETags still guard writes.</summary>
public abstract class CanonicalKeyStorageTests(AdoNetClusterFixture fixture)
{
    public sealed class Probe
    {
        public string Value { get; set; } = "";
    }

    private IGrainStorage NguonStorage =>
        ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider!.GetRequiredKeyedService<IGrainStorage>(Storage.Name);

    [Fact]
    public async Task Hex_looking_keys_and_types_sharing_a_state_name_get_one_string_keyed_row_each()
    {
        var guid = Guid.NewGuid().ToString("N");
        (string Type, string State, string Key)[] grains =
        [
            ("batch", "batch", "CAFE01"), ("batch", "batch", "cafe01"), ("batch", "batch", "0CAFE01"), ("batch", "batch", "CAFE01+x"),
            ("label", "label", guid), ("label", "label", guid.ToUpperInvariant()),
            // Two grain types whose state is named "page", under one key.
            ("batch-page", "page", "CAFE01#0"), ("audit-page", "page", "CAFE01#0"),
        ];
        foreach (var (type, state, key) in grains)
            await NguonStorage.WriteStateAsync(state, GrainId.Create(type, key), Write(Value(type, key)));

        var rows = (await fixture.RowsAsync()).Where(r => grains.Any(g => r.Key == CanonicalKeyGrainStorage.StoredKey(g.Type, g.Key))).ToList();
        Assert.Equal(grains.Length, rows.Count);
        Assert.All(rows, r => Assert.Equal((0L, 0L), (r.N0, r.N1)));
        foreach (var (type, state, key) in grains)
        {
            var row = Assert.Single(rows, r => r.Key == CanonicalKeyGrainStorage.StoredKey(type, key));
            Assert.Equal(state, row.StateName);
            Assert.Contains($"\"{Value(type, key)}\"", row.Payload, StringComparison.Ordinal);
            var read = new GrainState<Probe>();
            await NguonStorage.ReadStateAsync(state, GrainId.Create(type, key), read);
            Assert.Equal(Value(type, key), read.State!.Value);
        }
    }

    [Fact]
    public async Task ETags_pass_through_a_stale_write_is_refused_and_clear_deletes_the_row()
    {
        var grain = GrainId.Create("organisation", "BEEF" + Random.Shared.Next(100_000, 999_999));
        var first = Write("first");
        await NguonStorage.WriteStateAsync("organisation", grain, first);
        var etag = first.ETag;
        Assert.False(string.IsNullOrEmpty(etag));

        var copy = new GrainState<Probe>();
        await NguonStorage.ReadStateAsync("organisation", grain, copy);
        Assert.Equal((etag, true, "first"), (copy.ETag, copy.RecordExists, copy.State!.Value));

        first.State!.Value = "second";
        await NguonStorage.WriteStateAsync("organisation", grain, first);
        Assert.NotEqual(etag, first.ETag);
        copy.State!.Value = "stale";
        await Assert.ThrowsAnyAsync<InconsistentStateException>(() => NguonStorage.WriteStateAsync("organisation", grain, copy));

        await NguonStorage.ClearStateAsync("organisation", grain, first);
        var cleared = new GrainState<Probe>();
        await NguonStorage.ReadStateAsync("organisation", grain, cleared);
        Assert.False(cleared.RecordExists);
        // DeleteStateOnClear: a cleared record leaves no row (on SQLite through the schema's own DeleteStorageKey query).
        Assert.DoesNotContain(await fixture.RowsAsync(), r => r.Key == CanonicalKeyGrainStorage.StoredKey("organisation", grain.Key.ToString()!));
    }

    /// <summary>On PostgreSQL reads that arrive together are answered by one query (GroupedGrainStorage): many reads
    /// at once, of rows written, rewritten, cleared and never written, under two grain types sharing a state name, each
    /// give what the ADO.NET provider's own read of that row gives (state, ETag, whether the record exists).</summary>
    [Fact]
    public async Task Reads_at_once_each_give_what_the_providers_own_read_gives()
    {
        var run = Random.Shared.Next(100_000, 999_999);
        var grains = Enumerable.Range(0, 60)
            .Select(i => GrainId.Create(i % 2 == 0 ? "batch-page" : "audit-page", $"R{run}#{i / 2}")).ToList();
        foreach (var (grain, i) in grains.Select((g, i) => (g, i)).Where(x => x.i % 5 != 4))
        {
            var written = Write(Value(grain.Type.ToString()!, grain.Key.ToString()!));
            await NguonStorage.WriteStateAsync("page", grain, written);
            if (i % 5 == 1)
            {
                written.State!.Value += "-again";
                await NguonStorage.WriteStateAsync("page", grain, written);
            }
            if (i % 5 == 2) await NguonStorage.ClearStateAsync("page", grain, written);
        }

        var provider = ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider!
            .GetRequiredKeyedService<IGrainStorage>(SiloStorage.AdoNetStorageName);
        var together = await Task.WhenAll(grains.Select(async g =>
        {
            var read = new GrainState<Probe>();
            await NguonStorage.ReadStateAsync("page", g, read);
            return (read.State?.Value, read.ETag, read.RecordExists);
        }));
        for (var i = 0; i < grains.Count; i++)
        {
            var direct = new GrainState<Probe>();
            await provider.ReadStateAsync("page", CanonicalKeyGrainStorage.StoredId(grains[i]), direct);
            Assert.Equal((direct.State?.Value, direct.ETag, direct.RecordExists), together[i]);
            Assert.Equal(i % 5 is 0 or 1 or 3, together[i].RecordExists);
        }
        Assert.Contains(together, r => r.Value?.EndsWith("-again", StringComparison.Ordinal) == true);
    }

    /// <summary>On PostgreSQL updates that arrive together are made by one statement (GroupedGrainStorage): many writes
    /// at once, each at the version its grain read, each take the next version and store their state; where two writers
    /// hold the same version of one row (two activations of a grain), exactly one of them wins and the other is refused
    /// as the provider refuses it; a write to a row cleared meanwhile is refused and leaves no row. SQLite, where the
    /// provider writes one at a time, must behave the same.</summary>
    [Fact]
    public async Task Writes_at_once_each_take_the_next_version_and_two_writers_of_one_version_never_both_win()
    {
        var run = Random.Shared.Next(100_000, 999_999);
        var grains = Enumerable.Range(0, 40)
            .Select(i => GrainId.Create(i % 2 == 0 ? "batch-page" : "audit-page", $"W{run}#{i / 2}")).ToList();
        var states = grains.Select(g => Write("first")).ToList();
        await Task.WhenAll(grains.Select((g, i) => NguonStorage.WriteStateAsync("page", g, states[i])));
        var read = states.Select(s => int.Parse(s.ETag!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        // Grains 0–9: a second writer at the same version; grain 10: cleared before the write arrives.
        var rivals = grains.Take(10).Select((_, i) => new GrainState<Probe>(new Probe { Value = $"rival {i}" }) { ETag = states[i].ETag })
            .ToList();
        await NguonStorage.ClearStateAsync("page", grains[10], new GrainState<Probe>(states[10].State) { ETag = states[10].ETag });
        for (var i = 0; i < grains.Count; i++) states[i].State!.Value = $"second {i}";

        var writes = grains.Select((g, i) => NguonStorage.WriteStateAsync("page", g, states[i]))
            .Concat(rivals.Select((r, i) => NguonStorage.WriteStateAsync("page", grains[i], r))).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try { await w; return (Exception?)null; }
            catch (Exception e) { return e; }
        }));

        var provider = ((InProcessSiloHandle)fixture.Cluster.Primary!).ServiceProvider!
            .GetRequiredKeyedService<IGrainStorage>(SiloStorage.AdoNetStorageName);
        for (var i = 0; i < grains.Count; i++)
        {
            var stored = new GrainState<Probe>();
            await provider.ReadStateAsync("page", CanonicalKeyGrainStorage.StoredId(grains[i]), stored);
            if (i == 10)
            {
                Assert.IsAssignableFrom<InconsistentStateException>(outcomes[i]);
                Assert.False(stored.RecordExists);
                continue;
            }
            // Exactly one writer of the version read wins (the only writer, for grains without a rival); the winner's ETag
            // is the stored version, one past the read.
            var winner = states[i];
            if (i < 10)
            {
                var rival = outcomes[grains.Count + i];
                Assert.True(outcomes[i] is null ^ rival is null, $"grain {i}: {outcomes[i]?.Message} / {rival?.Message}");
                Assert.IsAssignableFrom<InconsistentStateException>(outcomes[i] ?? rival);
                if (outcomes[i] is not null) winner = rivals[i];
            }
            else Assert.Null(outcomes[i]);
            Assert.Equal((winner.State!.Value, (read[i] + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), true),
                (stored.State!.Value, stored.ETag, stored.RecordExists));
            Assert.Equal(stored.ETag, winner.ETag);
        }
    }

    /// <summary>What is written for one grain (letters and digits only, so JSON writes it as it is).</summary>
    private static string Value(string type, string key) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes($"{type} {key}"));

    private static GrainState<Probe> Write(string value) => new(new Probe { Value = value });
}

public sealed class SqliteCanonicalKeyStorageTests(SqliteClusterFixture fixture)
    : CanonicalKeyStorageTests(fixture), IClassFixture<SqliteClusterFixture>;

public sealed class PostgresCanonicalKeyStorageTests(PostgresKeysClusterFixture fixture)
    : CanonicalKeyStorageTests(fixture), IClassFixture<PostgresKeysClusterFixture>;
