using Nguon.Tests.Infrastructure;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nguon.Domain;

namespace Nguon.Tests.Cli;

/// <summary>The built silo (Nguon.Silo.dll from the test output directory) as a real child process on free
/// loopback ports, with SQLite in a fresh temporary directory and a generated admin key imported through
/// <c>--Nguon:BootstrapKey</c>. Disposing it kills the process and deletes the directory.</summary>
public sealed class CliSilo : IAsyncLifetime, IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int MaxOutputLines = 2000;
    private const int StartAttempts = 3;

    private readonly ConcurrentQueue<string> output = new();
    private Process? process;

    public CliSilo()
    {
        Directory = Path.Combine(Path.GetTempPath(), "nguon-cli-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
    }

    /// <summary>Temporary directory: the database, the process's working directory, and the tests' files.</summary>
    public string Directory { get; }

    /// <summary>The administrator token the silo imported at start (organisation nguon-admin).</summary>
    public string AdminKey { get; } = ApiKeys.Generate().Token;

    public int HttpPort { get; private set; }

    /// <summary>The server URL to give `nguon --server`.</summary>
    public string Url => $"http://127.0.0.1:{HttpPort}";

    /// <summary>What the process wrote (last lines), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, output);

    /// <summary>A fresh path inside <see cref="Directory"/>.</summary>
    public string NewFile(string name) => Path.Combine(Directory, $"{Guid.NewGuid():N}-{name}");

    /// <summary>Starts a silo and waits (bounded) until it answers /health/live.</summary>
    public static async Task<CliSilo> StartNewAsync()
    {
        var silo = new CliSilo();
        try
        {
            await silo.InitializeAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync();
                return;
            }
            catch (StartFailed e) when (attempt < StartAttempts && e.PortTaken)
            {
                Log($"[test] start attempt {attempt} lost a port race, retrying with fresh ports");
            }
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { } // best effort: a temp directory left behind is harmless
        catch (UnauthorizedAccessException) { }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task StartOnceAsync()
    {
        var (httpPort, siloPort, gatewayPort) = Nguon.Tests.Infrastructure.Ports.ForSilo();
        HttpPort = httpPort;
        var info = SiloCommand.For(Directory, (httpPort, siloPort, gatewayPort), AdminKey, "--Logging:LogLevel:Default=Warning");

        var started = new Process { StartInfo = info, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, e) => { if (e.Data is not null) Log(e.Data); };
        started.ErrorDataReceived += (_, e) => { if (e.Data is not null) Log("[stderr] " + e.Data); };
        if (!started.Start()) throw new InvalidOperationException("dotnet did not start");
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        using var probe = new HttpClient { BaseAddress = new Uri(Url + "/"), Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (started.HasExited)
            {
                await started.WaitForExitAsync(); // flushes the redirected output
                process = null;
                throw new StartFailed($"the silo exited with code {started.ExitCode} before it was ready:{Environment.NewLine}{Output}",
                    Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase));
            }
            try
            {
                using var response = await probe.GetAsync("health/live");
                if (response.StatusCode == HttpStatusCode.OK) break;
            }
            catch (HttpRequestException) { } // not listening yet
            catch (TaskCanceledException) { } // the probe timed out
            if (clock.Elapsed > StartTimeout)
            {
                await StopAsync();
                throw new StartFailed($"the silo was not ready within {StartTimeout.TotalSeconds:0} s:{Environment.NewLine}{Output}", false);
            }
            await Task.Delay(100); // polling interval, not a wait for readiness
        }
        Log($"[test] ready after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private async Task StopAsync()
    {
        if (process is not { } running) return;
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await running.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { }
        running.Dispose();
        process = null;
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

    private sealed class StartFailed(string message, bool portTaken) : Exception(message)
    {
        public bool PortTaken { get; } = portTaken;
    }
}

/// <summary>Every CLI test class shares one silo process (a collection's tests run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class CliSiloCollection : ICollectionFixture<CliSilo>
{
    public const string Name = "cli: silo process";
}
