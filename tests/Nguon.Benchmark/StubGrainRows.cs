using Npgsql;

namespace Nguon.Benchmark;

/// <summary>Rows seeded straight into rm_* have no grain behind them, and a silo's sweep deletes projections whose grain
/// row is gone. So each seeded record also gets a stub grain row in orleansstorage (key and version, no state): the sweep
/// then finds every record up to date, and pays the anti-joins a real deployment of this size pays.</summary>
public static class StubGrainRows
{
    /// <summary>Stubs for the service's rm_batches, rm_farms, rm_certificates and rm_organisations rows (less the
    /// organisation <paramref name="exceptOrganisation"/>, which the benchmark registers through the API).</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, string serviceId, string? exceptOrganisation = null)
    {
        foreach (var (kind, table, column, extra) in new[]
        {
            ("batch", "rm_batches", "code", ""), ("farm", "rm_farms", "code", ""), ("certificate", "rm_certificates", "number", ""),
            ("organisation", "rm_organisations", "id", " AND id <> @except"),
        })
        {
            await using var stub = new NpgsqlCommand($"""
                INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
                    serviceid, payloadbinary, modifiedon, version)
                SELECT hashtext({column}), 0, 0, hashtext('{kind}'), 'bench-stub-{kind}', '~{kind}/' || {column}, service_id, NULL,
                    now() AT TIME ZONE 'UTC', version
                FROM {table} WHERE service_id = @s{extra}
                """, connection) { CommandTimeout = 600 };
            stub.Parameters.AddWithValue("s", serviceId);
            stub.Parameters.AddWithValue("except", exceptOrganisation ?? "");
            await stub.ExecuteNonQueryAsync();
        }
    }
}
