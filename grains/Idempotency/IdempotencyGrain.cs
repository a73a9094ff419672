using Microsoft.Extensions.Options;
using Nguon.Model;
using Orleans.Placement;

namespace Nguon.Idempotency;

public sealed class IdempotencyKeyState
{
    public string? Fingerprint { get; set; }
    public RecordedResponse? Response { get; set; }
}

/// <summary>Remembers the answer to one idempotency key. Only answers are stored; "in flight" lives in memory
/// with the silo that handles the request, so it is never stuck: if that silo dies, the claim goes with it
/// (placed on the handling silo) or is taken over as soon as membership no longer lists the silo as active.
/// An answer is replayed for <see cref="IdempotencyOptions.Retention"/> (the draft's key expiry); after that the key is
/// new again, and the record is deleted — here when the key is next used, and by each silo's sweep of expired rows
/// (Silo/Hosting/IdempotencySweeper) for keys never used again.</summary>
[GrainType("idempotency"), PreferLocalPlacement]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", Storage.Name)] IPersistentState<IdempotencyKeyState> state,
    IClusterMembershipService membership,
    IOptions<IdempotencyOptions> options,
    TimeProvider clock) : Grain, IIdempotencyGrain
{
    /// <summary>Longest a claim holds without an answer, even if its silo still looks alive.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private (string Fingerprint, SiloAddress Handler, DateTimeOffset Until)? inFlight;

    public async Task<IdempotencyClaim> Begin(string fingerprint, SiloAddress handler)
    {
        var now = clock.GetUtcNow();
        if (state.State.Response is { } response)
        {
            if (now - response.At < options.Value.Retention)
                return state.State.Fingerprint == fingerprint
                    ? new(IdempotencyState.Completed, response)
                    : new(IdempotencyState.Mismatch);
            await Forget();
        }
        if (inFlight is { } claim && claim.Until > now && membership.CurrentSnapshot.GetSiloStatus(claim.Handler) == SiloStatus.Active)
            return new(claim.Fingerprint == fingerprint ? IdempotencyState.InFlight : IdempotencyState.Mismatch);
        inFlight = (fingerprint, handler, now + Lease);
        return new(IdempotencyState.Started);
    }

    /// <summary>The answer expired: delete it. The sweep may have deleted the row already (this activation's version is
    /// then stale): read what storage holds now, and delete that.</summary>
    private async Task Forget()
    {
        await state.ReadStateAsync();
        if (state.RecordExists) await state.ClearStateAsync();
        state.State = new IdempotencyKeyState();
    }

    public async Task Complete(string fingerprint, RecordedResponse response)
    {
        inFlight = null;
        state.State.Fingerprint = fingerprint;
        state.State.Response = response;
        await state.WriteStateAsync();
    }

    public Task Abandon(string fingerprint)
    {
        if (inFlight?.Fingerprint == fingerprint) inFlight = null;
        return Task.CompletedTask;
    }
}
