using System.Diagnostics;
using Npgsql;
using static Nguon.Benchmark.Stats;

namespace Nguon.Benchmark;

/// <summary>Where the machine's CPU went during a phase (Linux /proc): this process (silo and load generator),
/// the PostgreSQL server under test (its postmaster and backends), and everything else on the machine. On a
/// shared 2-core machine "other" is the noise that makes rounds disagree.</summary>
public sealed class CpuMeter
{
    private const double JiffiesPerSecond = 100; // USER_HZ on Linux
    private readonly int? postmaster;

    private CpuMeter(int? postmaster) => this.postmaster = postmaster;

    public static async Task<CpuMeter> CreateAsync(string connectionString)
    {
        int? postmaster = null;
        try
        {
            await using var c = new NpgsqlConnection(connectionString);
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("SELECT pg_backend_pid()", c);
            var backend = (int)(await cmd.ExecuteScalarAsync())!;
            var ppid = File.ReadLines($"/proc/{backend}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim();
            postmaster = int.Parse(ppid, Inv);
        }
        catch (Exception)
        {
            // Not on this machine, or no /proc: PostgreSQL's share is then counted as "other".
        }
        return new CpuMeter(postmaster);
    }

    public bool Available => File.Exists("/proc/stat");

    public Snapshot Take()
    {
        if (!Available) return new Snapshot(Stopwatch.GetTimestamp(), 0, 0, TimeSpan.Zero, 0, null);
        var fields = File.ReadLines("/proc/stat").First().Split(' ',
            StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        using var self = Process.GetCurrentProcess();
        var (postgres, others) = ProcessJiffies(self.Id);
        return new Snapshot(Stopwatch.GetTimestamp(), total, idle, self.TotalProcessorTime, postgres, others);
    }

    /// <summary>CPU jiffies of the PostgreSQL server under test (postmaster, its backends and reaped children),
    /// and of every other process by pid.</summary>
    private (long Postgres, Dictionary<int, long> Others) ProcessJiffies(int self)
    {
        long postgres = 0;
        var others = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // f[0] = state (field 3), so field n is f[n - 3]
                var ppid = int.Parse(f[1], Inv);
                var own = long.Parse(f[11], Inv) + long.Parse(f[12], Inv);
                if (pid == postmaster) postgres += own + long.Parse(f[13], Inv) + long.Parse(f[14], Inv);
                else if (postmaster is not null && ppid == postmaster) postgres += own;
                else others[pid] = own;
            }
            catch (Exception)
            {
                // the process ended while being read
            }
        }
        return (postgres, others);
    }

    public readonly record struct Snapshot(long Timestamp, long TotalJiffies, long IdleJiffies, TimeSpan Self, long PostgresJiffies,
        Dictionary<int, long>? Others);

    /// <summary>CPU use between two snapshots, in cores (2.00 = both cores of a 2-core machine fully busy).
    /// Other = other processes (alive at both ends) + the rest (kernel threads, interrupts, processes that
    /// started or ended in between).</summary>
    public sealed record Usage(double Seconds, double Busy, double Bench, double Postgres, double OtherProcesses, bool Known)
    {
        public double Other => Math.Max(0, Busy - Bench - Postgres);
        public double Rest => Math.Max(0, Other - OtherProcesses);

        /// <summary>CPU milliseconds this process and PostgreSQL together spent per operation.</summary>
        public double MsPerOp(long ops) => ops == 0 ? double.NaN : (Bench + Postgres) * Seconds * 1000 / ops;

        public override string ToString() => !Known ? "n/a"
            : $"{F2(Busy)} of {Environment.ProcessorCount} cores busy = bench {F2(Bench)} + postgres {F2(Postgres)} + other {F2(Other)} " +
              $"(other processes {F2(OtherProcesses)}, kernel/short-lived {F2(Rest)})";
    }

    public Usage Between(Snapshot a, Snapshot b)
    {
        var seconds = (b.Timestamp - a.Timestamp) / (double)Stopwatch.Frequency;
        if (!Available || seconds <= 0) return new Usage(seconds, 0, 0, 0, 0, false);
        var cores = Environment.ProcessorCount;
        var totalDelta = Math.Max(1, b.TotalJiffies - a.TotalJiffies);
        var busy = (double)(totalDelta - (b.IdleJiffies - a.IdleJiffies)) / totalDelta * cores;
        var bench = (b.Self - a.Self).TotalSeconds / seconds;
        var postgres = (b.PostgresJiffies - a.PostgresJiffies) / JiffiesPerSecond / seconds;
        long others = 0;
        foreach (var (pid, after) in b.Others ?? [])
            if (a.Others is not null && a.Others.TryGetValue(pid, out var before)) others += Math.Max(0, after - before);
        return new Usage(seconds, busy, bench, postgres,
            Math.Min(others / JiffiesPerSecond / seconds, Math.Max(0, busy - bench - postgres)), true);
    }

    public async Task<Usage> MeasureIdleAsync(TimeSpan duration)
    {
        var a = Take();
        await Task.Delay(duration);
        return Between(a, Take());
    }
}
