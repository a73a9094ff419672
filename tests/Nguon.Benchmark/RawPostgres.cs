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
        await using (var cmd = new NpgsqlCommand($"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} (id bigserial PRIMARY KEY, payload "
            + $"bytea NOT NULL)", c))
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

    /// <summary>Diagnostic (--diagnose): Orleans's own write query, "select * from WriteToStorage(...)", issued
    /// straight through Npgsql the way the ADO.NET provider issues it (a pooled connection opened and closed per
    /// call, unprepared, named parameters), updating rows of a separate ServiceId: 4 rows per worker, each row
    /// updated by one worker with its version, so it is the UPDATE path every append takes.</summary>
    public static async Task<RoundResult> RunWriteToStorageAsync(string connectionString, int concurrency, TimeSpan duration,
        byte[] payload, string serviceId, CpuMeter meter)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        var versions = new int?[concurrency * 4];
        async Task<int?> Write(int row)
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var cmd = new NpgsqlCommand(
                "select * from WriteToStorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, "
                    + "@GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);", connection);
            cmd.Parameters.Add(new NpgsqlParameter("GrainIdHash", NpgsqlTypes.NpgsqlDbType.Integer) { Value = 1_000_003 * row });
            cmd.Parameters.Add(new NpgsqlParameter("GrainIdN0", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (long)row });
            cmd.Parameters.Add(new NpgsqlParameter("GrainIdN1", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = 0L });
            cmd.Parameters.Add(new NpgsqlParameter("GrainTypeHash", NpgsqlTypes.NpgsqlDbType.Integer) { Value = 424242 });
            cmd.Parameters.Add(new NpgsqlParameter("GrainTypeString", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = "batch" });
            cmd.Parameters.Add(new NpgsqlParameter("GrainIdExtensionString", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = $"diag-{row}" });
            cmd.Parameters.Add(new NpgsqlParameter("ServiceId", NpgsqlTypes.NpgsqlDbType.Varchar) { Value = serviceId });
            var version = versions[row] is { } v ? v : (object)DBNull.Value;
            cmd.Parameters.Add(new NpgsqlParameter("GrainStateVersion", NpgsqlTypes.NpgsqlDbType.Integer) { Value = version });
            cmd.Parameters.Add(new NpgsqlParameter("PayloadBinary", NpgsqlTypes.NpgsqlDbType.Bytea) { Value = payload });
            var result = await cmd.ExecuteScalarAsync();
            return result is int n ? n : null;
        }
        for (var row = 0; row < versions.Length; row++) versions[row] = await Write(row);

        // CPU is measured here, before the data source closes its connections: an exiting backend's CPU time
        // would otherwise be lost between the process table and the postmaster's reaped-children total.
        var before = meter.Take();
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            var histogram = NewHistogram();
            long count = 0, errors = 0;
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var row = w + concurrency * (n % 4);
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    var next = await Write(row);
                    if (next != versions[row] + 1) { errors++; continue; }
                    versions[row] = next;
                    if (Stopwatch.GetTimestamp() <= end) { count++; histogram.RecordValue(MicrosSince(t0)); }
                }
                catch (NpgsqlException e)
                {
                    if (errors++ == 0) Console.Error.WriteLine($"bench: WriteToStorage failed: {e.Message}");
                }
            }
            return (count, errors, histogram);
        })).ToArray();
        var results = await Task.WhenAll(workers);
        var cpu = meter.Between(before, meter.Take());
        var latency = NewHistogram();
        foreach (var r in results) latency.Add(r.histogram);
        return new RoundResult(results.Sum(r => r.count), results.Sum(r => r.errors), duration.TotalSeconds, latency) { Cpu = cpu };
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
        return $"{r.GetString(0)} (fsync={r.GetString(1)}, synchronous_commit={r.GetString(2)}, max_connections={r.GetString(3)}, "
            + $"shared_buffers={r.GetString(4)})";
    }

    /// <summary>A batch state row as the silo writes it on average, so the INSERT payload has the same size and
    /// compressibility: the fullest batch row this run wrote with its open page cut to half a page (a row holds
    /// 1 to <see cref="Batches.BatchGrain.PageSize"/> recent events over its life, and the workers keep every
    /// batch at the same point of that cycle, so no stored row is itself typical).</summary>
    public static async Task<byte[]> RepresentativeBatchPayloadAsync(string connectionString, string serviceId)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT payloadbinary FROM orleansstorage
            WHERE serviceid = $1 AND graintypestring = 'batch' AND payloadbinary IS NOT NULL
            ORDER BY octet_length(payloadbinary) DESC LIMIT 1
            """, c);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var fullest = await cmd.ExecuteScalarAsync() as byte[]
            ?? throw new InvalidOperationException("no batch state rows found for this run");
        var state = System.Text.Json.Nodes.JsonNode.Parse(fullest)!.AsObject();
        if (state["openPage"] is System.Text.Json.Nodes.JsonArray page)
            while (page.Count > Batches.BatchGrain.PageSize / 2) page.RemoveAt(page.Count - 1);
        return System.Text.Encoding.UTF8.GetBytes(state.ToJsonString());
    }

    /// <summary>Size of the state rows this run wrote, per grain type.</summary>
    public static async Task<List<string>> StateRowsAsync(string connectionString, string serviceId)
    {
        await using var c = new NpgsqlConnection(connectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT graintypestring, count(*),
                   coalesce(avg(octet_length(payloadbinary)), 0)::int, coalesce(max(octet_length(payloadbinary)), 0),
                   coalesce(avg(pg_column_size(payloadbinary)), 0)::int
            FROM orleansstorage WHERE serviceid = $1 GROUP BY graintypestring ORDER BY count(*) DESC
            """, c);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var lines = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            lines.Add($"{r.GetString(0),-16} rows {r.GetInt64(1),6}   avg {N0(r.GetInt32(2)),7} B   max {N0(r.GetInt32(3)),7} B   stored "
                + $"avg {N0(r.GetInt32(4)),7} B");
        return lines;
    }
}
