using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Nguon.Model;
using Nguon.Silo.Api;

namespace Nguon.Silo.Hosting;

/// <summary>Rate limits (ASP.NET Core's rate limiter, <see cref="RateLimitOptions"/>): a token bucket per API key for an
/// authenticated request, per client address for any other (an IPv6 client by its /64, as one host usually holds the
/// whole prefix); <c>/health/*</c> is never limited. An empty bucket answers 429 with <c>Retry-After</c> and a problem
/// document (rule <see cref="Rule"/>). The limiter runs after authentication (a forged or revoked key is charged to its
/// address) and before the audit trail, so a refused request writes nothing. Idle buckets are dropped by the limiter.</summary>
public static class RateLimits
{
    public const string Rule = "rate.limited";

    public static IServiceCollection AddNguonRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
        {
            var l = limits.Value;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = Rejected;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!l.Enabled || http.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("");
                var partition = Partition(http.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value, http.Connection.RemoteIpAddress);
                var (burst, perSecond) = partition.StartsWith(KeyPartition, StringComparison.Ordinal)
                    ? (l.KeyBurst, l.KeyPerSecond) : (l.AddressBurst, l.AddressPerSecond);
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0, AutoReplenishment = true,
                });
            });
        });
        return services;
    }

    private const string KeyPartition = "key:";

    /// <summary>The bucket a request draws from: its API key's when it authenticated, else its client address's (IPv4,
    /// an IPv4-mapped IPv6 address as IPv4, other IPv6 by its /64 prefix; "address:unknown" without one).</summary>
    public static string Partition(string? keyId, IPAddress? address)
    {
        if (keyId is not null) return KeyPartition + keyId;
        if (address is null) return "address:unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            address = new IPAddress(bytes);
            return $"address:{address}/64";
        }
        return $"address:{address}";
    }

    private static async ValueTask Rejected(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 1;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var who = http.User.FindFirst(ApiKeyAuthentication.KeyIdClaim) is null ? "this client address" : "this API key";
        await ApiResults.Problem(StatusCodes.Status429TooManyRequests, [new Violation(Rule,
            $"too many requests from {who}: retry after {seconds} s")]).ExecuteAsync(http);
    }
}
