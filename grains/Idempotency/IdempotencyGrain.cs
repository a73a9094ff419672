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
/// (placed on the handling silo) or is taken over as soon as membership no longer lists the silo as active.</summary>
[GrainType("idempotency"), PreferLocalPlacement]
public sealed class IdempotencyGrain(
    [PersistentState("idempotency", Storage.Name)] IPersistentState<IdempotencyKeyState> state,
    IClusterMembershipService membership,
    TimeProvider clock) : Grain, IIdempotencyGrain
{
    /// <summary>How long an answer is replayed (the draft's key expiry); after that the key is new again.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);
    /// <summary>Longest a claim holds without an answer, even if its silo still looks alive.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private (string Fingerprint, SiloAddress Handler, DateTimeOffset Until)? inFlight;

    public Task<IdempotencyClaim> Begin(string fingerprint, SiloAddress handler)
    {
        var now = clock.GetUtcNow();
        if (state.State.Response is { } response && now - response.At < Retention)
            return Claim(state.State.Fingerprint == fingerprint
                ? new(IdempotencyState.Completed, response)
                : new(IdempotencyState.Mismatch));
        if (inFlight is { } claim && claim.Until > now && membership.CurrentSnapshot.GetSiloStatus(claim.Handler) == SiloStatus.Active)
            return Claim(new(claim.Fingerprint == fingerprint ? IdempotencyState.InFlight : IdempotencyState.Mismatch));
        inFlight = (fingerprint, handler, now + Lease);
        return Claim(new(IdempotencyState.Started));
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

    private static Task<IdempotencyClaim> Claim(IdempotencyClaim claim) => Task.FromResult(claim);
}
