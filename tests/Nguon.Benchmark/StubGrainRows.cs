using Nguon.Silo.Hosting;
using Nguon.Silo.ReadModel;
using Npgsql;

namespace Nguon.Benchmark;

/// <summary>Records seeded straight into rm_* have no grain behind them, and a silo's read-model sweep deletes the
/// projections whose grain row is gone. A stub grain row per record (its stored key and version, no state) makes the sweep
/// find each one up to date — and pay the anti-joins over them a real deployment of that size pays.</summary>
public static class StubGrainRows
{
    /// <param name="exceptOrganisation">An organisation registered through the API: it has its grain row already.</param>
    public static async Task InsertAsync(NpgsqlConnection connection, string serviceId, string? exceptOrganisation = null)
    {
        foreach (var (kind, table, column) in new[]
        {
            (ReadKind.Batch, "rm_batches", "code"), (ReadKind.Farm, "rm_farms", "code"),
            (ReadKind.Certificate, "rm_certificates", "number"),
            (ReadKind.Organisation, "rm_organisations", "id"),
        })
        {
            var type = Projections.GrainType(kind);
            var except = kind == ReadKind.Organisation ? " AND id <> @except" : "";
            await using var stub = new NpgsqlCommand($"""
                INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
                    serviceid, payloadbinary, modifiedon, version)
                SELECT hashtext({column}), 0, 0, hashtext('{type}'), 'bench-stub-{type}', @prefix || {column}, service_id, NULL,
                    now() AT TIME ZONE 'UTC', version
                FROM {table} WHERE service_id = @s{except}
                """, connection) { CommandTimeout = 600 };
            stub.Parameters.AddWithValue("s", serviceId);
            stub.Parameters.AddWithValue("prefix", CanonicalKeyGrainStorage.StoredKey(type, ""));
            stub.Parameters.AddWithValue("except", exceptOrganisation ?? "");
            await stub.ExecuteNonQueryAsync();
        }
    }
}
