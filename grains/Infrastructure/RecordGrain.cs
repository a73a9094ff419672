using Orleans.Core;

namespace Nguon.Infrastructure;

/// <summary>A grain that stands for one stored record which may not exist: a batch, farm, certificate, label, product,
/// prefix, organisation, API key… Anyone may ask for an id that was never registered (an anonymous scan, a random
/// token), and each such id would otherwise stay activated, in memory, until collected minutes later. So an activation
/// that finds no record deactivates after <see cref="Grace"/> unless the record was written meanwhile: activations of
/// unknown ids cost about <see cref="Grace"/> × their arrival rate, not their number. Subclasses that override
/// <see cref="OnActivateAsync"/> call the base.</summary>
/// <remarks>Only grains whose empty state holds nothing in memory between calls (no reservation, no in-flight claim)
/// derive from this: the deactivation forgets the activation's memory. The check runs as a grain turn, so it never
/// interleaves with a call that is writing the record.</remarks>
public abstract class RecordGrain(IStorage record) : Grain
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!record.RecordExists)
            this.RegisterGrainTimer(_ =>
            {
                if (!record.RecordExists) DeactivateOnIdle();
                return Task.CompletedTask;
            }, new GrainTimerCreationOptions(Grace, Timeout.InfiniteTimeSpan) { KeepAlive = false });
        return Task.CompletedTask;
    }
}
