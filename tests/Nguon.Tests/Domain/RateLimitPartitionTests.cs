using System.Net;
using Nguon.Silo.Hosting;

namespace Nguon.Tests.Domain;

/// <summary>Which bucket a request draws from (<see cref="RateLimits.Partition"/>).</summary>
public sealed class RateLimitPartitionTests
{
    [Theory]
    [InlineData("abc123def456", "203.0.113.7", "key:abc123def456")]
    [InlineData(null, "203.0.113.7", "address:203.0.113.7")]
    [InlineData(null, "::ffff:203.0.113.7", "address:203.0.113.7")]
    [InlineData(null, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "address:2001:db8:1:2::/64")]
    [InlineData(null, "2001:db8:1:2::1", "address:2001:db8:1:2::/64")]
    [InlineData(null, null, "address:unknown")]
    public void A_request_draws_from_its_key_s_bucket_or_its_address_s(string? keyId, string? address, string partition) =>
        Assert.Equal(partition, RateLimits.Partition(keyId, address is null ? null : IPAddress.Parse(address)));
}
