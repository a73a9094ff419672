using System.CommandLine;
using System.Globalization;
using Nguon.Client;
using Nguon.Client.Dossiers;
using Nguon.Client.Log;
using Spectre.Console;
using static Nguon.Cli.Commands;

namespace Nguon.Cli;

/// <summary>`nguon log verify|watch`: a monitor of the server's transparency log, keeping checkpoints in a folder.</summary>
internal static class LogCommands
{
    public static IEnumerable<Command> Build(TextWriter output)
    {
        var state = Optional("--state",
            "folder where checkpoints are kept between runs (default: nguon/log/<server> in the user's application data)");
        var jwks = Optional("--jwks", "the log's public keys: a JWKS file or URL (default: the server's /.well-known/jwks.json)");
        var interval = Optional("--interval", "time between checks, e.g. 10s, 2m or 00:00:30 (default 10s)");
        var rounds = new Option<int?>("--rounds") { Description = "stop after this many checks (default: until interrupted)" };

        yield return Group("log", "The transparency log of chain heads: check that it only grew",
            Make("verify", "Check the newest signed checkpoint against every checkpoint kept before (consistency proofs), scan the "
                + "leaves added since and look for equivocation, then keep it; exits 1 when the log does not hold", output,
                async (c, ct) =>
                {
                    await Verify(c, c.Parse.GetValue(state), c.Parse.GetValue(jwks), ct);
                    return 0;
                }, state, jwks),
            Make("watch", "`log verify` again and again; exits 1 at the first check that fails", output, async (c, ct) =>
            {
                var every = Interval(c.Parse.GetValue(interval));
                var limit = c.Parse.GetValue(rounds);
                if (limit is < 1) throw new FormatException("--rounds must be at least 1");
                for (var round = 1; limit is null || round <= limit; round++)
                {
                    await Verify(c, c.Parse.GetValue(state), c.Parse.GetValue(jwks), ct);
                    if (limit is null || round < limit)
                    {
                        try { await Task.Delay(every, ct); }
                        catch (OperationCanceledException) { return 0; } // interrupted: every check so far held
                    }
                }
                return 0;
            }, state, jwks, interval, rounds));
    }

    private static async Task Verify(Context c, string? stateFolder, string? jwksSource, CancellationToken ct)
    {
        var client = c.Client();
        var keysJson = jwksSource is null ? await client.GetJwks(ct)
            : Uri.TryCreate(jwksSource, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
                ? await new HttpClient().GetStringAsync(url, ct)
                : await File.ReadAllTextAsync(jwksSource, ct);
        var folder = stateFolder ?? DefaultFolder(client.Server);
        var report = await LogMonitor.Run(client, JsonWebKeySet.Parse(keysJson), folder, ct);
        var cp = report.Checkpoint;
        c.Print(new
        {
            valid = true, treeSize = cp?.TreeSize ?? 0, rootHash = cp?.RootHash, time = cp?.Time, kid = cp?.KeyId,
            checkpointsChecked = report.CheckpointsChecked, previousSize = report.PreviousSize, leavesScanned = report.LeavesScanned,
            records = report.Records, duplicates = report.Duplicates, state = folder,
        }, (con, r) =>
        {
            if (cp is null)
            {
                con.WriteLine("log VERIFIED: empty (no signed checkpoint yet)");
                return;
            }
            con.WriteLine($"log VERIFIED: {r.treeSize} leaves, root {r.rootHash}, signed by key {r.kid} on {cp.Time:u}");
            con.WriteLine(r.checkpointsChecked == 0 ? "  first check: checkpoint kept in " + folder
                : $"  consistent with the {r.checkpointsChecked} checkpoints kept (grew from {r.previousSize} leaves)");
            con.WriteLine($"  {r.leavesScanned} new leaves scanned, {r.records} records, no equivocation"
                + (r.duplicates > 0 ? $" ({r.duplicates} heads logged twice)" : ""));
        });
    }

    private static string DefaultFolder(Uri server)
    {
        var root = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create);
        var name = $"{server.Host}_{server.Port.ToString(CultureInfo.InvariantCulture)}";
        return Path.Combine(root.Length > 0 ? root : Path.GetTempPath(), "nguon", "log", name);
    }

    public static TimeSpan Interval(string? text)
    {
        if (text is null) return TimeSpan.FromSeconds(10);
        var t = text.Trim();
        TimeSpan? parsed =
            t.EndsWith("ms", StringComparison.Ordinal) && double.TryParse(t[..^2], CultureInfo.InvariantCulture, out var ms)
                ? TimeSpan.FromMilliseconds(ms)
            : t.EndsWith('s') && double.TryParse(t[..^1], CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s)
            : t.EndsWith('m') && double.TryParse(t[..^1], CultureInfo.InvariantCulture, out var m) ? TimeSpan.FromMinutes(m)
            : TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) ? span
            : null;
        return parsed is { } value && value > TimeSpan.Zero && value <= TimeSpan.FromDays(1) ? value
            : throw new FormatException($"--interval '{text}' is not a duration such as 10s, 2m or 00:00:30");
    }
}
