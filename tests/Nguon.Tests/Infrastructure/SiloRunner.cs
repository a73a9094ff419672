using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Nguon.Tests.Infrastructure;

/// <summary>The one start / readiness / port-retry loop for a real silo process (<see cref="SiloCommand"/>): it
/// starts the built silo on free loopback ports (fresh ones when another process took one first, unless asked to
/// keep them), captures its output, and returns once <c>ready</c> holds. Fixtures (Http's SiloProcess, the CLI's
/// and the cluster's silos) are views over it; <see cref="RunUntilExitAsync"/> runs one that is expected to stop.</summary>
public sealed class SiloRunner(string directory, string bootstrapKey, IReadOnlyList<string> arguments, bool keepPorts = false)
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int MaxOutputLines = 4000;
    private const int StartAttempts = 3;

    private readonly ConcurrentQueue<string> output = new();
    private readonly StringBuilder everything = new();
    private Process? process;

    public string Directory { get; } = directory;
    public int HttpPort { get; private set; }
    public int SiloPort { get; private set; }
    public int GatewayPort { get; private set; }
    public int? ProcessId => process?.Id;
    public bool IsRunning => process is { HasExited: false };
    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>Readiness beyond GET /health/live answering 200 (e.g. the bootstrap key in place); none by default.</summary>
    public Func<HttpClient, Task<bool>>? Ready { get; init; }

    /// <summary>Environment variables set for the process (e.g. the OTLP exporter's).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>What the fixture's own "starting" line shows instead of a secret argument.</summary>
    public Func<string, string> Redact { get; init; } = line => line.Replace(bootstrapKey, "<bootstrap key>", StringComparison.Ordinal);

    /// <summary>The last lines the process (all starts so far) wrote to stdout and stderr.</summary>
    public string Output => string.Join(System.Environment.NewLine, output);

    /// <summary>Every line the process (all starts so far) wrote to stdout and stderr.</summary>
    public string FullOutput
    {
        get { lock (everything) return everything.ToString(); }
    }

    /// <summary>Starts the process and returns once it is ready; throws with the captured output if it exits or
    /// is not ready within <see cref="StartTimeout"/>.</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException("the silo is already running");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync();
                return;
            }
            catch (SiloStartException e) when (attempt < StartAttempts && e.PortTaken)
            {
                // Another process took one of the free ports between probing and binding: try fresh ones.
                Log($"[test] start attempt {attempt} lost a port race, retrying");
                HttpPort = 0;
            }
        }
    }

    private async Task StartOnceAsync()
    {
        if (!keepPorts || HttpPort == 0) (HttpPort, SiloPort, GatewayPort) = Ports.ForSilo();
        var info = SiloCommand.For(Directory, (HttpPort, SiloPort, GatewayPort), bootstrapKey, [.. arguments]);
        foreach (var (name, value) in Environment) info.Environment[name] = value;
        var started = Launch(info);
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (!await IsReady(probe))
        {
            if (started.HasExited)
            {
                await started.WaitForExitAsync(); // flushes the redirected output
                process = null;
                var text = Output;
                throw new SiloStartException($"the silo exited with code {started.ExitCode} before it was ready:"
                    + $"{System.Environment.NewLine}{Tail(text)}", text.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
            }
            if (clock.Elapsed > StartTimeout)
            {
                await StopAsync();
                throw new SiloStartException($"the silo was not ready within {StartTimeout.TotalSeconds:0} s:"
                    + $"{System.Environment.NewLine}{Tail(Output)}", portTaken: false);
            }
            await Task.Delay(100); // polling interval, not a wait for readiness
        }
        Log($"[test] ready after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private Process Launch(ProcessStartInfo info)
    {
        Log($"[test] starting: dotnet {Redact(string.Join(' ', info.ArgumentList))}");
        var started = new Process { StartInfo = info, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) => { if (e.Data is not null) Log(e.Data); };
        started.ErrorDataReceived += (_, e) => { if (e.Data is not null) Log("[stderr] " + e.Data); };
        if (!started.Start()) throw new InvalidOperationException("dotnet did not start");
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(started);
        return started;
    }

    private async Task<bool> IsReady(HttpClient probe)
    {
        try
        {
            using var live = await probe.GetAsync("health/live");
            return live.StatusCode == HttpStatusCode.OK && (Ready is null || await Ready(probe));
        }
        catch (HttpRequestException) { return false; } // not listening yet
        catch (TaskCanceledException) { return false; } // probe timed out
    }

    /// <summary>Kills the process (and any children) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (process is not { } running) return;
        Kill(running);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await running.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"silo process {running.Id} did not exit after being killed");
        }
        Log($"[test] stopped (exit code {running.ExitCode})");
        running.Dispose();
        process = null;
    }

    /// <summary>Stops the process as an operator or an orchestrator does (SIGTERM) and waits (bounded) for it to
    /// exit; returns its exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        if (process is not { } running) throw new InvalidOperationException("the silo is not running");
        var pid = running.Id.ToString(CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", ["-TERM", pid])) await kill.WaitForExitAsync();
        using var limit = new CancellationTokenSource(timeout);
        try { await running.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            await StopAsync();
            throw new TimeoutException($"the silo did not stop within {timeout.TotalSeconds:0} s of "
                + $"SIGTERM:{System.Environment.NewLine}{Tail(Output)}");
        }
        var code = running.ExitCode;
        Log($"[test] stopped by SIGTERM (exit code {code})");
        running.Dispose();
        process = null;
        return code;
    }

    /// <summary>Runs a silo in <paramref name="directory"/> that is expected to stop by itself (a wrong setting),
    /// and returns how it ended; throws (after killing it) if it is still running after <paramref name="timeout"/>.</summary>
    public static async Task<SiloExit> RunUntilExitAsync(string directory, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var info = SiloCommand.For(directory, Ports.ForSilo(), Nguon.Domain.ApiKeys.Generate().Token, [.. arguments]);
        using var started = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = started.StandardOutput.ReadToEndAsync();
        var stderr = started.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try { await started.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            Kill(started);
            await started.WaitForExitAsync();
            throw new TimeoutException($"the silo was still running after {timeout.TotalSeconds:0} s:{System.Environment.NewLine}"
                + Tail(await stdout + await stderr));
        }
        return new(started.ExitCode, Lines(await stdout), Lines(await stderr));
    }

    public void Log(string line)
    {
        lock (everything) everything.AppendLine(line);
        output.Enqueue(line);
        while (output.Count > MaxOutputLines && output.TryDequeue(out _)) { }
    }

    public static string Tail(string text, int lines = 150) =>
        string.Join(System.Environment.NewLine, text.Split(System.Environment.NewLine).TakeLast(lines));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void Kill(Process target)
    {
        try
        {
            if (!target.HasExited) target.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { } // exited meanwhile (or disposed)
    }

    private sealed class SiloStartException(string message, bool portTaken) : Exception(message)
    {
        public bool PortTaken { get; } = portTaken;
    }
}

/// <summary>How a silo process that stopped by itself ended: its exit code and its output, line by line.</summary>
public sealed record SiloExit(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr);
