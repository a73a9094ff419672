using System.Security.Cryptography;
using System.Text.Json;
using Nguon.Domain;
using Nguon.Model;

namespace Nguon.Queries;

/// <summary>Keeps a lot's public verdicts so a scan does not walk the ancestry: judged over the whole chain (every
/// record recomputed from its hash chain and signed head) when first asked, then kept until the lot gets an event,
/// the judged certificate or a farm's authorisation under it changes (the trace grain compares the stamp on every
/// scan), a recall upstream forgets it, or <see cref="MaxAge"/> passes (expiry dates, and a recall whose push was
/// lost, take effect within it). Held in memory only, never stored: nothing written to the database changes one.</summary>
/// <remarks>Non-reentrant but for <see cref="Forget"/> (see the interface): a kept verdict is answered without
/// awaiting, and concurrent scans of a lot with no kept verdict wait for the one judgement instead of each walking the
/// chain.</remarks>
[GrainType("public-verdict")]
[CollectionAgeLimit(Minutes = 10)]
public sealed class PublicVerdictGrain(IGrainFactory grains, TimeProvider clock) : Grain, IPublicVerdictGrain
{
    /// <summary>How long a verdict is kept at most, however quiet its chain.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>Claims kept per lot: a lot is scanned as its own claim and as its product's GI, rarely more.</summary>
    public const int MaxClaims = 4;

    private readonly Dictionary<string, (PublicVerdict Verdict, DateTimeOffset JudgedAt)> kept = new(StringComparer.Ordinal);

    /// <summary>Counts <see cref="Forget"/>s: a judgement that saw one begin after it started is not kept.</summary>
    private long forgotten;

    private string Code => this.GetPrimaryKeyString();

    public Task<Outcome<PublicVerdict>> Get(string? claimedGi) =>
        kept.TryGetValue(claimedGi ?? "", out var k) && clock.GetUtcNow() - k.JudgedAt < MaxAge
            ? Task.FromResult(Outcome<PublicVerdict>.Ok(k.Verdict))
            : Judge(claimedGi);

    public Task<Outcome<PublicVerdict>> Refresh(string? claimedGi, VerdictStamp stale) =>
        kept.TryGetValue(claimedGi ?? "", out var k) && k.Verdict.Stamp != stale
            ? Task.FromResult(Outcome<PublicVerdict>.Ok(k.Verdict))
            : Judge(claimedGi);

    public Task Forget()
    {
        kept.Clear();
        forgotten++;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private async Task<Outcome<PublicVerdict>> Judge(string? claimedGi)
    {
        // The stamp is read before the chain: a change while judging leaves the stamp older than the verdict, so the
        // next scan judges again — never the other way round.
        var generation = forgotten;
        var root = await grains.GetGrain<IBatchGrain>(Code).GetRecord();
        var judgedGi = claimedGi ?? root?.GiClaim;
        var certificate = judgedGi is null ? null : await grains.GetGrain<ICertificateGrain>(judgedGi).GetVersion();
        var startedAt = clock.GetUtcNow();
        var verified = await grains.GetGrain<ITraceGrain>(0).VerifyPublic(Code, claimedGi);
        kept.Remove(claimedGi ?? "");
        if (root is null || !verified.IsOk)
        {
            // Unknown lots and refusals are not kept: nothing to keep them for, and no activation lingers for them.
            if (kept.Count == 0) DeactivateOnIdle();
            return verified.IsOk ? Refusal.NotFound<PublicVerdict>(Unknown.Batch(Code)) : verified.As<PublicVerdict>();
        }
        var verdict = new PublicVerdict(verified.Value!, new VerdictStamp(root.EventCount, certificate), Fingerprint(verified.Value!));
        if (generation != forgotten) return Outcome<PublicVerdict>.Ok(verdict);
        if (kept.Count >= MaxClaims) kept.Remove(kept.MinBy(k => k.Value.JudgedAt).Key);
        kept[claimedGi ?? ""] = (verdict, startedAt);
        return Outcome<PublicVerdict>.Ok(verdict);
    }

    /// <summary>What the verdict says, without when it was checked: equal fingerprints, equal answers.</summary>
    private static string Fingerprint(PublicVerification verification) =>
        Convert.ToBase64String(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(verification with { CheckedAt = default })), 0, 18);
}
