using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Nguon.Client;
using Nguon.Model;
using Orleans.Runtime;

namespace Nguon.Silo.Api;

/// <summary>The Idempotency-Key request header (IETF httpapi idempotency-key draft) for state-changing requests.
/// Wire it on an endpoint or group with <see cref="WithIdempotency{TBuilder}"/>; pass <see cref="OperationId"/>
/// into the grain so a retry after a silo died mid-command applies once there too.</summary>
public static class Idempotency
{
    public const string Header = NguonClient.IdempotencyKeyHeader;
    /// <summary>Set on a response that is a replay of the first answer to the key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const string OperationIdItem = "nguon.operation-id";

    /// <summary>Adds the idempotency filter: every non-GET request with an Idempotency-Key is answered once and
    /// replayed after. One line per endpoint group.</summary>
    public static TBuilder WithIdempotency<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, IdempotencyFilter>();

    /// <summary>Endpoint metadata: the answer holds a secret (an issued API key) that must never be stored, so the
    /// endpoint takes no part in idempotency (a retry makes a new answer; such writes are rare and reversible).</summary>
    public static readonly NotReplayableMetadata NotReplayable = new();

    public sealed class NotReplayableMetadata;

    /// <summary>The operation id of this request (derived from the caller's organisation and its idempotency
    /// key), or null when the request carries no key.</summary>
    public static string? OperationId(this HttpContext http) => http.Items[OperationIdItem] as string;

    internal static void SetOperationId(HttpContext http, string operationId) => http.Items[OperationIdItem] = operationId;

    /// <summary>Stable, opaque and the same on every silo: keys are scoped by organisation.</summary>
    internal static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts))))[..32];
}

/// <summary>Claims the key in its <see cref="IIdempotencyGrain"/>, runs the endpoint, records its answer
/// (status, content type, Location, body) and replays it for retries. A different request with the same key is
/// 422; the same request still running is 409 (retry later). Faults (5xx, exceptions, write conflicts) are not
/// recorded: nothing was acknowledged, so the retry runs again — safe because the grains dedupe by operation id.</summary>
public sealed class IdempotencyFilter(IGrainFactory grains, ILocalSiloDetails silo, TimeProvider clock) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.GetEndpoint()?.Metadata.GetMetadata<Idempotency.NotReplayableMetadata>() is not null
            || !http.Request.Headers.TryGetValue(Idempotency.Header, out var values))
            return await next(context);
        if (values.Count != 1 || !NguonClient.IsValidIdempotencyKey(values[0]!))
            return ApiResults.Problem(StatusCodes.Status400BadRequest,
                [new Violation("input.idempotency-key",
                    $"send one {Idempotency.Header} of 1–{NguonClient.MaxIdempotencyKeyLength} printable ASCII characters")]);

        var organisation = http.Actor().Organisation;
        var key = values[0]!;
        var operationId = Idempotency.Hash(organisation, key);
        var grain = grains.GetGrain<IIdempotencyGrain>($"{organisation}/{operationId}");
        var fingerprint = Fingerprint(context);
        var claim = await grain.Begin(fingerprint, silo.SiloAddress);
        switch (claim.State)
        {
            case IdempotencyState.Completed:
                return new ReplayResult(claim.Response!);
            case IdempotencyState.Mismatch:
                return ApiResults.Problem(StatusCodes.Status422UnprocessableEntity,
                    [new Violation("idempotency.key-reused",
                        $"this {Idempotency.Header} was used for a different request; use a new key for a new request")]);
            case IdempotencyState.InFlight:
                http.Response.Headers.RetryAfter = "1";
                return ApiResults.Problem(StatusCodes.Status409Conflict,
                    [new Violation("idempotency.in-flight",
                        $"a request with this {Idempotency.Header} is still being processed; retry shortly")]);
        }

        Idempotency.SetOperationId(http, operationId);
        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await grain.Abandon(fingerprint);
            throw;
        }
        if (result is not IResult answer)
        {
            await grain.Abandon(fingerprint);
            return result;
        }

        // Run the answer into a buffer to record exactly what the client is sent.
        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try { await answer.ExecuteAsync(http); }
        finally { http.Response.Body = body; }
        var status = http.Response.StatusCode;
        if (status >= 500) await grain.Abandon(fingerprint);
        else await grain.Complete(fingerprint, new RecordedResponse(status, http.Response.ContentType,
            http.Response.Headers.Location.FirstOrDefault(), buffer.ToArray(), clock.GetUtcNow()));
        buffer.Position = 0;
        await buffer.CopyToAsync(body, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>The route and the bound arguments (the body as the endpoint read it), so the same command sent
    /// with different whitespace is the same request.</summary>
    private static string Fingerprint(EndpointFilterInvocationContext context)
    {
        var http = context.HttpContext;
        var parts = new List<string> { http.Request.Method, http.Request.Path.Value ?? "", http.Request.QueryString.Value ?? "" };
        foreach (var argument in context.Arguments)
        {
            var type = argument?.GetType();
            if (type is null || argument is string || type.IsPrimitive || type.Namespace == typeof(Batch).Namespace)
                parts.Add(JsonSerializer.Serialize(argument, argument?.GetType() ?? typeof(object)));
        }
        return Idempotency.Hash([.. parts]);
    }

    private sealed class ReplayResult(RecordedResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = response.Status;
            http.Response.Headers[Idempotency.ReplayedHeader] = "true";
            if (response.ContentType is not null) http.Response.ContentType = response.ContentType;
            if (response.Location is not null) http.Response.Headers.Location = response.Location;
            await http.Response.Body.WriteAsync(response.Body, http.RequestAborted);
        }
    }
}
