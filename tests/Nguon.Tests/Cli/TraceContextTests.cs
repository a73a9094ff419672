namespace Nguon.Tests.Cli;

/// <summary>`nguon` sends W3C trace context: the trace id it prints with --show-trace is the one the server
/// worked under (the audit trail records the server's trace id for each write).</summary>
[Collection(CliSiloCollection.Name)]
public sealed class TraceContextTests(CliSilo silo)
{
    [Fact]
    public async Task The_trace_id_nguon_prints_is_the_one_the_server_recorded_for_the_write()
    {
        var world = await CliWorld.CreateAsync(silo);
        var batch = await world.HarvestAtPacker();

        var run = await world.As(world.Packer, "--show-trace", "batch", "event", batch, "--step", "packing");
        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("trace-id ", line);
        var traceId = line["trace-id ".Length..];
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        var day = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var entries = (await world.As(world.Inspector, "audit", world.Packer, "--day", day,
            "--json")).Ok().Json().EnumerateArray().ToList();
        var packing = entries.Last(e => e.GetProperty("path").GetString() == $"/api/batches/{batch}/events");
        Assert.Equal(traceId, packing.GetProperty("traceId").GetString());
    }
}
