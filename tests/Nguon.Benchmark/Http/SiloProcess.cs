using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nguon.Domain;

namespace Nguon.Benchmark.Http;

/// <summary>The real silo as a separate process (the Release build beside this benchmark), on PostgreSQL — or, given
/// <paramref name="sqliteFile"/>, on the embedded SQLite default — with its own HTTP port: what an API client talks to.
/// Restarting it keeps the ServiceId, so the same rows are read cold.</summary>
/// <param name="extraArguments">More settings for this benchmark's silo (e.g. <c>--Nguon:Alerts:Interval=…</c>).</param>
public sealed class SiloProcess(string connectionString, string serviceId, string? sqliteFile = null,
    IReadOnlyList<string>? extraArguments = null) : IAsyncDisposable
{
    private readonly (int Http, int Silo, int Gateway) ports = (FreePort(), FreePort(), FreePort());
    private Process? process;

    public string AdminKey { get; } = ApiKeys.Generate().Token;
    public Uri BaseAddress => new($"http://127.0.0.1:{ports.Http}/");
    public int? ProcessId => process?.Id;

    /// <summary>Starts the silo and returns the time until <c>/health/ready</c> answered 200.</summary>
    public async Task<TimeSpan> StartAsync()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Nguon.Silo.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        string[] storage = sqliteFile is null
            ? ["--Nguon:Storage=Postgres", $"--Nguon:ConnectionString={connectionString}"]
            : ["--Nguon:Storage=Sqlite", $"--Nguon:SqlitePath={sqliteFile}"];
        foreach (var arg in new[]
        {
            dll, "--contentRoot", AppContext.BaseDirectory, "--urls", BaseAddress.ToString().TrimEnd('/'),
            $"--Nguon:ServiceId={serviceId}", $"--Nguon:ClusterId={serviceId}", $"--Nguon:SiloPort={ports.Silo}",
            $"--Nguon:GatewayPort={ports.Gateway}", $"--Nguon:BootstrapKey={AdminKey}", "--Logging:LogLevel:Default=Warning",
            // Measures what the silo can do, from one address with a few keys: the rate limits would measure themselves.
            "--Nguon:RateLimits:Enabled=false",
        }.Concat(storage).Concat(extraArguments ?? [])) info.ArgumentList.Add(arg);
        var clock = Stopwatch.StartNew();
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"silo: {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited) throw new InvalidOperationException($"the silo exited with {process.ExitCode} while starting");
            try
            {
                using var ready = await probe.GetAsync("health/ready");
                if (ready.StatusCode == HttpStatusCode.OK) return clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(50); // polling interval while the silo starts
        }
        throw new TimeoutException("the silo was not ready within 90 s");
    }

    /// <summary>Stops the silo gracefully (SIGTERM, as an orchestrator does) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false }) return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(Stats.Inv)])) await kill!.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
