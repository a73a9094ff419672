using System.Net.Http.Json;

namespace Nguon.Client;

// Retries and fail-over. Every write carries an Idempotency-Key, generated once per logical write and sent
// again on each retry, so a retry after a timeout, a lost connection or a dead silo applies once and gets the
// first answer. Reads are safe to repeat as they are.
public sealed partial class NguonClient
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>What the server accepts as an idempotency key: 1–255 printable ASCII characters.</summary>
    public static bool IsValidIdempotencyKey(string key) =>
        key.Length is > 0 and <= MaxIdempotencyKeyLength && key.All(c => c is >= ' ' and <= '~');

    private int preferred;

    /// <summary>Makes the idempotency key of each write (default: a random GUID). Set it to send a key of your
    /// own, e.g. one recorded with the command so that re-running the command later is safe too.</summary>
    public Func<string> NewIdempotencyKey { get; set; } = () => Guid.NewGuid().ToString("N");

    /// <summary>Attempts per request, the first included (1 turns retries off).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long one attempt may take before it counts as failed and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause before the first retry; doubles with each retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Called before each retry with the failed server and the reason (for logs and tests).</summary>
    public Action<Uri, string>? OnRetry { get; set; }

    /// <param name="read">Reads a successful response's body (default: JSON as <typeparamref name="T"/>).</param>
    private Task<T> Send<T>(HttpMethod method, string path, object? body = null, CancellationToken ct = default,
        Func<HttpContent, CancellationToken, Task<T>>? read = null) =>
        Send<T>(method, path, body, null, ct, read is null ? null : (response, token) => read(response.Content, token));

    /// <param name="headers">Added to every attempt's request.</param>
    /// <param name="read">Reads a successful response (its headers too; default: the body as JSON of <typeparamref name="T"/>).</param>
    private async Task<T> Send<T>(HttpMethod method, string path, object? body, IEnumerable<(string Name, string Value)>? headers,
        CancellationToken ct, Func<HttpResponseMessage, CancellationToken, Task<T>>? read)
    {
        var key = method == HttpMethod.Get ? null : NewIdempotencyKey();
        for (var attempt = 1; ; attempt++)
        {
            var server = Server;
            string reason;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(AttemptTimeout);
                try
                {
                    using var request = new HttpRequestMessage(method, new Uri(server, path));
                    if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
                    if (key is not null) request.Headers.Add(IdempotencyKeyHeader, key);
                    foreach (var (name, value) in headers ?? []) request.Headers.Add(name, value);
                    using var response = await http.SendAsync(request, timeout.Token);
                    if (response.IsSuccessStatusCode)
                        return read is null ? (await response.Content.ReadFromJsonAsync<T>(Json, timeout.Token))!
                            : await read(response, timeout.Token);
                    var failure = await Failure(response, timeout.Token);
                    if (!Transient(failure) || attempt >= MaxAttempts) throw failure;
                    reason = failure.Message;
                }
                catch (Exception e) when (attempt < MaxAttempts && !ct.IsCancellationRequested
                                          && e is HttpRequestException or IOException or OperationCanceledException)
                {
                    reason = e is OperationCanceledException ? $"no answer within {AttemptTimeout.TotalSeconds:0.#} s" : e.Message;
                }
            }
            // Another silo of the cluster takes the retry; the same key makes it the same request.
            if (servers.Length > 1) Interlocked.Increment(ref preferred);
            OnRetry?.Invoke(server, reason);
            var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks << Math.Min(attempt - 1, 16)));
            await Task.Delay(delay, ct);
        }
    }

    /// <summary>Worth retrying with the same key: the server failed or was unavailable, the same request is
    /// still running, or a concurrent write to the same record made it change nothing.</summary>
    private static bool Transient(NguonApiException failure) =>
        failure.Status is >= 500 or 408 or 429
        || failure is { Status: 409, Problem.Type: "urn:nguon:rule:idempotency.in-flight" or "urn:nguon:rule:storage.conflict" };
}
