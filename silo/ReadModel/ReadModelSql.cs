using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Nguon.Domain.ReadModel;
using Nguon.Silo.Hosting;
using Npgsql;

namespace Nguon.Silo.ReadModel;

/// <summary>The read model's database, one dialect for both stores: parameterised SQL that PostgreSQL and SQLite both
/// run (ON CONFLICT upserts, substr, LIKE), with times and decimals bound the way each compares them (SQLite: sortable
/// UTC text).</summary>
public sealed class ReadModelSql(StorageKind kind, string connectionString, string serviceId)
{
    /// <summary>Queries' connections on PostgreSQL plan every statement with its parameters' values: a list's cost
    /// depends on them (a destination of 200 lots or of 40,000), and the generic plan a prepared statement switches to
    /// after five runs was measured 100× slower for the rare one. Writes keep the shared pool and its generic plans.</summary>
    private readonly string queryConnectionString = kind == StorageKind.Postgres
        ? new NpgsqlConnectionStringBuilder(connectionString)
        {
            Options = $"{new NpgsqlConnectionStringBuilder(connectionString).Options} -c plan_cache_mode=force_custom_plan".Trim(),
        }.ToString()
        : connectionString;

    public StorageKind Kind => kind;
    public string ServiceId => serviceId;

    /// <summary>A connection for writes.</summary>
    public Task<DbConnection> Open(CancellationToken cancellationToken = default) => Open(connectionString, cancellationToken);

    /// <summary>A connection for reads (lists, search, exports, the repair's comparisons).</summary>
    public Task<DbConnection> OpenForQueries(CancellationToken cancellationToken = default) =>
        Open(queryConnectionString, cancellationToken);

    private async Task<DbConnection> Open(string connection, CancellationToken cancellationToken)
    {
        DbConnection opened = kind == StorageKind.Postgres ? new NpgsqlConnection(connection) : new SqliteConnection(connection);
        await opened.OpenAsync(cancellationToken);
        return opened;
    }

    /// <summary>A command with the service id bound as @s.</summary>
    public DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        Add(command, "s", serviceId);
        return command;
    }

    /// <summary>The rows of a query (service id bound as @s), each made by <paramref name="row"/>.</summary>
    public async Task<List<T>> Rows<T>(DbConnection connection, string text, IEnumerable<(string Name, object? Value)> parameters,
        Func<DbDataReader, T> row, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection, text);
        foreach (var (name, value) in parameters) Add(command, name, value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(row(reader));
        return rows;
    }

    /// <summary>The rows of a query on a query connection of its own.</summary>
    public async Task<List<T>> Rows<T>(string text, IEnumerable<(string Name, object? Value)> parameters, Func<DbDataReader, T> row,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenForQueries(cancellationToken);
        return await Rows(connection, text, parameters, row, cancellationToken);
    }

    public void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value switch
        {
            null => DBNull.Value,
            DateTimeOffset t => Time(t),
            decimal d when kind == StorageKind.Sqlite => d.ToString(CultureInfo.InvariantCulture),
            _ => value,
        };
        command.Parameters.Add(parameter);
    }

    /// <summary>A time as the store compares it.</summary>
    public object Time(DateTimeOffset t) => kind == StorageKind.Postgres
        ? t.UtcDateTime
        : t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffffff", CultureInfo.InvariantCulture);

    public static DateTimeOffset ReadTime(DbDataReader reader, int column) => reader.GetValue(column) switch
    {
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        var other => throw new InvalidOperationException($"a time column holds {other.GetType().Name}"),
    };

    public static DateTimeOffset? ReadOptionalTime(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : ReadTime(reader, column);

    /// <summary>A time stored as UTC in <paramref name="column"/> with its offset's minutes in the next column, in that offset.</summary>
    public static DateTimeOffset ReadTimeInOffset(DbDataReader reader, int column) =>
        ReadRows.InOffset(ReadTime(reader, column), reader.GetInt32(column + 1));

    public static DateTimeOffset? ReadOptionalTimeInOffset(DbDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : ReadTimeInOffset(reader, column);

    public static decimal ReadDecimal(DbDataReader reader, int column) => reader.GetValue(column) switch
    {
        decimal d => d,
        string s => decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        var other => Convert.ToDecimal(other, CultureInfo.InvariantCulture),
    };

    public static string? ReadString(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    /// <summary>Runs <paramref name="statements"/> in one transaction: on PostgreSQL as one batch (one round trip), on
    /// SQLite one after another (in-process, no round trips to save). Returns the rows each statement changed. A
    /// transaction PostgreSQL chose as a deadlock's victim (a sweep's repair and a group of projections taking the same
    /// rows in other orders) is run again, up to <see cref="DeadlockRetries"/> times: it changed nothing.</summary>
    public async Task<int[]> Execute(IReadOnlyList<Statement> statements, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ExecuteOnce(statements, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < DeadlockRetries)
            {
            }
        }
    }

    public const int DeadlockRetries = 3;

    private async Task<int[]> ExecuteOnce(IReadOnlyList<Statement> statements, CancellationToken cancellationToken)
    {
        var affected = new int[statements.Count];
        await using var connection = await Open(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (kind == StorageKind.Postgres)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            foreach (var statement in statements)
            {
                var command = new NpgsqlBatchCommand(statement.Sql);
                command.Parameters.AddWithValue("s", serviceId);
                foreach (var (name, value) in statement.Parameters)
                    command.Parameters.AddWithValue(name, value switch { null => DBNull.Value, DateTimeOffset t => Time(t), _ => value });
                batch.BatchCommands.Add(command);
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < affected.Length; i++) affected[i] = batch.BatchCommands[i].RecordsAffected;
        }
        else
        {
            for (var i = 0; i < statements.Count; i++)
            {
                await using var command = Command(connection, statements[i].Sql, transaction);
                foreach (var (name, value) in statements[i].Parameters) Add(command, name, value);
                affected[i] = await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return affected;
    }
}

/// <summary>One parameterised statement (the service id is bound as @s by the runner).</summary>
public sealed record Statement(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters)
{
    /// <summary>The statement writing its record's own row: the rows it changed say whether the row took the projection.</summary>
    public bool Head { get; init; }
}
