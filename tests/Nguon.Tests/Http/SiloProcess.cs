using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Nguon.Tests.Http;

/// <summary>The built silo (Nguon.Silo.dll from the test output directory) run as a real child process with
/// the embedded SQLite storage in a fresh temporary directory, on free loopback ports. It can be stopped (the
/// process is killed) and started again on the same database file; disposing it deletes the directory.</summary>
public sealed class SiloProcess : IAsyncLifetime, IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int MaxOutputLines = 4000;
    private const int StartAttempts = 3;

    private readonly bool demo;
    private readonly ConcurrentQueue<string> output = new();
    private Process? process;
    private HttpClient? client;

    public SiloProcess(bool demo = false)
    {
        this.demo = demo;
        Directory = Path.Combine(Path.GetTempPath(), "nguon-http-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "nguon.db");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    /// <summary>The temporary directory holding the database (and the process's working directory).</summary>
    public string Directory { get; }
    public string DatabasePath { get; }
    public int HttpPort { get; private set; }
    public int SiloPort { get; private set; }
    public int GatewayPort { get; private set; }
    public int? ProcessId => process?.Id;
    public bool IsRunning => process is { HasExited: false };

    /// <summary>A client for the running process (a new one after every start, as the ports change).</summary>
    public HttpClient Client => client ?? throw new InvalidOperationException("the silo is not started");

    /// <summary>Everything the process (all starts so far) wrote to stdout and stderr, last lines only.</summary>
    public string Output => string.Join(Environment.NewLine, output);

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { } // best effort: a temp directory left behind is harmless
        catch (UnauthorizedAccessException) { }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Starts the process and returns once GET /health/live answers 200; throws with the captured
    /// output if it exits or does not become ready within <see cref="StartTimeout"/>.</summary>
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
            }
        }
    }

    private async Task StartOnceAsync()
    {
        (HttpPort, SiloPort, GatewayPort) = FreePorts();
        var baseDirectory = AppContext.BaseDirectory;
        var dll = Path.Combine(baseDirectory, "Nguon.Silo.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the test project first");

        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Directory,
        };
        foreach (var arg in new[]
        {
            dll,
            "--contentRoot", baseDirectory,
            "--urls", $"http://127.0.0.1:{HttpPort}",
            $"--Nguon:SqlitePath={DatabasePath}",
            $"--Nguon:SiloPort={SiloPort}",
            $"--Nguon:GatewayPort={GatewayPort}",
            // Orleans' placement pipeline logs every call at Information; keep the captured output readable.
            "--Logging:LogLevel:Polly=Warning",
        }) info.ArgumentList.Add(arg);
        if (demo) info.ArgumentList.Add("--demo");
        // The test host's own settings must not leak into the silo.
        info.Environment.Remove("ASPNETCORE_URLS");
        info.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        info.Environment.Remove("DOTNET_URLS");
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("Nguon__", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);

        Log($"[test] starting: dotnet {string.Join(' ', info.ArgumentList)}");
        var started = new Process { StartInfo = info, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) => { if (e.Data is not null) Log(e.Data); };
        started.ErrorDataReceived += (_, e) => { if (e.Data is not null) Log("[stderr] " + e.Data); };
        if (!started.Start()) throw new InvalidOperationException("dotnet did not start");
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}/"), Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        using var probe = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (started.HasExited)
            {
                await started.WaitForExitAsync(); // flushes the redirected output
                http.Dispose();
                process = null;
                var text = Output;
                throw new SiloStartException($"the silo exited with code {started.ExitCode} before it was ready:{Environment.NewLine}{Tail(text)}",
                    text.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
            }
            try
            {
                using var response = await probe.GetAsync("health/live");
                if (response.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) { } // probe timed out
            if (clock.Elapsed > StartTimeout)
            {
                http.Dispose();
                await StopAsync();
                throw new SiloStartException($"the silo was not ready within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{Tail(Output)}", false);
            }
            await Task.Delay(100); // polling interval, not a wait for readiness
        }
        Log($"[test] ready after {clock.Elapsed.TotalSeconds:0.0} s");
        client = http;
    }

    /// <summary>Kills the process (and any children) and waits for it to exit. The database stays.</summary>
    public async Task StopAsync()
    {
        client?.Dispose();
        client = null;
        if (process is not { } running) return;
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await running.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { throw new InvalidOperationException($"silo process {running.Id} did not exit after being killed"); }
        Log($"[test] stopped (exit code {running.ExitCode})");
        running.Dispose();
        process = null;
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200 (bounded), e.g. for demo data loading in the
    /// background. Throws with the process output if it never does.</summary>
    public async Task WaitForOkAsync(string path, TimeSpan? timeout = null)
    {
        var limit = timeout ?? StartTimeout;
        var clock = Stopwatch.StartNew();
        HttpStatusCode last = 0;
        while (clock.Elapsed < limit)
        {
            if (!IsRunning) throw new InvalidOperationException($"the silo exited while waiting for {path}:{Environment.NewLine}{Tail(Output)}");
            using var response = await Client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK) return;
            last = response.StatusCode;
            await Task.Delay(100);
        }
        throw new TimeoutException($"GET {path} still answered {(int)last} after {limit.TotalSeconds:0} s:{Environment.NewLine}{Tail(Output)}");
    }

    private void Kill()
    {
        try
        {
            if (process is { HasExited: false } p) p.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { } // exited meanwhile
    }

    private void Log(string line)
    {
        output.Enqueue(line);
        while (output.Count > MaxOutputLines && output.TryDequeue(out _)) { }
    }

    private static string Tail(string text, int lines = 150) =>
        string.Join(Environment.NewLine, text.Split(Environment.NewLine).TakeLast(lines));

    /// <summary>Three distinct free loopback ports (held together while probing so they differ).</summary>
    private static (int Http, int Silo, int Gateway) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }

    private sealed class SiloStartException(string message, bool portTaken) : Exception(message)
    {
        public bool PortTaken { get; } = portTaken;
    }
}

/// <summary>One silo process started with --demo, shared by every HTTP test class in <see cref="DemoSiloCollection"/>.</summary>
public sealed class DemoSiloFixture : IAsyncLifetime
{
    public const string ExportLot = "LN26-EXP-0001";
    /// <summary>The demo loader creates this batch last, so once it exists the whole data set is there.</summary>
    public const string LastDemoBatch = "FAKE-LN-0001";

    private Task? demoLoaded;

    public SiloProcess Silo { get; } = new(demo: true);
    public HttpClient Client => Silo.Client;

    public Task InitializeAsync() => Silo.StartAsync();

    public Task DisposeAsync() => Silo.DisposeAsync();

    /// <summary>The demo data loads in the background after start; tests that read it await this (bounded).</summary>
    public Task DemoDataLoaded() => demoLoaded ??= WaitForDemo();

    private async Task WaitForDemo()
    {
        await Silo.WaitForOkAsync($"api/batches/{ExportLot}");
        await Silo.WaitForOkAsync($"api/batches/{LastDemoBatch}");
    }
}

[CollectionDefinition(Name)]
public sealed class DemoSiloCollection : ICollectionFixture<DemoSiloFixture>
{
    public const string Name = "http: demo silo process";
}
