using System.Diagnostics;
using Nguon.Client.Dossiers;
using Nguon.Model;

namespace Nguon.Silo.Dossiers;

/// <summary>The log proofs a dossier carries: every head it states, proven against one signed checkpoint. A head
/// written a moment ago is in the next checkpoint (within the checkpoint interval), so the request waits for it,
/// bounded.</summary>
public static class DossierLogProofs
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <summary>The proofs, or null when some head is still not in a checkpoint after <paramref name="wait"/>.</summary>
    public static async Task<DossierLog?> Wait(IGrainFactory grains, IReadOnlyList<ChainHead> heads, TimeSpan wait, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var proofs = await grains.GetGrain<ILogQueryGrain>(0).Prove(heads);
            if (proofs is { Missing.Count: 0, Checkpoint: { } checkpoint }) return new DossierLog(checkpoint, proofs.Heads);
            if (Stopwatch.GetElapsedTime(started) + Poll > wait) return null;
            await Task.Delay(Poll, ct);
        }
    }
}
