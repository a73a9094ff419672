using System.Net;
using System.Net.Sockets;
using Nguon.Silo.Hosting;
using Nguon.Tests.Http;

namespace Nguon.Tests.Limits;

/// <summary>Rate limits through a real silo configured tight (5 requests, then 1 a second): an address or a key past its
/// bucket gets 429 with Retry-After and a problem document (rule rate.limited); another address, another key and the
/// health endpoints are unaffected; a refused write leaves nothing in the audit trail.</summary>
public sealed class RateLimitTests
{
    private static readonly string[] Tight =
    [
        "--Nguon:RateLimits:AddressBurst=5", "--Nguon:RateLimits:AddressPerSecond=1",
        "--Nguon:RateLimits:KeyBurst=5", "--Nguon:RateLimits:KeyPerSecond=1",
    ];

    [Fact]
    public async Task An_address_past_its_bucket_gets_429_with_retry_after_while_another_address_and_health_go_on()
    {
        await using var silo = await InProcessSilo.StartAsync(Tight);
        using var other = ClientFrom(IPAddress.Parse("127.0.0.2"), silo.Client.BaseAddress!);
        var refused = await UntilRefused(silo.Client, null, "api/certificates/GI-NONE");

        Assert.True(refused.Headers.RetryAfter?.Delta is { } wait && wait >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.Equal([RateLimits.Rule], (await refused.ExpectProblem(HttpStatusCode.TooManyRequests)).Rules());
        Assert.Equal(HttpStatusCode.OK, (await silo.Client.GetAsync("health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("api/certificates/GI-NONE")).StatusCode);
    }

    [Fact]
    public async Task A_key_past_its_bucket_gets_429_while_another_key_goes_on_and_nothing_is_audited()
    {
        // The admin draws from a bucket of 5 too: it makes three calls here.
        await using var silo = await InProcessSilo.StartAsync(Tight);
        var first = await silo.Client.RegisterOrganisation(silo.Admin, "packer-a", "operator");
        var second = await silo.Client.IssueKey(silo.Admin, "packer-a", "second");
        var refused = await UntilRefused(silo.Client, first, "api/batches/B-NONE/events", write: true);
        Assert.Equal([RateLimits.Rule], (await refused.ExpectProblem(HttpStatusCode.TooManyRequests)).Rules());
        Assert.NotNull(refused.Headers.RetryAfter);

        await silo.Client.Get("api/me", second).Expect(HttpStatusCode.OK);
        var trail = await silo.Client.Get("api/organisations/packer-a/audit", second).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(trail.EnumerateArray(), e => e.GetProperty("status").GetInt32() == 429);
    }

    [Fact]
    public async Task The_defaults_let_a_busy_client_through()
    {
        await using var silo = await InProcessSilo.StartAsync();
        var statuses = await Task.WhenAll(Enumerable.Range(0, 500).Select(async _ =>
        {
            using var response = await silo.Client.GetAsync("api/certificates/GI-NONE");
            return response.StatusCode;
        }));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
    }

    /// <summary>Sends until the first 429 (bounded: a bucket of 5 refilling 1 a second empties within a few requests).</summary>
    private static async Task<HttpResponseMessage> UntilRefused(HttpClient client, Party? by, string path, bool write = false)
    {
        for (var i = 0; i < 50; i++)
        {
            var response = write
                ? await client.Post(path, new { bizStep = "storing", eventTime = "2026-06-10T08:00:00+07:00" }, by)
                : await client.Get(path, by);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return response;
            response.Dispose();
        }
        throw new InvalidOperationException($"{path}: no 429 after 50 requests");
    }

    /// <summary>A client whose connections come from <paramref name="source"/> (another loopback address).</summary>
    private static HttpClient ClientFrom(IPAddress source, Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = baseAddress };
}
