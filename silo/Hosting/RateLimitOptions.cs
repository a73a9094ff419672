namespace Nguon.Silo.Hosting;

/// <summary>The "Nguon:RateLimits" configuration section: a token bucket per API key for authenticated requests and
/// per client address for anonymous ones (<see cref="RateLimits"/>). A bucket holds <c>…Burst</c> requests and refills
/// <c>…PerSecond</c>; an empty bucket answers 429 with Retry-After.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Nguon:RateLimits";
    public const int MaxBurst = 10_000_000;
    public const int MaxPerSecond = 1_000_000;

    /// <summary>Off: no request is limited (for a benchmark, or a silo behind a gateway that limits).</summary>
    public bool Enabled { get; set; } = true;

    public int KeyBurst { get; set; } = 10_000;
    public int KeyPerSecond { get; set; } = 1_000;
    public int AddressBurst { get; set; } = 2_000;
    public int AddressPerSecond { get; set; } = 200;
}
