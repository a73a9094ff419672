using System.Data.Common;
using Microsoft.Data.Sqlite;
using Nguon.Silo.Hosting;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;
using Npgsql;

namespace Nguon.Tests.Keys;

/// <summary>The store-format marker at start-up: an empty store is marked with this version's format and used; a
/// store an earlier Nguon wrote (grain rows, no marker) stops the silo with exit code 2 and one line saying what is
/// wrong and what to do, and is left as it was; a newer format is refused too. Real silo processes, on SQLite and on
/// a PostgreSQL database of the test's own.</summary>
public sealed class StoreFormatTests
{
    private static string EarlierStore(string database) =>
        $"the database {database} was written by an earlier Nguon (store format 1): its keys and hashes cannot be read by this "
        + "version (store format 2); start on an empty database and record the data again, keeping the old database for the "
        + "earlier version";

    [Theory]
    [InlineData(2, false, false, null)]
    [InlineData(2, true, false, null)]
    [InlineData(null, false, true, null)]
    [InlineData(null, true, false, "earlier Nguon (store format 1)")]
    [InlineData(1, true, false, "earlier Nguon (store format 1)")]
    [InlineData(1, false, false, "earlier Nguon (store format 1)")]
    [InlineData(3, true, false, "newer Nguon (store format 3); this version reads store format 2 only")]
    public void A_store_is_used_in_its_own_format_marked_when_empty_and_refused_otherwise(
        int? marked, bool hasGrainRows, bool mark, string? refusal)
    {
        var decided = StoreFormat.Decide(marked, hasGrainRows, "db");
        Assert.Equal(mark, decided.Mark);
        if (refusal is null) Assert.Null(decided.Refusal);
        else Assert.Contains(refusal, decided.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SQLite_store_written_by_an_earlier_Nguon_stops_the_silo_with_one_line_and_is_left_as_it_was()
    {
        using var folder = new TempFolder("nguon-format-");
        var path = folder.File("nguon.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await EarlierStore(connection, SchemaMigrator.Script("sqlite.sql"));
        }

        var exit = await SiloRunner.RunUntilExitAsync(folder.Path, [], SiloRunner.StartTimeout);
        Assert.Equal(NguonHost.BadSettingExitCode, exit.ExitCode);
        Assert.Equal([EarlierStore(path)], exit.Stderr);
        Assert.Empty(exit.Stdout);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            Assert.Equal((1L, 0L), (await Count(connection, "OrleansStorage"), await Count(connection, "nguon_store_format")));
        }
    }

    [Fact]
    public async Task An_empty_SQLite_store_is_marked_at_the_first_start_and_used_at_the_next()
    {
        await using var silo = new SiloProcess();
        await silo.StartAsync();
        Assert.Equal([2L], await Markers(silo.DatabasePath));
        await silo.StopAsync();

        await silo.StartAsync(); // grain rows and a marker of this format: it goes on
        Assert.Equal("nguon-admin", (await silo.Client.Get("api/me", silo.Admin).Expect(System.Net.HttpStatusCode.OK)).Str("organisation"));
        Assert.Equal([2L], await Markers(silo.DatabasePath));
    }

    [Fact]
    public async Task A_store_of_a_newer_format_is_refused()
    {
        using var folder = new TempFolder("nguon-format-");
        var options = new NguonOptions { Storage = StorageKind.Sqlite, SqlitePath = folder.File("nguon.db") };
        await SchemaMigrator.ApplyAsync(options);
        await using (var connection = new SqliteConnection($"Data Source={options.SqlitePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await Execute(connection, "UPDATE nguon_store_format SET version = 3");
        }
        var refused = await Assert.ThrowsAsync<SettingsException>(() => SchemaMigrator.ApplyAsync(options));
        Assert.StartsWith($"the database {options.SqlitePath} was written by a newer Nguon (store format 3)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PostgreSQL_store_written_by_an_earlier_Nguon_stops_the_silo_and_silos_starting_together_mark_an_empty_one_once()
    {
        await using var earlier = await PostgresDatabase.CreateAsync();
        await using (var connection = earlier.Open())
        {
            await connection.OpenAsync();
            await EarlierStore(connection, SchemaMigrator.Script("postgresql.sql"));
        }
        using var folder = new TempFolder("nguon-format-");
        var exit = await SiloRunner.RunUntilExitAsync(folder.Path,
            ["--Nguon:Storage=Postgres", $"--Nguon:ConnectionString={earlier.ConnectionString}"], SiloRunner.StartTimeout);
        Assert.Equal(NguonHost.BadSettingExitCode, exit.ExitCode);
        Assert.Equal([EarlierStore($"'{earlier.Name}' on 127.0.0.1:{new NpgsqlConnectionStringBuilder(earlier.ConnectionString).Port}")],
            exit.Stderr);
        Assert.Empty(exit.Stdout);

        // Four silos' migrations at once on an empty database: one marker, and every one goes on.
        await using var empty = await PostgresDatabase.CreateAsync();
        var options = new NguonOptions { Storage = StorageKind.Postgres, ConnectionString = empty.ConnectionString };
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SchemaMigrator.ApplyAsync(options)));
        await using var marked = empty.Open();
        await marked.OpenAsync();
        Assert.Equal(1L, await Count(marked, "nguon_store_format"));
        await using var version = new NpgsqlCommand("SELECT version FROM nguon_store_format", marked);
        Assert.Equal(StoreFormat.Current, await version.ExecuteScalarAsync());
    }

    /// <summary>The schema as an earlier Nguon left it (no marker table) with one batch row as it stored it: key
    /// CAFE01 as the integer 0xCAFE01.</summary>
    private static async Task EarlierStore(DbConnection connection, string schema)
    {
        await Execute(connection, schema);
        await Execute(connection, "DROP TABLE nguon_store_format");
        await Execute(connection, $"""
            INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, ServiceId, PayloadBinary,
                ModifiedOn, Version)
            VALUES (1, 0, {0xCAFE01}, 2, 'batch', 'nguon', NULL, CURRENT_TIMESTAMP, 1)
            """);
    }

    private static async Task<List<long>> Markers(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT version FROM nguon_store_format", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new List<long>();
        while (await reader.ReadAsync()) versions.Add(reader.GetInt64(0));
        return versions;
    }

    private static async Task<long> Count(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task Execute(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
