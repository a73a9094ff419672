using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Nguon.Tests.Http;

/// <summary>Issue 12's acceptance on the embedded SQLite, through a real silo process and its public verification
/// endpoint: a batch header's quantity, a certificate's erased suspension and a farm's erased authorisation suspension,
/// each edited in the database file while the silo is stopped, make every affected lot "not verified" with an integrity
/// reason naming the edited record; an unrelated lot still verifies.</summary>
[Collection(RestartSiloCollection.Name)]
public sealed class DatabaseEditHttpTests
{
    [Fact]
    public async Task Records_edited_in_the_sqlite_file_fail_the_public_verification_naming_them()
    {
        await using var silo = new SiloProcess(demo: false);
        await silo.StartAsync();
        var (quantity, certificate, authorisation, unrelated) = (new HttpWorld(silo), new HttpWorld(silo), new HttpWorld(silo), new HttpWorld(silo));
        foreach (var w in new[] { quantity, certificate, authorisation, unrelated })
        {
            await w.FarmWithHarvest(kg: 1000m);
            await silo.Client.Post($"api/batches/{w.Id("H")}/split", new
            {
                eventTime = Api.Iso(w.T0.AddHours(1)),
                parts = new[] { new { batchCode = w.Id("C"), quantity = new { amount = 400m, unit = "kg" } } },
            }, await w.Producer("htx-test")).Expect(HttpStatusCode.Created);
        }
        await silo.Client.Post($"api/certificates/{certificate.Gi}/status",
            new { status = "suspended", reason = "counterfeit labels found" }, await certificate.Authority()).Expect(HttpStatusCode.OK);
        await silo.Client.Post($"api/farms/{authorisation.Id("FARM")}/authorisations/{authorisation.Gi}/status",
            new { status = "suspended", reason = "residue finding" }, await authorisation.Authority()).Expect(HttpStatusCode.OK);
        Assert.Equal("verified", (await Verification(silo, quantity.Id("C"))).Str("verdict"));
        Assert.Equal("notVerified", (await Verification(silo, certificate.Id("C"))).Str("verdict"));

        await silo.StopAsync();
        await using (var db = new SqliteConnection($"Data Source={silo.DatabasePath}"))
        {
            await db.OpenAsync();
            await ReplaceFirst(db, quantity.Id("H"), "\"quantity\":{\"amount\":1000,\"unit\":\"kg\"}", "\"quantity\":{\"amount\":8000,\"unit\":\"kg\"}");
            await Replace(db, certificate.Gi, "\"status\":\"suspended\"", "\"status\":\"active\"");
            await Replace(db, authorisation.Id("FARM"), "\"status\":\"suspended\"", "\"status\":\"active\"");
        }
        SqliteConnection.ClearAllPools();
        await silo.StartAsync();

        foreach (var (w, record) in new[]
        {
            (quantity, $"batch {quantity.Id("H")}"),
            (certificate, $"certificate {certificate.Gi}"),
            (authorisation, $"farm {authorisation.Id("FARM")}"),
        })
            foreach (var lot in new[] { "H", "C" })
            {
                var v = await Verification(silo, w.Id(lot));
                Assert.Equal("notVerified", v.Str("verdict"));
                Assert.True(v.GetProperty("reasons").EnumerateArray().Any(r => r.Str("rule").StartsWith("integrity.", StringComparison.Ordinal)
                    && r.Str("message").Contains(record, StringComparison.Ordinal)), $"{w.Id(lot)}: no integrity reason names {record}: {v}");
            }
        foreach (var lot in new[] { "H", "C" }) Assert.Equal("verified", (await Verification(silo, unrelated.Id(lot))).Str("verdict"));
    }

    private static async Task<JsonElement> Verification(SiloProcess silo, string code) =>
        await silo.Client.GetAsync($"api/batches/{code}/verification").Expect(HttpStatusCode.OK);

    private static Task Replace(SqliteConnection db, string key, string from, string to) =>
        Edit(db, key, from, to, "replace(CAST(PayloadBinary AS TEXT), $from, $to)");

    /// <summary>The first occurrence only (a batch header's quantity, not its events').</summary>
    private static Task ReplaceFirst(SqliteConnection db, string key, string from, string to) => Edit(db, key, from, to, """
        substr(CAST(PayloadBinary AS TEXT), 1, instr(CAST(PayloadBinary AS TEXT), $from) - 1) || $to
            || substr(CAST(PayloadBinary AS TEXT), instr(CAST(PayloadBinary AS TEXT), $from) + length($from))
        """);

    /// <summary>Rewrites the JSON payload of the one row whose grain key ends with <paramref name="key"/> and holds <paramref name="from"/>.</summary>
    private static async Task Edit(SqliteConnection db, string key, string from, string to, string payload)
    {
        await using var edit = db.CreateCommand();
        edit.CommandText = $"""
            UPDATE OrleansStorage SET PayloadBinary = CAST({payload} AS BLOB)
            WHERE GrainIdExtensionString LIKE '%' || $key AND instr(CAST(PayloadBinary AS TEXT), $from) > 0
            """;
        edit.Parameters.AddWithValue("$key", key);
        edit.Parameters.AddWithValue("$from", from);
        edit.Parameters.AddWithValue("$to", to);
        Assert.Equal(1, await edit.ExecuteNonQueryAsync());
    }
}
