using Nguon.Client;
using Nguon.Tests.Http;
using Nguon.Tests.Infrastructure;

namespace Nguon.Tests.Cluster;

/// <summary>Three real silo processes forming one Orleans cluster on the test PostgreSQL (ADO.NET clustering,
/// storage and reminders), each with its own HTTP API. The cluster has ids of its own, so it shares the database
/// with other tests without seeing their rows. Membership timings are short so a killed silo is declared dead
/// in seconds. The silos share one signing-key folder, as a deployment's silos share one key ring: a head signed by
/// one silo verifies on every other.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int Size = 3;

    /// <summary>How often each silo sweeps the read model for records behind their grains (30 s by default).</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(2);

    public string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N")[..10];
    public IReadOnlyList<SiloProcess> Silos { get; }
    private readonly TempFolder keys = new("nguon-cluster-keys-");

    public ClusterFixture()
    {
        string[] arguments =
        [
            "--Nguon:Storage=Postgres",
            $"--Nguon:ConnectionString={PostgresClusterFixture.ConnectionString};Maximum Pool Size=20",
            $"--Nguon:ServiceId={ClusterId}",
            $"--Nguon:ClusterId={ClusterId}",
            // Declare a killed silo dead after two missed 1-second probes instead of three missed 5-second ones.
            "--Nguon:Membership:ProbeTimeout=00:00:01",
            "--Nguon:Membership:NumMissedProbesLimit=2",
            "--Nguon:Membership:IAmAliveTablePublishTimeout=00:00:05",
            "--Nguon:Membership:TableRefreshTimeout=00:00:02",
            "--Logging:LogLevel:Default=Warning",
            $"--Nguon:ReadModel:SweepInterval={SweepInterval:c}",
            $"--Nguon:Signing:KeyDirectory={keys.Path}",
        ];
        Silos = [.. Enumerable.Range(0, Size).Select(_ => new SiloProcess(extraArguments: arguments, keepPorts: true))];
    }

    public SiloProcess First => Silos[0];

    public IReadOnlyList<Uri> Urls => [.. Silos.Select(s => new Uri($"http://127.0.0.1:{s.HttpPort}/"))];

    /// <summary>A typed client that spreads over (and fails over between) every silo, starting at <paramref name="start"/>.</summary>
    public NguonClient Client(Party party, int start = 0) =>
        NguonClient.Create([.. Urls.Skip(start % Size), .. Urls.Take(start % Size)], party.Token);

    public async Task InitializeAsync()
    {
        // One after the other: the first creates the schema and the administrator, the others join it.
        foreach (var silo in Silos) await silo.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in Silos) await silo.DisposeAsync();
        keys.Dispose();
    }
}

/// <summary>Cluster tests run alone (parallelisation off): three silos and a steady load take the machine's cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster: three silo processes on PostgreSQL";
}
