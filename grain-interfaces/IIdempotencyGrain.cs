using Nguon.Model;

namespace Nguon;

/// <summary>One client's idempotency key, keyed "{organisation}/{hash of the key}": the request it stands for
/// (a fingerprint) and, once answered, the answer. One small row per key, so bounded by construction.</summary>
[Alias("nguon.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>Claims the key for a request handled on <paramref name="handler"/>: Started (go ahead),
    /// Completed (replay the recorded answer), InFlight or Mismatch (a different request used this key).</summary>
    [Alias("Begin")] Task<IdempotencyClaim> Begin(string fingerprint, SiloAddress handler);
    /// <summary>Records the answer; later requests with the key replay it.</summary>
    [Alias("Complete")] Task Complete(string fingerprint, RecordedResponse response);
    /// <summary>The request failed without a final answer (a fault, a write conflict): the key may be tried again.</summary>
    [Alias("Abandon")] Task Abandon(string fingerprint);
}
