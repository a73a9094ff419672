using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nguon.Domain;
using Nguon.Silo.Hosting;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Limits;

/// <summary>The whole silo (HTTP API and grains) hosted in the test process on the embedded SQLite store in a folder of
/// its own, for tests that look inside while it serves: its grains (activation counts), its store file, its meters.</summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly TempFolder folder = new("nguon-limits-");
    private WebApplication? app;

    public Party Admin { get; }
    public HttpClient Client { get; private set; } = null!;
    public string DatabasePath => folder.File("nguon.db");
    public string Directory => folder.Path;
    public IServiceProvider Services => app!.Services;
    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    private InProcessSilo()
    {
        var (keyId, _, token) = ApiKeys.Generate();
        Admin = new Party("nguon-admin", token, keyId);
    }

    /// <summary>Starts a silo with <paramref name="settings"/> (e.g. <c>--Nguon:RateLimits:AddressBurst=5</c>) and returns
    /// once its administrator key works.</summary>
    public static async Task<InProcessSilo> StartAsync(params string[] settings)
    {
        var silo = new InProcessSilo();
        var ports = Ports.Free(3);
        silo.app = await NguonHost.BuildAsync(
        [
            "--urls", $"http://127.0.0.1:{ports[0]}", $"--Nguon:SqlitePath={silo.DatabasePath}",
            $"--Nguon:SiloPort={ports[1]}", $"--Nguon:GatewayPort={ports[2]}", $"--Nguon:BootstrapKey={silo.Admin.Token}",
            "--Logging:LogLevel:Default=Warning", .. settings,
        ]);
        await silo.app.StartAsync();
        silo.Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}/"), Timeout = TimeSpan.FromSeconds(60) };
        // The bootstrap key is registered by a hosted service as the silo starts: wait for it, bounded.
        var deadline = DateTime.UtcNow + SiloRunner.StartTimeout;
        while (true)
        {
            using var me = await silo.Client.Get("api/me", silo.Admin);
            if (me.StatusCode == HttpStatusCode.OK) return silo;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the admin key did not work within {SiloRunner.StartTimeout}");
            await Task.Delay(50); // polling interval
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        folder.Dispose();
    }
}
