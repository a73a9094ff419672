using System.Diagnostics;
using Npgsql;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark;

/// <summary>The reference figure: autocommit single-row INSERTs straight through Npgsql, one connection per
/// worker (like pgbench clients), against the same server the silo writes to.</summary>
public sealed class RawPostgres : IAsyncDisposable
{
    private const string Table = "nguon_bench_insert";
    private readonly NpgsqlDataSource source;
    private readonly byte[] payload;

    private RawPostgres(NpgsqlDataSource source, byte[] payload)
    {
        this.source = source;
        this.payload = payload;
    }

    public static async Task<RawPostgres> CreateAsync(string connectionString, int concurrency, byte[] payload)
    {
        // Its own pool, large enough for every worker at once (the storage pool is separate: other Application Name).
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = concurrency + 8,
            MinPoolSize = 0,
            ApplicationName = "nguon-bench-raw",
        };
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var c = await source.OpenConnectionAsync())
        await using (var cmd = new NpgsqlCommand($"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (id bigserial PRIMARY KEY, payload bytea NOT NULL)", c))
            await cmd.ExecuteNonQueryAsync();
        return new RawPostgres(source, payload);
    }

    public async Task<RoundResult> RunAsync(int concurrency, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var histogram = NewHistogram();
            long count = 0, errors = 0;
            await using var connection = await source.OpenConnectionAsync();
            await using var insert = new NpgsqlCommand($"INSERT INTO {Table} (payload) VALUES ($1)", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = payload });
            await insert.PrepareAsync();
            while (Stopwatch.GetTimestamp() < end)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await insert.ExecuteNonQueryAsync();
                    if (Stopwatch.GetTimestamp() <= end) { count++; histogram.RecordValue(MicrosSince(t0)); }
                }
                catch (NpgsqlException e)
                {
                    if (errors++ == 0) Console.Error.WriteLine($"bench: INSERT failed: {e.Message}");
                }
            }
            return (count, errors, histogram);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var latency = NewHistogram();
        foreach (var r in results) latency.Add(r.histogram);
        return new RoundResult(results.Sum(r => r.count), results.Sum(r => r.errors), duration.TotalSeconds, latency);
    }

    public async ValueTask DisposeAsync() => await source.DisposeAsync();

    public static async Task DropScratchAsync(string connectionString)
    {
        try
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP TABLE IF EXISTS {Table}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"bench: could not drop {Table}: {e.Message}");
        }
    }

    public static async Task<string> DescribeServerAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT split_part(version(), ' on ', 1), current_setting('fsync'), current_setting('synchronous_commit'), " +
            "current_setting('max_connections'), current_setting('shared_buffers')", c);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return $"{r.GetString(0)} (fsync={r.GetString(1)}, synchronous_commit={r.GetString(2)}, max_connections={r.GetString(3)}, shared_buffers={r.GetString(4)})";
    }

    /// <summary>A copy of the median-sized batch state row this run wrote, so the INSERT payload has the same
    /// size and compressibility as what the silo writes.</summary>
    public static async Task<byte[]> RepresentativeBatchPayloadAsync(string connectionString, string serviceId)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT payloadbinary FROM orleansstorage
            WHERE serviceid = $1 AND graintypestring = 'batch' AND payloadbinary IS NOT NULL
            ORDER BY octet_length(payloadbinary)
            OFFSET (SELECT count(*) / 2 FROM orleansstorage WHERE serviceid = $1 AND graintypestring = 'batch' AND payloadbinary IS NOT NULL)
            LIMIT 1
            """, c);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        return await cmd.ExecuteScalarAsync() as byte[] ?? throw new InvalidOperationException("no batch state rows found for this run");
    }

    /// <summary>Size of the state rows this run wrote, per grain type.</summary>
    public static async Task<List<string>> StateRowsAsync(string connectionString, string serviceId)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT graintypestring, count(*),
                   avg(octet_length(payloadbinary))::int, max(octet_length(payloadbinary)),
                   avg(pg_column_size(payloadbinary))::int
            FROM orleansstorage WHERE serviceid = $1 GROUP BY graintypestring ORDER BY count(*) DESC
            """, c);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var lines = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            lines.Add($"{r.GetString(0),-16} rows {r.GetInt64(1),6}   avg {N0(r.GetInt32(2)),7} B   max {N0(r.GetInt32(3)),7} B   stored avg {N0(r.GetInt32(4)),7} B");
        return lines;
    }
}
