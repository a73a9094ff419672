using Microsoft.Extensions.Options;
using Nguon.Model;

namespace Nguon.Silo.Hosting;

/// <summary>Makes sure an administrator can get in. On the first start of a fresh store it registers the admin
/// organisation and either imports the key from configuration (Nguon:BootstrapKey) or issues one and prints it
/// once to standard output — not to the logs, which may be shipped elsewhere.</summary>
public sealed class BootstrapAdmin(IGrainFactory grains, IOptions<NguonOptions> options) : IHostedService
{
    public const string Organisation = "nguon-admin";

    private readonly TaskCompletionSource<string?> key = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The admin token this process knows (configured or just generated); null when the store was
    /// bootstrapped earlier without a configured key.</summary>
    public Task<string?> Key => key.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var admin = grains.GetGrain<IOrganisationGrain>(Organisation);
            var fresh = await admin.Get() is null;
            // Silos of a cluster starting together race to register it: one operation id makes them all the same
            // registration.
            var registration = new RegisterOrganisation("Nguon administrators", [Role.Admin]);
            if (fresh) Must(await admin.Register(registration, Actor.System, "bootstrap-admin"));
            if (options.Value.BootstrapKey is { Length: > 0 } configured)
            {
                Must(await admin.ImportKey(configured, "bootstrap (configured)"));
                key.SetResult(configured);
            }
            else if (fresh)
            {
                var issued = Must(await admin.IssueKey(new IssueKey("bootstrap (generated)"), Actor.System));
                Console.WriteLine($"Bootstrap administrator key for {Organisation} (shown once, keep it safe): {issued.Token}");
                key.SetResult(issued.Token);
            }
            else key.SetResult(null);
        }
        catch (Exception e)
        {
            key.TrySetException(e);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static T Must<T>(Outcome<T> outcome) => outcome.IsOk
        ? outcome.Value!
        : throw new InvalidOperationException("bootstrap failed: " + string.Join("; ", outcome.Violations));
}
