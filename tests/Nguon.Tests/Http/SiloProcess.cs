using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Nguon.Domain;
using Nguon.Silo.Hosting;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Http;

/// <summary>The built silo (Nguon.Silo.dll from the test output directory) run as a real child process with
/// the embedded SQLite storage in a fresh temporary directory, on free loopback ports. It can be stopped (the
/// process is killed) and started again on the same database file; disposing it deletes the directory.
/// The process is given an administrator key generated here (<c>--Nguon:BootstrapKey</c>), so the tests know it
/// and the silo has no reason to print one; organisations and their keys are made through the API with it.</summary>
public sealed class SiloProcess : IAsyncLifetime, IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = SiloRunner.StartTimeout;

    private readonly SiloRunner runner;
    private readonly ConcurrentDictionary<string, (string Roles, Lazy<Task<Party>> Party)> organisations = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Party> issued = new();
    private HttpClient? client;

    /// <param name="extraArguments">More silo arguments (e.g. PostgreSQL storage and a cluster's ids).</param>
    /// <param name="keepPorts">Start again on the same ports (a cluster member restarted in place).</param>
    public SiloProcess(bool demo = false, IReadOnlyList<string>? extraArguments = null, bool keepPorts = false)
    {
        var (keyId, _, token) = ApiKeys.Generate();
        Admin = new Party(AdminOrganisation, token, keyId);
        Directory = Path.Combine(Path.GetTempPath(), "nguon-http-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "nguon.db");
        // Orleans' placement pipeline logs every call at Information; keep the captured output readable.
        string[] arguments = ["--Logging:LogLevel:Polly=Warning", .. extraArguments ?? [], .. demo ? [NguonHost.DemoSwitch]
            : Array.Empty<string>()];
        runner = new SiloRunner(Directory, token, arguments, keepPorts)
        {
            // Live, and the bootstrap administrator key is in place.
            Ready = async probe =>
            {
                using var me = await probe.Get("api/me", Admin);
                return me.StatusCode == HttpStatusCode.OK;
            },
            // The fixture's own line names the key only by its id: the output must not hold a token.
            Redact = line => line.Replace(token, $"<bootstrap key {keyId}>", StringComparison.Ordinal),
        };
    }

    /// <summary>The temporary directory holding the database (and the process's working directory).</summary>
    public string Directory { get; }
    public string DatabasePath { get; }
    public int HttpPort => runner.HttpPort;
    public int SiloPort => runner.SiloPort;
    public int GatewayPort => runner.GatewayPort;
    public int? ProcessId => runner.ProcessId;
    public bool IsRunning => runner.IsRunning;

    /// <summary>A client for the running process (a new one after every start, as the ports change).</summary>
    public HttpClient Client => client ?? throw new InvalidOperationException("the silo is not started");

    /// <summary>Everything the process (all starts so far) wrote to stdout and stderr, last lines only.</summary>
    public string Output => runner.Output;

    /// <summary>Everything the process (all starts so far) wrote to stdout and stderr, every line.</summary>
    public string FullOutput => runner.FullOutput;

    /// <summary>The administrator organisation the silo bootstraps.</summary>
    public const string AdminOrganisation = "nguon-admin";

    /// <summary>The administrator, with the key this fixture generated and passed as Nguon:BootstrapKey.</summary>
    public Party Admin { get; }

    /// <summary>The bootstrap administrator token.</summary>
    public string AdminToken => Admin.Token;

    /// <summary>Every key issued through <see cref="Organisation"/> and <see cref="IssueKey"/> so far.</summary>
    public IReadOnlyCollection<Party> IssuedKeys => issued;

    /// <summary>The organisation <paramref name="id"/> with <paramref name="roles"/> (authority, producer, operator,
    /// inspector, retailer, admin) and a key of its own: registered and keyed by the admin over HTTP on first use,
    /// the same party afterwards (also after a restart: the store keeps it).</summary>
    public Task<Party> Organisation(string id, params string[] roles)
    {
        var wanted = string.Join(",", roles.Order(StringComparer.Ordinal));
        var entry = organisations.GetOrAdd(id, _ => (wanted, new Lazy<Task<Party>>(() => Register(id, roles))));
        if (entry.Roles != wanted)
            throw new InvalidOperationException($"organisation {id} was registered with roles {entry.Roles}, not {wanted}");
        return entry.Party.Value;
    }

    private Task<Party> Register(string id, string[] roles) => Track(Client.RegisterOrganisation(Admin, id, roles));

    /// <summary>A new key for <paramref name="organisation"/>, issued by the admin.</summary>
    public Task<Party> IssueKey(string organisation, string label = "test") => Track(Client.IssueKey(Admin, organisation, label));

    private async Task<Party> Track(Task<Party> issuing)
    {
        var party = await issuing;
        issued.Enqueue(party);
        return party;
    }

    public Task InitializeAsync() => StartAsync();

    public async Task DisposeAsync()
    {
        await StopAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { } // best effort: a temp directory left behind is harmless
        catch (UnauthorizedAccessException) { }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Starts the process and returns once GET /health/live answers 200 and the admin key works; throws
    /// with the captured output if it exits or does not become ready within <see cref="StartTimeout"/>.</summary>
    public async Task StartAsync()
    {
        await runner.StartAsync();
        client = new HttpClient { BaseAddress = runner.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Kills the process (and any children) and waits for it to exit. The database stays.</summary>
    public async Task StopAsync()
    {
        client?.Dispose();
        client = null;
        await runner.StopAsync();
    }

    /// <summary>Stops the process as an operator or an orchestrator does (SIGTERM) and waits (bounded) for it to
    /// exit; returns its exit code. The database stays.</summary>
    public Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        client?.Dispose();
        client = null;
        return runner.StopGracefullyAsync(timeout);
    }

    /// <summary>Polls <paramref name="path"/> (as the admin) until it answers 200 (bounded), e.g. for demo data
    /// loading in the background. Throws with the process output if it never does.</summary>
    public async Task WaitForOkAsync(string path, TimeSpan? timeout = null)
    {
        var limit = timeout ?? StartTimeout;
        var clock = Stopwatch.StartNew();
        HttpStatusCode last = 0;
        while (clock.Elapsed < limit)
        {
            if (!IsRunning)
                throw new InvalidOperationException($"the silo exited while waiting "
                    + $"for {path}:{Environment.NewLine}{SiloRunner.Tail(Output)}");
            using var response = await Client.Get(path, Admin);
            if (response.StatusCode == HttpStatusCode.OK) return;
            last = response.StatusCode;
            await Task.Delay(100); // polling interval
        }
        throw new TimeoutException($"GET {path} still answered {(int)last} after {limit.TotalSeconds:0} s:"
            + $"{Environment.NewLine}{SiloRunner.Tail(Output)}");
    }
}

/// <summary>One silo process started with --demo, shared by every HTTP test class in <see cref="DemoSiloCollection"/>.</summary>
public sealed class DemoSiloFixture : IAsyncLifetime
{
    public const string ExportLot = "PH01-LN26-EXP-0001";
    public const string RetailLot = "RTHN-LN26-RT-0001";
    /// <summary>The demo loader creates this batch last, so once it exists the whole data set is there.</summary>
    public const string LastDemoBatch = "TRTH-FAKE-0001";
    public const string DemoInspector = "ppd-inspector";
    public const string DemoRetailer = "vn-retail-hanoi";
    public const string DemoImporter = "jp-importer-tokyo";

    private Task? demoLoaded;
    private Task<IReadOnlyDictionary<string, Party>>? demoKeys;

    public SiloProcess Silo { get; } = new(demo: true);
    public HttpClient Client => Silo.Client;
    public Party Admin => Silo.Admin;

    /// <summary>An authority and an inspector shared by tests that need one but build no world of their own.</summary>
    public Task<Party> Authority() => Silo.Organisation("test-authority", "authority");
    public Task<Party> Inspector() => Silo.Organisation("test-inspector", "inspector");

    public Task InitializeAsync() => Silo.StartAsync();

    public Task DisposeAsync() => Silo.DisposeAsync();

    /// <summary>The demo data loads in the background after start; tests that read it await this (bounded).</summary>
    public Task DemoDataLoaded() => demoLoaded ??= WaitForDemo();

    private async Task WaitForDemo()
    {
        await Silo.WaitForOkAsync($"api/batches/{ExportLot}");
        await Silo.WaitForOkAsync($"api/batches/{LastDemoBatch}");
    }

    /// <summary>Path of the keys file the demo loader writes next to the SQLite file.</summary>
    public string DemoKeysFile => Path.Combine(Silo.Directory, "demo-keys.env");

    /// <summary>The demo organisations' keys (from demo-keys.env), by organisation — each asked of GET /api/me.</summary>
    public Task<IReadOnlyDictionary<string, Party>> DemoKeys() => demoKeys ??= ReadDemoKeys();

    /// <summary>The demo organisation <paramref name="organisation"/>, acting with its demo key.</summary>
    public async Task<Party> Demo(string organisation)
    {
        var keys = await DemoKeys();
        Assert.True(keys.TryGetValue(organisation, out var party),
            $"no demo key for {organisation} in {DemoKeysFile}: {string.Join(", ", keys.Keys)}");
        return party!;
    }

    private async Task<IReadOnlyDictionary<string, Party>> ReadDemoKeys()
    {
        await DemoDataLoaded();
        var parties = new Dictionary<string, Party>(StringComparer.Ordinal);
        foreach (var line in await File.ReadAllLinesAsync(DemoKeysFile))
        {
            if (line.StartsWith('#') || !line.StartsWith("NGUON_KEY_", StringComparison.Ordinal)) continue;
            var token = line[(line.IndexOf('=') + 1)..];
            Assert.True(ApiKeys.TryParse(token, out var keyId, out _), $"{DemoKeysFile}: not a key: {line[..line.IndexOf('=')]}");
            var me = await Client.Get("api/me", new Party("?", token, keyId)).Expect(HttpStatusCode.OK);
            var organisation = me.Str("organisation");
            parties[organisation] = new Party(organisation, token, keyId);
        }
        return parties;
    }
}

[CollectionDefinition(Name)]
public sealed class DemoSiloCollection : ICollectionFixture<DemoSiloFixture>
{
    public const string Name = "http: demo silo process";
}
