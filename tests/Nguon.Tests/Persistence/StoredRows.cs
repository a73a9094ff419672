using Nguon.Tests.Infrastructure;
using Npgsql;

namespace Nguon.Tests.Persistence;

/// <summary>Edits grain state rows in the test PostgreSQL as someone with database access (and nothing else) would: the
/// JSON payload rewritten with SQL. A row is named by its grain key (the end of its key column) and must hold the text
/// to replace; every edit asserts it changed exactly one row.</summary>
public sealed class StoredRows(PostgresClusterFixture fixture)
{
    /// <summary>Replaces every occurrence of <paramref name="from"/> in the row of <paramref name="key"/>.</summary>
    public Task Replace(string key, string from, string to) => Edit(key, from,
        "convert_to(replace(convert_from(payloadbinary, 'UTF8'), @from, @to), 'UTF8')", ("from", from), ("to", to));

    /// <summary>Replaces the first occurrence of <paramref name="from"/> only (e.g. a batch header's quantity, not its events').</summary>
    public Task ReplaceFirst(string key, string from, string to) => Edit(key, from, """
        convert_to(overlay(convert_from(payloadbinary, 'UTF8') placing @to
            from strpos(convert_from(payloadbinary, 'UTF8'), @from) for length(@from)), 'UTF8')
        """, ("from", from), ("to", to));

    /// <summary>Deletes the JSON element at <paramref name="path"/> (jsonb path syntax, e.g. {log,1}).</summary>
    public Task Delete(string key, string mustHold, string path) => Edit(key, mustHold,
        "convert_to(((convert_from(payloadbinary, 'UTF8'))::jsonb #- @path::text[])::text, 'UTF8')", ("path", path));

    /// <summary>The payload of the row of <paramref name="key"/> holding <paramref name="mustHold"/>.</summary>
    public async Task<string> Read(string key, string mustHold)
    {
        await using var connection = await Open();
        await using var read = new NpgsqlCommand(
            $"SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE {Where}", connection);
        Bind(read, key, mustHold);
        var rows = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return Assert.Single(rows);
    }

    /// <summary>Writes <paramref name="payload"/> as the row of <paramref name="key"/>.</summary>
    public Task Write(string key, string mustHold, string payload) =>
        Edit(key, mustHold, "convert_to(@payload, 'UTF8')", ("payload", payload));

    private const string Where =
        "serviceid = @service AND grainidextensionstring LIKE @key AND convert_from(payloadbinary, 'UTF8') LIKE @holds";

    private async Task Edit(string key, string mustHold, string newPayload, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Open();
        await using var edit = new NpgsqlCommand($"UPDATE orleansstorage SET payloadbinary = {newPayload} WHERE {Where}", connection);
        Bind(edit, key, mustHold);
        foreach (var (name, value) in parameters) edit.Parameters.AddWithValue(name, value);
        Assert.Equal(1, await edit.ExecuteNonQueryAsync());
    }

    private void Bind(NpgsqlCommand command, string key, string mustHold)
    {
        command.Parameters.AddWithValue("service", fixture.ServiceId);
        command.Parameters.AddWithValue("key", "%" + Like(key));
        command.Parameters.AddWithValue("holds", "%" + Like(mustHold) + "%");
    }

    private static string Like(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private static async Task<NpgsqlConnection> Open()
    {
        var connection = new NpgsqlConnection(PostgresClusterFixture.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
