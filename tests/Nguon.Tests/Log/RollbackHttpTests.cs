using System.Net;
using Microsoft.Data.Sqlite;
using Nguon.Tests.Http;

namespace Nguon.Tests.Log;

/// <summary>A rollback through the database: the certificate's row from before its suspension, validly hashed and
/// sealed, is written back while the silo is stopped. Its own checks pass, but the transparency log holds the newer
/// head, so verification names the certificate as rolled back.</summary>
[Collection(RestartSiloCollection.Name)]
public sealed class RollbackHttpTests
{
    [Fact]
    public async Task A_certificate_row_put_back_from_before_its_suspension_fails_verification_as_rolled_back()
    {
        // The per-record index is written at every sequencer run (not gathered for 10 s), so the test need not wait.
        await using var silo = new SiloProcess(demo: false, extraArguments: ["--Nguon:Log:IndexInterval=00:00:00"]);
        await silo.StartAsync();
        var w = new HttpWorld(silo);
        var unrelated = new HttpWorld(silo);
        await w.FarmWithHarvest(kg: 500m);
        await unrelated.FarmWithHarvest(kg: 500m);
        var before = await Row(silo, w.Gi);

        await silo.Client.Post($"api/certificates/{w.Gi}/status", new { status = "suspended", reason = "audit" }, await w.Authority())
            .Expect(HttpStatusCode.OK);
        await silo.Client.Post($"api/certificates/{w.Gi}/status", new { status = "active", reason = "audit passed" }, await w.Authority())
            .Expect(HttpStatusCode.OK);
        await silo.Client.Post($"api/certificates/{w.Gi}/status", new { status = "revoked", reason = "fraud" }, await w.Authority())
            .Expect(HttpStatusCode.OK);
        // Two writes in turn, each waited into a checkpoint: the run that logged the certificate's newest head, and
        // wrote its index entry, has finished before the run that logged the second.
        for (var hour = 1; hour <= 2; hour++)
        {
            await silo.Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(hour)) },
                await w.Producer("htx-test")).Expect(HttpStatusCode.Created);
            await LogHttp.CheckpointWith(silo.Client, "batch", w.Id("H"), 1 + hour);
        }
        Assert.Equal("notVerified", (await Verification(silo, w.Id("H"), full: false)).Str("verdict"));

        await silo.StopAsync();
        await using (var db = new SqliteConnection($"Data Source={silo.DatabasePath}"))
        {
            await db.OpenAsync();
            await using var put = db.CreateCommand();
            put.CommandText = "UPDATE OrleansStorage SET PayloadBinary = $payload WHERE GrainIdExtensionString LIKE $key";
            put.Parameters.AddWithValue("$payload", before);
            put.Parameters.AddWithValue("$key", "%/" + w.Gi);
            Assert.Equal(1, await put.ExecuteNonQueryAsync());
        }
        SqliteConnection.ClearAllPools();
        await silo.StartAsync();

        // The row is a valid older state: only the log shows it was rolled back, for inspectors and shoppers alike.
        foreach (var full in new[] { true, false })
        {
            var v = await Verification(silo, w.Id("H"), full);
            Assert.Equal("notVerified", v.Str("verdict"));
            Assert.Contains(v.GetProperty("reasons").EnumerateArray(), r => r.Str("rule") == "integrity.rollback"
                && r.Str("message").Contains($"certificate {w.Gi}", StringComparison.Ordinal)
                && r.Str("message").Contains("head 4", StringComparison.Ordinal));
            Assert.DoesNotContain(v.GetProperty("reasons").EnumerateArray(), r => r.Str("rule") == "integrity.signature");
            Assert.Equal("verified", (await Verification(silo, unrelated.Id("H"), full)).Str("verdict"));
        }
    }

    private static async Task<byte[]> Row(SiloProcess silo, string key)
    {
        await using var db = new SqliteConnection($"Data Source={silo.DatabasePath}");
        await db.OpenAsync();
        await using var read = db.CreateCommand();
        read.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE GrainIdExtensionString LIKE $key";
        read.Parameters.AddWithValue("$key", "%/" + key);
        var rows = new List<byte[]>();
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add((byte[])reader[0]);
        SqliteConnection.ClearAllPools();
        return Assert.Single(rows);
    }

    private static async Task<System.Text.Json.JsonElement> Verification(SiloProcess silo, string code, bool full)
    {
        if (!full) return await silo.Client.GetAsync($"api/batches/{code}/verification").Expect(HttpStatusCode.OK);
        var inspector = await silo.Organisation("rollback-inspector", "inspector");
        return await silo.Client.Get($"api/batches/{code}/verification/full", inspector).Expect(HttpStatusCode.OK);
    }
}
