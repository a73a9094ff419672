using System.Net;
using Microsoft.Data.Sqlite;
using Nguon.Tests.Cli;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Log;

/// <summary>Issue 12's acceptance: "rewriting with the signing key is detected by `nguon log verify` against a checkpoint
/// kept before". The silo holds the key, so whoever runs it can sign any history. Here the operator deletes the log from
/// the database and lets the silo build a new one, grown past the size a monitor kept: every new checkpoint is validly
/// signed, and the monitor still refuses it, because the old tree is not a prefix of the new.</summary>
[Collection(RestartSiloCollection.Name)]
public sealed class LogVerifyCommandTests : IDisposable
{
    private readonly TempFolder state = new("nguon-log-monitor-");

    public void Dispose() => state.Dispose();

    [Fact]
    public async Task A_history_rewritten_and_signed_with_the_log_key_is_caught_by_a_monitor_that_kept_a_checkpoint()
    {
        await using var silo = new SiloProcess(demo: false);
        await silo.StartAsync();
        var w = new HttpWorld(silo);
        await w.FarmWithHarvest(kg: 500m);
        var kept = await LogHttp.CheckpointWith(silo.Client, "batch", w.Id("H"), 1);
        var keptSize = kept.GetProperty("treeSize").GetInt64();

        var firstRun = (await Verify(silo)).Ok();
        Assert.StartsWith($"log VERIFIED: {keptSize} leaves", firstRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("first check", firstRun.Stdout, StringComparison.Ordinal);

        // An honest log that grew is consistent with what was kept.
        await Store(silo, w, 1);
        var grown = await LogHttp.CheckpointWith(silo.Client, "batch", w.Id("H"), 2);
        var secondRun = (await Verify(silo)).Ok();
        Assert.Contains("consistent with the 1 checkpoints kept", secondRun.Stdout, StringComparison.Ordinal);
        var secondSize = grown.GetProperty("treeSize").GetInt64();

        // The rewrite: the log's rows are deleted while the silo is stopped, and the silo, with its key, starts a new one.
        await silo.StopAsync();
        await using (var db = new SqliteConnection($"Data Source={silo.DatabasePath}"))
        {
            await db.OpenAsync();
            await using var delete = db.CreateCommand();
            delete.CommandText = "DELETE FROM OrleansStorage WHERE GrainIdExtensionString LIKE '~log-%'";
            Assert.True(await delete.ExecuteNonQueryAsync() > 0);
        }
        SqliteConnection.ClearAllPools();
        await silo.StartAsync();
        var sequence = 2;
        long newSize;
        do
        {
            await Store(silo, w, ++sequence - 1);
            newSize = (await LogHttp.CheckpointWith(silo.Client, "batch", w.Id("H"), sequence)).GetProperty("treeSize").GetInt64();
        }
        while (newSize <= secondSize && sequence < 100);
        Assert.True(newSize > secondSize, $"the new log has {newSize} leaves after {sequence} events");

        var caught = await Verify(silo);
        Assert.True(caught.ExitCode == 1, caught.ToString());
        Assert.Contains($"is not consistent with its checkpoint of {keptSize} leaves", caught.Stderr, StringComparison.Ordinal);
        Assert.Contains("its history was rewritten", caught.Stderr, StringComparison.Ordinal);
        // A monitor that kept nothing has no way to tell: the new history verifies on its own.
        using var fresh = new TempFolder("nguon-log-monitor-fresh-");
        (await NguonTool.RunInProcess("--server", $"http://127.0.0.1:{silo.HttpPort}", "log", "verify", "--state", fresh.Path)).Ok();
    }

    private Task<CliRun> Verify(SiloProcess silo) =>
        NguonTool.RunInProcess("--server", $"http://127.0.0.1:{silo.HttpPort}", "log", "verify", "--state", state.Path);

    private static async Task Store(SiloProcess silo, HttpWorld w, int hours) =>
        await silo.Client.Post($"api/batches/{w.Id("H")}/events", new { bizStep = "storing", eventTime = Api.Iso(w.T0.AddHours(hours)) },
            await w.Producer("htx-test")).Expect(HttpStatusCode.Created);
}
