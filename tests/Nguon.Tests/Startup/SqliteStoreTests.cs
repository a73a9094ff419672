using Microsoft.Data.Sqlite;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Startup;

/// <summary>The embedded store's durability as the README states it: the file is in WAL mode, and a connection opened
/// with the store's own connection string (as Orleans' provider opens its pooled ones) syncs every commit
/// (synchronous = FULL), so an acknowledged write survives a power cut; the connections are pooled.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly TempFolder folder = new("nguon-sqlite-");

    [Fact]
    public async Task The_store_is_in_wal_mode_and_its_connections_sync_every_commit()
    {
        var options = new NguonOptions { Storage = StorageKind.Sqlite, SqlitePath = folder.File("nguon.db") };
        await SchemaMigrator.ApplyAsync(options);

        Assert.True(new SqliteConnectionStringBuilder(options.StorageConnectionString).Pooling);
        await using var connection = new SqliteConnection(options.StorageConnectionString);
        await connection.OpenAsync();
        Assert.Equal("wal", await Pragma(connection, "journal_mode"));
        Assert.Equal(2L, await Pragma(connection, "synchronous")); // 2 = FULL
        SqliteConnection.ClearAllPools();
    }

    private static async Task<object?> Pragma(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return await command.ExecuteScalarAsync();
    }

    public void Dispose() => folder.Dispose();
}
