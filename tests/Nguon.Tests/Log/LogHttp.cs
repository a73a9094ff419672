using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Nguon.Tests.Http;

namespace Nguon.Tests.Log;

/// <summary>What the log tests ask of a silo process over HTTP: its newest checkpoint, and a bounded wait for one that
/// holds a given record's head (checkpoints are signed every interval, so a head written now is in one soon).</summary>
public static class LogHttp
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static async Task<JsonElement?> Checkpoint(HttpClient client)
    {
        using var response = await client.GetAsync("api/log/checkpoint");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        return await response.Expect(HttpStatusCode.OK);
    }

    /// <summary>The first checkpoint whose leaves hold <paramref name="kind"/>/<paramref name="id"/> at
    /// <paramref name="sequence"/>; fails after <see cref="Wait"/>.</summary>
    public static async Task<JsonElement> CheckpointWith(HttpClient client, string kind, string id, long sequence)
    {
        var record = IndependentRfc9162.RecordHash(kind, id);
        var started = Stopwatch.GetTimestamp();
        long scanned = 0;
        while (true)
        {
            if (await Checkpoint(client) is { } checkpoint)
            {
                var size = checkpoint.GetProperty("treeSize").GetInt64();
                for (; scanned < size; scanned += 1000)
                {
                    var leaves = await client.GetAsync($"api/log/leaves?start={scanned}&count={Math.Min(1000, size - scanned)}")
                        .Expect(HttpStatusCode.OK);
                    if (leaves.EnumerateArray().Any(e => e.GetProperty("leaf").Str("record") == record
                            && e.GetProperty("leaf").GetProperty("sequence").GetInt64() == sequence))
                        return checkpoint;
                }
                scanned = size;
            }
            Assert.True(Stopwatch.GetElapsedTime(started) < Wait, $"no checkpoint holds {kind} {id} at sequence {sequence} after {Wait}");
            await Task.Delay(100);
        }
    }
}
